import { counted, type Finding } from '../model/finding.js';
import { nameOf, namespaceOf, refOf } from '../model/kube-object.js';
import type { PodDisruptionBudget } from '../model/pod.js';
import { itemsOf } from '../model/snapshot.js';
import { budgetSpecText, relaxWithFixPdb } from '../facts/budget-relaxation.js';
import { drainedClustersOnly } from '../facts/drained-cluster.js';
import { budgetOperator, isKubeVirtVmiPdb, isLonghornInstanceManagerPdb } from '../facts/budget-owner.js';
import type { Check } from './check.js';
import { sh } from '../model/shell.js';

const budgetText = (pdb: PodDisruptionBudget): string => {
  const spec = budgetSpecText(pdb);
  return spec === undefined ? '' : ` (${spec})`;
};

/**
 * With an unhealthyPodEvictionPolicy of AlwaysAllow, unready pods are evicted regardless of the budget; when none of
 * the covered pods is healthy nothing is protected (kubernetes/kubernetes: pkg/registry/core/pod/storage/eviction.go).
 */
const onlyUnhealthyAndAlwaysAllowed = (pdb: PodDisruptionBudget): boolean =>
  pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow' && (pdb.status?.currentHealthy ?? 0) === 0;

/**
 * Instance-manager budgets (always at 0, removed by Longhorn once the node is cordoned) are the Longhorn checks'
 * business, and per-VMI budgets go away when the VMI migrates during Harvester's pre-drain.
 */
const blocks = (pdb: PodDisruptionBudget): boolean =>
  pdb.status?.disruptionsAllowed === 0 &&
  (pdb.status.expectedPods ?? 0) > 0 &&
  !isLonghornInstanceManagerPdb(pdb) &&
  !isKubeVirtVmiPdb(pdb) &&
  !onlyUnhealthyAndAlwaysAllowed(pdb);

/**
 * An operator's budget cannot be relaxed for long: its operator puts the spec back or recreates it
 * (facts/budget-owner.ts), so the advice is to let it allow a disruption by itself.
 */
const remedyFor = (pdb: PodDisruptionBudget): string => {
  const pods = `get the pods it selects Ready instead (${sh`kubectl -n ${namespaceOf(pdb)} describe pdb ${nameOf(pdb)}`} shows the selector)`;
  const operator = budgetOperator(pdb);
  switch (operator) {
    case 'virt-operator':
      return `virt-operator owns it, puts a changed spec back and recreates it when deleted, so ${pods}; for virt-api and virt-controller replicas Pending because no other control-plane node is schedulable see kubevirt-control-plane-placement`;
    case 'longhorn-manager':
    case 'virt-controller':
      return `${operator} owns it and recreates it when deleted, so ${pods}`;
    case undefined:
      return `Scale the workload up or make its unhealthy pods healthy; or ${relaxWithFixPdb(namespaceOf(pdb), nameOf(pdb))}`;
  }
};

/**
 * Every node is drained during the upgrade, and the eviction API answers 429 for a pod whose budget allows no
 * disruption ("Cannot evict pod as it would violate the pod's disruption budget"); Rancher's drain retries until
 * its timeout and the node stays in Pre-drained or Draining.
 */
export const pdbAllowsNoDisruptions: Check = {
  id: 'pdb-allows-no-disruptions',
  title: 'PodDisruptionBudgets allow a disruption',
  problem: (findings) =>
    counted(findings, 'PodDisruptionBudget allows no disruption', 'PodDisruptionBudgets allow no disruption'),
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
        remedy: remedyFor(pdb),
      })),
};
