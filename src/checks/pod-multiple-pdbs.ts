import type { Finding } from '../model/finding.js';
import { annotationOf, nameOf, namespaceOf, refOf } from '../model/kube-object.js';
import { selectorMatches } from '../model/label-selector.js';
import { controllerOf, isTerminating, type Pod, type PodDisruptionBudget } from '../model/pod.js';
import { itemsOf, type ClusterSnapshot } from '../model/snapshot.js';
import type { Check } from './check.js';
import { isKubeVirtVmiPdb, isLonghornInstanceManagerPdb } from './pdb-allows-no-disruptions.js';

/**
 * Pods whose eviction consults PDBs: the eviction API deletes Succeeded, Failed, Pending and terminating pods without
 * looking at budgets (canIgnorePDB, kubernetes/kubernetes: pkg/registry/core/pod/storage/eviction.go), and the drain
 * (Rancher's, with ignoreDaemonSets, like kubectl's) never evicts DaemonSet or mirror pods.
 */
const evictedThroughBudgets = (pod: Pod): boolean => {
  const phase = pod.status?.phase;
  return (
    phase !== 'Succeeded' &&
    phase !== 'Failed' &&
    phase !== 'Pending' &&
    !isTerminating(pod) &&
    controllerOf(pod)?.kind !== 'DaemonSet' &&
    annotationOf(pod, 'kubernetes.io/config.mirror') === undefined
  );
};

const byNamespace = (snapshot: ClusterSnapshot): Map<string, PodDisruptionBudget[]> => {
  const index = new Map<string, PodDisruptionBudget[]>();
  for (const pdb of itemsOf(snapshot, 'podDisruptionBudgets')) {
    const list = index.get(namespaceOf(pdb)) ?? [];
    list.push(pdb);
    index.set(namespaceOf(pdb), list);
  }
  return index;
};

const operatorManaged = (pdb: PodDisruptionBudget): boolean =>
  isKubeVirtVmiPdb(pdb) || isLonghornInstanceManagerPdb(pdb);

/**
 * The eviction API refuses a pod selected by more than one PodDisruptionBudget with HTTP 500 "This pod has more than
 * one PodDisruptionBudget, which the eviction subresource does not support." and the drain cannot evict it at all.
 * The classic Harvester case is a user PDB over virt-launcher pods next to KubeVirt's per-VMI budget.
 */
export const podMultiplePdbs: Check = {
  id: 'pod-multiple-pdbs',
  title: 'No pod has more than one PodDisruptionBudget',
  description:
    'Evicting a pod selected by two or more PodDisruptionBudgets fails with HTTP 500, so the drain of its node never finishes.',
  needs: ['pods', 'podDisruptionBudgets'],
  run: (snapshot) => {
    const pdbsByNamespace = byNamespace(snapshot);
    return itemsOf(snapshot, 'pods').flatMap((pod): Finding[] => {
      const candidates = pdbsByNamespace.get(namespaceOf(pod));
      if (!candidates || candidates.length < 2 || !evictedThroughBudgets(pod)) return [];
      const matching = candidates.filter((pdb) => selectorMatches(pdb.spec?.selector, pod.metadata?.labels));
      if (matching.length < 2) return [];
      const names = matching.map(nameOf);
      const changeable = matching.filter((pdb) => !operatorManaged(pdb)).map(nameOf);
      return [
        {
          check: 'pod-multiple-pdbs',
          severity: 'error',
          object: refOf('Pod', pod),
          message: `is selected by ${String(matching.length)} PodDisruptionBudgets (${names.join(', ')}), so its eviction fails with "This pod has more than one PodDisruptionBudget"`,
          remedy:
            `Leave one budget per pod: narrow the selector of or delete ${changeable.length > 0 ? changeable.join(', ') : 'all but one of them'}` +
            (changeable.length < names.length ? ' (the operator recreates its own budgets)' : '') +
            `; compare them with kubectl -n ${namespaceOf(pod)} get pdb ${names.join(' ')} -o yaml`,
        },
      ];
    });
  },
};
