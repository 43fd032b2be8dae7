import type { Finding } from '../model/finding.js';
import { nameOf, namespaceOf, refOf } from '../model/kube-object.js';
import { controllerOf, type PodDisruptionBudget } from '../model/pod.js';
import { itemsOf, type ClusterSnapshot } from '../model/snapshot.js';
import type { Check } from './check.js';
import { sh } from '../model/shell.js';

/**
 * Longhorn gives each instance manager a PDB (minAvailable 1 over its single pod, so always 0 disruptions) and deletes
 * it itself once the node is cordoned and no volume depends on it (longhorn/longhorn-manager:
 * controller/instance_manager_controller.go). Its blocking is explained by the Longhorn checks, not here.
 */
export const isLonghornInstanceManagerPdb = (pdb: PodDisruptionBudget): boolean =>
  pdb.spec?.selector?.matchLabels?.['longhorn.io/component'] === 'instance-manager';

/**
 * virt-controller gives each VMI that needs eviction protection a PDB `kubevirt-disruption-budget-*` owned by the
 * VMI; it goes away when the VMI migrates off the node during Harvester's pre-drain, and deleting it is pointless
 * because virt-controller recreates it (kubevirt/kubevirt: pkg/virt-controller/watch/drain/disruptionbudget).
 */
export const isKubeVirtVmiPdb = (pdb: PodDisruptionBudget): boolean =>
  controllerOf(pdb)?.kind === 'VirtualMachineInstance' || nameOf(pdb).startsWith('kubevirt-disruption-budget-');

/**
 * appliesTo for the budget checks: a cluster of one node is upgraded by the `<upgrade>-single-node-upgrade-<node>`
 * Job, which shuts the VMs down and never drains the node, so no eviction meets a budget (harvester/harvester:
 * pkg/controller/master/upgrade/upgrade_controller.go).
 */
export const drainedClustersOnly = (snapshot: ClusterSnapshot): string | undefined => {
  const count = itemsOf(snapshot, 'nodes').length;
  return count > 1
    ? undefined
    : `applies to clusters of two or more nodes; this cluster has ${String(count)}, and a single-node upgrade drains nothing`;
};

const budgetText = (pdb: PodDisruptionBudget): string => {
  const { minAvailable, maxUnavailable } = pdb.spec ?? {};
  if (maxUnavailable !== undefined) return ` (maxUnavailable ${String(maxUnavailable)})`;
  if (minAvailable !== undefined) return ` (minAvailable ${String(minAvailable)})`;
  return '';
};

/**
 * With an unhealthyPodEvictionPolicy of AlwaysAllow, unready pods are evicted regardless of the budget; when none of
 * the covered pods is healthy nothing is protected (kubernetes/kubernetes: pkg/registry/core/pod/storage/eviction.go).
 */
const onlyUnhealthyAndAlwaysAllowed = (pdb: PodDisruptionBudget): boolean =>
  pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow' && (pdb.status?.currentHealthy ?? 0) === 0;

const blocks = (pdb: PodDisruptionBudget): boolean =>
  pdb.status?.disruptionsAllowed === 0 &&
  (pdb.status.expectedPods ?? 0) > 0 &&
  !isLonghornInstanceManagerPdb(pdb) &&
  !isKubeVirtVmiPdb(pdb) &&
  !onlyUnhealthyAndAlwaysAllowed(pdb);

/**
 * Every node is drained during the upgrade, and the eviction API answers 429 for a pod whose budget allows no
 * disruption ("Cannot evict pod as it would violate the pod's disruption budget"); Rancher's drain retries until
 * its timeout and the node stays in Pre-drained or Draining.
 */
/** The relaxation, through fix-pdb: it plans first, backs the budget up, and prints the command that restores it. */
export const relaxBudget = (ns: string, name: string): string =>
  `relax it for the upgrade with a backup: ${sh`kubectl harvester-upgrade fix-pdb -n ${ns} ${name}`} (shows the plan; add --yes to apply, then fix-pdb --restore puts the spec back)`;

export const pdbAllowsNoDisruptions: Check = {
  id: 'pdb-allows-no-disruptions',
  title: 'PodDisruptionBudgets allow a disruption',
  description:
    'A PodDisruptionBudget that allows 0 disruptions makes every eviction of its pods fail, so the drain of their node never finishes.',
  needs: ['podDisruptionBudgets', 'nodes'],
  appliesTo: drainedClustersOnly,
  run: (snapshot) =>
    itemsOf(snapshot, 'podDisruptionBudgets')
      .filter(blocks)
      .map((pdb): Finding => ({
        check: 'pdb-allows-no-disruptions',
        severity: 'error',
        object: refOf('PodDisruptionBudget', pdb),
        message: `allows 0 disruptions: needs ${String(pdb.status?.desiredHealthy ?? 0)} healthy, has ${String(pdb.status?.currentHealthy ?? 0)}${budgetText(pdb)}`,
        remedy: `Scale the workload up or make its unhealthy pods healthy; or ${relaxBudget(namespaceOf(pdb), nameOf(pdb))}`,
      })),
};
