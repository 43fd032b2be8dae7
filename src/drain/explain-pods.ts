import { nameOf, namespaceOf } from '../model/kube-object.js';
import type { Pod } from '../model/pod.js';
import { daemonsetPod } from './daemonset-pod.js';
import { podsOnNode } from '../facts/drain-index.js';
import type { DrainReason, PodVerdict, Verdict } from '../model/drain.js';
import type { DrainContext, DrainFilter } from './drain-types.js';
import { emptydirData } from './emptydir-data.js';
import { instanceManagerBudget } from './instance-manager-budget.js';
import { kubevirtPlacementTrap } from './kubevirt-placement-trap.js';
import { mirrorPod } from './mirror-pod.js';
import { nodeNotReadyFilter } from './node-not-ready.js';
import { pdbEviction } from './pdb-eviction.js';
import { podBeingDeleted } from './pod-being-deleted.js';
import { podUnderTwoBudgets } from './pod-under-two-budgets.js';
import { terminalPod } from './terminal-pod.js';
import { unreplicatedPod } from './unreplicated-pod.js';
import { virtLauncherEviction } from './virt-launcher-eviction.js';

/**
 * Every filter, in reading order: kubectl's own pod filters as its drain applies them (terminating, mirror,
 * DaemonSet, unreplicated, local storage), what the eviction API decides (finished pods, a node whose kubelet cannot
 * confirm an eviction, one budget, several
 * budgets), then the Harvester-specific reasons behind a budget or a refusal (KubeVirt's webhook, Longhorn's
 * instance-manager budgets, KubeVirt's infra placement).
 */
export const DRAIN_FILTERS: readonly DrainFilter[] = [
  podBeingDeleted,
  mirrorPod,
  daemonsetPod,
  unreplicatedPod,
  emptydirData,
  terminalPod,
  nodeNotReadyFilter,
  pdbEviction,
  podUnderTwoBudgets,
  virtLauncherEviction,
  instanceManagerBudget,
  kubevirtPlacementTrap,
];

const EVICTABLE: DrainReason = { filter: 'evictable', verdict: 'evict', message: 'no budget or filter holds it' };

const byNamespaceAndName = (a: Pod, b: Pod): number =>
  namespaceOf(a).localeCompare(namespaceOf(b)) || nameOf(a).localeCompare(nameOf(b));

const verdictOf = (reasons: readonly DrainReason[]): Verdict => {
  if (reasons.some((reason) => reason.verdict === 'block')) return 'block';
  if (reasons.some((reason) => reason.verdict === 'skip')) return 'skip';
  return 'evict';
};

/**
 * What the drain does with each pod bound to the node (spec.nodeName), sorted by namespace and name: every filter's
 * reasons, and the verdict they add up to: block when any reason blocks, else skip when any skips, else evict.
 */
export const explainPods = (context: DrainContext): PodVerdict[] =>
  [...podsOnNode(context.snapshot, nameOf(context.node))].sort(byNamespaceAndName).map((pod) => {
    const found = DRAIN_FILTERS.flatMap((filter) => filter(pod, context));
    const reasons = found.length > 0 ? found : [EVICTABLE];
    return { namespace: namespaceOf(pod), name: nameOf(pod), verdict: verdictOf(reasons), reasons };
  });
