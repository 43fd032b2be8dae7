import { counted, type Finding } from '../model/finding.js';
import { annotationOf, nameOf, namespaceOf, refOf } from '../model/kube-object.js';
import { selectorMatches } from '../model/label-selector.js';
import { controllerOf, isTerminating, type Pod, type PodDisruptionBudget } from '../model/pod.js';
import { itemsOf, type ClusterSnapshot } from '../model/snapshot.js';
import type { Check } from './check.js';
import { budgetOperator } from '../facts/budget-owner.js';
import { drainedClustersOnly } from '../facts/drained-cluster.js';
import { sh } from '../model/shell.js';

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

interface Indexed {
  readonly pdb: PodDisruptionBudget;
  /** Position in the input, so findings list the budgets in the order they were read. */
  readonly position: number;
}

/** A namespace's budgets: those a pod can only match through one of its labels, and those any pod may match. */
interface NamespaceBudgets {
  readonly byLabel: Map<string, Indexed[]>;
  readonly always: Indexed[];
}

const labelKey = (key: string, value: string): string => `${key}=${value}`;

/**
 * A budget with matchLabels selects only pods carrying every one of them, so it is filed under its first pair and a
 * pod meets it only when it has that label; budgets with an empty selector or only matchExpressions are compared
 * with every pod of the namespace, and those without a selector match nothing. This keeps a cluster of thousands
 * of VMs (each with its own `kubevirt-disruption-budget-*`) from comparing every pod with every budget.
 */
const indexBudgets = (snapshot: ClusterSnapshot): Map<string, NamespaceBudgets> => {
  const index = new Map<string, NamespaceBudgets>();
  itemsOf(snapshot, 'podDisruptionBudgets').forEach((pdb, position) => {
    const selector = pdb.spec?.selector;
    if (!selector) return;
    let budgets = index.get(namespaceOf(pdb));
    if (!budgets) {
      budgets = { byLabel: new Map(), always: [] };
      index.set(namespaceOf(pdb), budgets);
    }
    const [first] = Object.entries(selector.matchLabels ?? {});
    if (first === undefined) {
      budgets.always.push({ pdb, position });
      return;
    }
    const key = labelKey(...first);
    const filed = budgets.byLabel.get(key);
    if (filed) filed.push({ pdb, position });
    else budgets.byLabel.set(key, [{ pdb, position }]);
  });
  return index;
};

/** The budgets that may select the pod, in input order; each one once, since a budget is filed under one pair. */
const candidatesFor = (budgets: NamespaceBudgets, pod: Pod): PodDisruptionBudget[] => {
  const found = [...budgets.always];
  for (const [key, value] of Object.entries(pod.metadata?.labels ?? {})) {
    found.push(...(budgets.byLabel.get(labelKey(key, value)) ?? []));
  }
  return found.sort((a, b) => a.position - b.position).map((indexed) => indexed.pdb);
};

const operatorManaged = (pdb: PodDisruptionBudget): boolean => budgetOperator(pdb) !== undefined;

/**
 * The eviction API refuses a pod selected by more than one PodDisruptionBudget with HTTP 500 "This pod has more than
 * one PodDisruptionBudget, which the eviction subresource does not support." and the drain cannot evict it at all.
 * The classic Harvester case is a user PDB over virt-launcher pods next to KubeVirt's per-VMI budget.
 */
export const podMultiplePdbs: Check = {
  id: 'pod-multiple-pdbs',
  title: 'No pod has more than one PodDisruptionBudget',
  problem: (findings) =>
    counted(findings, 'pod has more than one PodDisruptionBudget', 'pods have more than one PodDisruptionBudget'),
  description:
    'Evicting a pod selected by two or more PodDisruptionBudgets fails with HTTP 500, so the drain of its node never finishes.',
  needs: ['pods', 'podDisruptionBudgets', 'nodes'],
  appliesTo: drainedClustersOnly,
  run: (snapshot) => {
    const budgetsByNamespace = indexBudgets(snapshot);
    return itemsOf(snapshot, 'pods').flatMap((pod): Finding[] => {
      const budgets = budgetsByNamespace.get(namespaceOf(pod));
      if (!budgets || !evictedThroughBudgets(pod)) return [];
      const candidates = candidatesFor(budgets, pod);
      if (candidates.length < 2) return [];
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
            `; compare them with ${sh`kubectl -n ${namespaceOf(pod)} get pdb ${names} -o yaml`}`,
        },
      ];
    });
  },
};
