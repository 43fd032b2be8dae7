import { relaxWithFixPdb } from '../facts/budget-relaxation.js';
import { nameOf, namespaceOf } from '../model/kube-object.js';
import { controllerOf, type Pod, type PodDisruptionBudget } from '../model/pod.js';
import type { ClusterSnapshot } from '../model/snapshot.js';
import { budgetsSelecting, podsSelectedBy } from '../facts/drain-index.js';
import type { DrainReason } from '../model/drain.js';
import type { DrainFilter } from './drain-types.js';
import { budgetOperator, isLonghornInstanceManagerPdb } from '../facts/budget-owner.js';
import { budgetName, listedAtMost } from '../facts/drain-wording.js';
import { plural } from '../model/text.js';
import { isPodReady } from '../facts/eviction-semantics.js';
import { neverEvicted, podPlace } from './drain-facts.js';
import { evictionIgnoresBudgets } from '../facts/eviction-semantics.js';
import { sh } from '../model/shell.js';

const FILTER = 'pdb-eviction';

/** `minAvailable 1`, `maxUnavailable 0`, or nothing when the budget sets neither. */
const budgetSpec = (pdb: PodDisruptionBudget): string | undefined => {
  const { minAvailable, maxUnavailable } = pdb.spec ?? {};
  if (maxUnavailable !== undefined) return `maxUnavailable ${String(maxUnavailable)}`;
  if (minAvailable !== undefined) return `minAvailable ${String(minAvailable)}`;
  return undefined;
};

/** The policy the eviction API applies; unset means IfHealthyBudget (k8s.io/api policy/v1 types.go). */
const unhealthyPolicy = (pdb: PodDisruptionBudget): string => pdb.spec?.unhealthyPodEvictionPolicy ?? 'IfHealthyBudget';

const selectorText = (pdb: PodDisruptionBudget): string =>
  Object.entries(pdb.spec?.selector?.matchLabels ?? {})
    .map(([label, value]) => `${label}=${value}`)
    .join(',');

const othersText = (pod: Pod, pdb: PodDisruptionBudget, snapshot: ClusterSnapshot): string => {
  const others = podsSelectedBy(pdb, snapshot)
    .filter((other) => nameOf(other) !== nameOf(pod))
    .sort((a, b) => nameOf(a).localeCompare(nameOf(b)))
    .map(podPlace);
  return others.length > 0 ? `its other pods: ${listedAtMost(others)}` : 'it selects no other pod';
};

const remedyFor = (pdb: PodDisruptionBudget): string => {
  const name = budgetName(pdb);
  switch (budgetOperator(pdb)) {
    case 'virt-operator':
      return `virt-operator owns ${name} and recreates it when deleted, so get its other pods Ready instead (${sh`kubectl -n ${namespaceOf(pdb)} get pods -l ${selectorText(pdb)} -o wide`}); for virt-api and virt-controller held to a single control-plane node see the kubevirt-placement-trap reason`;
    case 'longhorn-manager':
      return isLonghornInstanceManagerPdb(pdb)
        ? `longhorn-manager owns ${name}, recreates it when deleted and removes it itself once the node is cordoned and no volume depends on this node; see the instance-manager-budget reason for what it waits for`
        : `longhorn-manager owns ${name} and recreates it when deleted while a volume is attached, so get its other pods Ready instead (${sh`kubectl -n ${namespaceOf(pdb)} get pods -l ${selectorText(pdb)} -o wide`})`;
    case 'virt-controller': {
      const vmi = controllerOf(pdb)?.name;
      return `virt-controller owns ${name}${vmi ? ` through VMI ${vmi}` : ''} and recreates it while the VM needs eviction protection; do not delete it: it lets go once the VM has migrated off the node or is stopped (see the virt-launcher-eviction reason)`;
    }
    case undefined:
      return `Scale the workload up or get its other pods Ready; or ${relaxWithFixPdb(namespaceOf(pdb), nameOf(pdb))}`;
  }
};

