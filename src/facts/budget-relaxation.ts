import type { PodDisruptionBudget } from '../model/pod.js';
import { sh } from '../model/shell.js';

/**
 * How a PodDisruptionBudget can be loosened for the upgrade: the advice the precheck and explain-drain give for a
 * user's budget, and the reading of the spec that fix-pdb's relaxation starts from.
 */

/** The relaxation, through fix-pdb: it plans first, backs the budget up, and prints the command that restores it. */
export const relaxWithFixPdb = (ns: string, name: string): string =>
  `relax it for the upgrade with a backup: ${sh`kubectl harvester-upgrade fix-pdb -n ${ns} ${name}`} (shows the plan; add --yes to apply, then fix-pdb --restore puts the spec back)`;

/**
 * The policy the eviction API applies to pods that are not Ready; unset means IfHealthyBudget (k8s.io/api policy/v1
 * types.go UnhealthyPodEvictionPolicyType).
 */
export const unhealthyPodEvictionPolicyOf = (pdb: PodDisruptionBudget): string =>
  pdb.spec?.unhealthyPodEvictionPolicy ?? 'IfHealthyBudget';

/** `maxUnavailable 0` or `minAvailable 1` (maxUnavailable wins when both are set), or undefined when neither is. */
export const budgetSpecText = (pdb: PodDisruptionBudget): string | undefined => {
  const { minAvailable, maxUnavailable } = pdb.spec ?? {};
  if (maxUnavailable !== undefined) return `maxUnavailable ${String(maxUnavailable)}`;
  if (minAvailable !== undefined) return `minAvailable ${String(minAvailable)}`;
  return undefined;
};
