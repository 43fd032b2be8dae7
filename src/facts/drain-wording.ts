import { nameOf, namespaceOf, qualifiedName } from '../model/kube-object.js';
import type { PodDisruptionBudget } from '../model/pod.js';
import { sh } from '../model/shell.js';

/**
 * How the drain analysis and fix planning word what they find, the same way in both: explain-drain's reasons and
 * fix-pdb's plan name the same budgets, in the same lists.
 */

/** The text, or undefined when it is missing or empty (Go writes empty strings where it means "none"). */
export const nonEmpty = (text: string | undefined): string | undefined =>
  text === undefined || text === '' ? undefined : text;

/** `a, b, c, and 4 more`. */
export const listedAtMost = (items: readonly string[], limit = 8): string =>
  items.length <= limit
    ? items.join(', ')
    : `${items.slice(0, limit).join(', ')}, and ${String(items.length - limit)} more`;

export const budgetName = (pdb: PodDisruptionBudget): string => qualifiedName(pdb);

/** `kubectl -n ns get pdb x -o yaml > ns-x.yaml`: the backup to take before changing a budget. */
export const backupCommand = (pdb: PodDisruptionBudget): string =>
  sh`kubectl -n ${namespaceOf(pdb)} get pdb ${nameOf(pdb)} -o yaml > pdb-${namespaceOf(pdb)}-${nameOf(pdb)}.yaml`;