/**
 * The disruption controller in kube-controller-manager (kubernetes/kubernetes pkg/controller/disruption) writes
 * observedGeneration with the status it computes; RKE2 runs kube-controller-manager as a static pod labelled
 * `component=kube-controller-manager` in kube-system on each control-plane node (rancher/rke2: pkg/staticpod/staticpod.go).
 */
const staleRemedy = (pdb: PodDisruptionBudget): string =>
  `Wait a few seconds and read the budget again (${sh`kubectl -n ${namespaceOf(pdb)} get pdb ${nameOf(pdb)} -o jsonpath='{.metadata.generation} {.status.observedGeneration}'`}); if observedGeneration stays behind, the disruption controller is not running: check kube-controller-manager (kubectl -n kube-system logs -l component=kube-controller-manager --tail=50)`;

/**
 * The eviction API weighs the one budget that selects a pod (kubernetes/kubernetes:
 * pkg/registry/core/pod/storage/eviction.go, Create): a pod that is not Ready goes without touching the budget
 * when the policy is AlwaysAllow, or when the budget is currently healthy (currentHealthy >= desiredHealthy and
 * desiredHealthy > 0, the IfHealthyBudget rule); otherwise checkAndDecrement answers 429 "Cannot evict pod as it would
 * violate the pod's disruption budget": first, whatever disruptionsAllowed says, while the budget's
 * status.observedGeneration is behind metadata.generation ("The disruption budget … is still being processed by the
 * server"), then while disruptionsAllowed is 0 (a negative value is refused with 403), and kubectl's drain retries
 * every 5 s until its timeout. Pods whose eviction ignores budgets (finished, Pending,
 * terminating), pods the drain never evicts (DaemonSet, mirror) and pods under several budgets (the next filter)
 * are not this filter's business.
 */
export const pdbEviction: DrainFilter = (pod, { snapshot }) => {
  if (evictionIgnoresBudgets(pod) || neverEvicted(pod)) return [];
  const budgets = budgetsSelecting(pod, snapshot);
  const [pdb] = budgets;
  if (budgets.length !== 1 || !pdb) return [];
  const name = budgetName(pdb);
  const status = pdb.status ?? {};
  const allowed = status.disruptionsAllowed ?? 0;
  const current = status.currentHealthy ?? 0;
  const desired = status.desiredHealthy ?? 0;
  const policy = unhealthyPolicy(pdb);
  const reason = (verdict: DrainReason['verdict'], message: string, remedy?: string): DrainReason[] => [
    { filter: FILTER, verdict, message, pdb: name, ...(remedy ? { remedy } : {}) },
  ];

  if (!isPodReady(pod)) {
    if (policy === 'AlwaysAllow') {
      return reason(
        'evict',
        `not Ready, and budget ${name} lets unready pods go (unhealthyPodEvictionPolicy AlwaysAllow)`,
      );
    }
    if (current >= desired && desired > 0) {
      return reason(
        'evict',
        `not Ready, and budget ${name} is healthy (${String(current)} healthy, ${String(desired)} needed), so the eviction API lets an unready pod go`,
      );
    }
  }
  const generation = pdb.metadata?.generation;
  const observed = status.observedGeneration;
  if (generation !== undefined && observed !== undefined && observed < generation) {
    return reason(
      'block',
      `PodDisruptionBudget ${name} is still being processed by the server (status.observedGeneration ${String(observed)} < metadata.generation ${String(generation)}): the disruption controller has not caught up with its last change, and the eviction API refuses evictions under it until it does`,
      staleRemedy(pdb),
    );
  }
  if (allowed > 0) return reason('evict', `budget ${name} allows ${plural(allowed, 'more disruption')}`);

  const terms = [`disruptionsAllowed ${String(allowed)}`, budgetSpec(pdb), `unhealthyPodEvictionPolicy ${policy}`]
    .filter((term) => term !== undefined)
    .join(', ');
  return reason(
    'block',
    `PodDisruptionBudget ${name} needs ${String(desired)} healthy and has ${String(current)} (${terms}); ${othersText(pod, pdb, snapshot)}`,
    remedyFor(pdb),
  );
};
