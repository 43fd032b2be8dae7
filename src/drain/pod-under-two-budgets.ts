import { nameOf, namespaceOf } from '../model/kube-object.js';
import type { PodDisruptionBudget } from '../model/pod.js';
import { budgetsSelecting } from '../facts/drain-index.js';
import type { DrainFilter } from './drain-types.js';
import { budgetOperator } from '../facts/budget-owner.js';
import { budgetName } from '../facts/drain-wording.js';
import { neverEvicted } from './drain-facts.js';
import { evictionIgnoresBudgets } from '../facts/eviction-semantics.js';
import { sh } from '../model/shell.js';

/**
 * The eviction API refuses a pod that more than one budget selects with HTTP 500 "This pod has more than one
 * PodDisruptionBudget, which the eviction subresource does not support." (kubernetes/kubernetes:
 * pkg/registry/core/pod/storage/eviction.go), which kubectl's drain does not retry: the pod cannot be evicted at
 * all. The classic Harvester case is a user budget over virt-launcher pods next to KubeVirt's per-VMI
 * `kubevirt-disruption-budget-*`, which virt-controller recreates, so the user's budget is the one to go.
 */
export const podUnderTwoBudgets: DrainFilter = (pod, { snapshot }) => {
  if (evictionIgnoresBudgets(pod) || neverEvicted(pod)) return [];
  const budgets = budgetsSelecting(pod, snapshot);
  if (budgets.length < 2) return [];
  const names = budgets.map(nameOf);
  const users = budgets.filter((pdb) => budgetOperator(pdb) === undefined);
  const operated = budgets.filter((pdb) => budgetOperator(pdb) !== undefined);
  const removal = (pdb: PodDisruptionBudget): string =>
    sh`kubectl harvester-upgrade fix-pdb -n ${namespaceOf(pdb)} ${nameOf(pdb)} --yes`;
  let remedy: string;
  if (operated.length === 0) {
    remedy = `Leave one budget per pod: narrow the selector of, or delete, all but one of ${names.join(', ')} (back them up first: ${sh`kubectl -n ${namespaceOf(pod)} get pdb ${names} -o yaml > pdb-${namespaceOf(pod)}-backup.yaml`})`;
  } else {
    const operators = [...new Set(operated.map(budgetOperator))].join(' and ');
    const keep = `never delete ${operated.map(nameOf).join(' or ')}: ${operators} recreates it`;
    remedy =
      users.length > 0
        ? `Remove the user budget that duplicates it, with a backup that fix-pdb --restore puts back: ${users.map(removal).join('; ')}; ${keep}`
        : `These budgets are all operator-managed (${names.join(', ')}); ${keep}, and find why both select the pod`;
  }
  const [first] = users.length > 0 ? users : budgets;
  return [
    {
      filter: 'pod-under-two-budgets',
      verdict: 'block',
      message: `the eviction API answers 500: pods under ${String(budgets.length)} budgets (${names.join(', ')}) cannot be evicted`,
      ...(first ? { pdb: budgetName(first) } : {}),
      remedy,
    },
  ];
};
