import {
  HARVESTER_DRAIN_OPTIONS,
  type DrainExplanation,
  type DrainReason,
  type PodExplanation,
  type PodVerdict,
} from '../model/drain.js';
import type { Finding } from '../model/finding.js';
import { nameOf, namespacedKey, namespaceOf } from '../model/kube-object.js';
import type { Node } from '../model/node.js';
import type { Pod } from '../model/pod.js';
import { itemsOf, type ClusterSnapshot } from '../model/snapshot.js';
import { podsOnNode } from '../facts/drain-index.js';
import { getsReplacement } from './drain-facts.js';
import { explainPods } from './explain-pods.js';
import { pendingReplacements, replacementNodes } from './replacement-placement.js';
import { nodeNotReady } from './node-not-ready.js';
import { upgradeStage } from './upgrade-stage.js';

/** The explanation's type lives in src/model; commands still name it from here until they import it from there. */
export type { DrainExplanation } from '../model/drain.js';

/**
 * A single-node upgrade drains nothing: Harvester runs its single-node-upgrade Job instead of handing the node to
 * Rancher (harvester/harvester pkg/controller/master/upgrade/upgrade_controller.go, harvester-domain §3.6).
 */
const SINGLE_NODE: DrainReason = {
  filter: 'single-node-upgrade',
  verdict: 'skip',
  message: 'a single-node upgrade drains nothing: Harvester runs its single-node-upgrade Job instead',
};

/** Everything explain-drain says about one node, from one snapshot. */
export const explainDrain = (snapshot: ClusterSnapshot, node: Node, why: string): DrainExplanation => {
  const singleNode = itemsOf(snapshot, 'nodes').length <= 1;
  const verdicts = explainPods({ snapshot, node, options: HARVESTER_DRAIN_OPTIONS }).map((verdict): PodVerdict =>
    singleNode ? { ...verdict, verdict: 'skip', reasons: [SINGLE_NODE] } : verdict,
  );
  // Only this node's pods are explained; drain-index already holds them.
  const podsByKey = new Map(
    podsOnNode(snapshot, nameOf(node)).map((pod): [string, Pod] => [namespacedKey(namespaceOf(pod), nameOf(pod)), pod]),
  );
  const pods = verdicts.map((verdict): PodExplanation => {
    const pod = podsByKey.get(namespacedKey(verdict.namespace, verdict.name));
    const heldByBudget = verdict.reasons.some((reason) => reason.verdict === 'block' && reason.pdb !== undefined);
    // The placement trap already says replacements stay Pending; placement is only worth showing for pods that get one.
    const trapped = verdict.reasons.some((reason) => reason.filter === 'kubevirt-placement-trap');
    if (!pod || !heldByBudget || !getsReplacement(pod)) return verdict;
    return {
      ...verdict,
      replacements: {
        nodes: trapped ? [] : replacementNodes(pod, snapshot, nameOf(node)),
        pending: pendingReplacements(pod, snapshot),
      },
    };
  });
  // One finding per blocked pod, with every reason that blocks it. The filters run budget first, root cause after
  // (the VM, the Longhorn volume, KubeVirt's placement), so the last blocking reason names the check and its remedy
  // comes first.
  const findings = verdicts.flatMap((verdict): Finding[] => {
    const blocking = verdict.reasons.filter((reason) => reason.verdict === 'block');
    const cause = blocking.at(-1);
    if (!cause) return [];
    const remedies = [...new Set([...blocking].reverse().flatMap((reason) => (reason.remedy ? [reason.remedy] : [])))];
    return [
      {
        check: cause.filter,
        severity: 'error',
        object: { kind: 'Pod', namespace: verdict.namespace, name: verdict.name },
        message: blocking.map((reason) => reason.message).join('; '),
        ...(remedies.length > 0 ? { remedy: remedies.join(' Also: ') } : {}),
      },
    ];
  });
  const notReady = nodeNotReady(node);
  return {
    node: nameOf(node),
    why,
    upgrade: upgradeStage(snapshot, nameOf(node)),
    pods,
    ...(notReady ? { notReady } : {}),
    findings,
  };
};

/**
 * Filters whose block is the eviction API's own refusal (429 budget, 500 two budgets, KubeVirt's webhook); the
 * other blocks are the drain's (a terminating pod is deleted at once and then waited for).
 */
const REFUSED_BY_EVICTION_API = new Set(['pdb-eviction', 'pod-under-two-budgets', 'virt-launcher-eviction']);

/**
 * Whether a dry-run eviction's answer agrees with the prediction: a pod the eviction API itself holds must be
 * refused, any other pod allowed. Undefined when the answer says neither (the pod is gone, or the probe failed).
 */
export const probeAgrees = (
  pod: PodVerdict,
  outcome: 'allowed' | 'refused' | 'gone' | 'error',
): boolean | undefined => {
  if (outcome === 'gone' || outcome === 'error') return undefined;
  const refusalExpected = pod.reasons.some(
    (reason) => reason.verdict === 'block' && REFUSED_BY_EVICTION_API.has(reason.filter),
  );
  return refusalExpected === (outcome === 'refused');
};

/** What changed between two reads of one node, for `--watch`: one line per change. */
export const drainChanges = (before: DrainExplanation | undefined, after: DrainExplanation): string[] => {
  const changes: string[] = [];
  if (before?.upgrade.summary !== after.upgrade.summary) changes.push(`stage: ${after.upgrade.summary}`);
  const previous = new Map((before?.pods ?? []).map((pod) => [namespacedKey(pod.namespace, pod.name), pod]));
  for (const pod of after.pods) {
    const key = namespacedKey(pod.namespace, pod.name);
    const old = previous.get(key);
    previous.delete(key);
    const why = pod.reasons.find((reason) => reason.verdict === pod.verdict)?.message ?? '';
    if (!old) changes.push(`pod ${key}: ${pod.verdict} (${why})`);
    else if (old.verdict !== pod.verdict) changes.push(`pod ${key}: ${old.verdict} → ${pod.verdict} (${why})`);
  }
  for (const key of previous.keys()) changes.push(`pod ${key}: gone`);
  return changes;
};

/**
 * Drained: Rancher recorded drain-done (rke.cattle.io/drain-done equals drain-options), or only pods the drain leaves
 * (DaemonSet, mirror) and finished ones it just deletes remain.
 */
export const isDrained = (drain: DrainExplanation): boolean =>
  drain.upgrade.handshake.drainDone ||
  drain.pods.every(
    (pod) =>
      pod.verdict === 'skip' || (pod.verdict === 'evict' && pod.reasons.some((r) => r.filter === 'terminal-pod')),
  );
