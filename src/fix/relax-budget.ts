import { nameOf, namespaceOf } from '../model/kube-object.js';
import type { Pod, PodDisruptionBudget } from '../model/pod.js';
import type { ClusterSnapshot } from '../model/snapshot.js';
import { backupCommand, budgetName, listedAtMost } from '../facts/drain-wording.js';
import { plural } from '../model/text.js';
import { isPodReady } from '../facts/eviction-semantics.js';
import { podsSelectedBy } from '../facts/drain-index.js';
import type { MergePatch } from './fix-types.js';
import { sh } from '../model/shell.js';
import { unhealthyPodEvictionPolicyOf } from '../facts/budget-relaxation.js';

/** How to loosen a user's budget so that the drain can evict its pods, or why no rule fits. */
export type Relaxation =
  | { readonly kind: 'patch'; readonly patch: MergePatch; readonly change: string; readonly reason: string }
  | { readonly kind: 'refuse'; readonly reason: string; readonly remedy: string };

const PERCENT = /^(\d+)%$/;

/** `0` or `"0%"`. */
const isZero = (value: number | string): boolean => value === 0 || value === '0%';

/** The percentage of `"25%"`, or undefined for anything else (an int-or-string field holds a number or a percentage). */
const percentOf = (value: number | string | undefined): number | undefined => {
  if (typeof value !== 'string') return undefined;
  const match = PERCENT.exec(value);
  return match?.[1] === undefined ? undefined : Number(match[1]);
};

const podsText = (pods: readonly Pod[]): string => listedAtMost(pods.map(nameOf));

/** The budget's spec and status as the relaxation rules read them; a status not written yet is counted from the pods. */
interface BudgetNumbers {
  readonly name: string;
  readonly spec: NonNullable<PodDisruptionBudget['spec']>;
  readonly current: number;
  readonly expected: number;
  readonly desired: number;
  readonly allowed: number;
  readonly policy: string;
  /** The `maxUnavailable` that allows exactly one more eviction: the unhealthy pods plus one. */
  readonly nextMax: number;
  readonly maxArithmetic: string;
  readonly allowance: string;
}

const budgetNumbers = (pdb: PodDisruptionBudget, snapshot: ClusterSnapshot): BudgetNumbers => {
  const status = pdb.status ?? {};
  const selected = podsSelectedBy(pdb, snapshot);
  const current = status.currentHealthy ?? selected.filter(isPodReady).length;
  const expected = status.expectedPods ?? selected.length;
  const desired = status.desiredHealthy ?? 0;
  const allowed = status.disruptionsAllowed ?? 0;
  const unhealthy = Math.max(0, expected - current);
  return {
    name: budgetName(pdb),
    spec: pdb.spec ?? {},
    current,
    expected,
    desired,
    allowed,
    policy: unhealthyPodEvictionPolicyOf(pdb),
    nextMax: unhealthy + 1,
    maxArithmetic:
      unhealthy > 0
        ? ` (${plural(unhealthy, 'pod')} of ${String(expected)} already unhealthy + 1)`
        : ` (all ${String(expected)} pods healthy: one at a time)`,
    allowance: `allows ${plural(allowed, 'disruption')} (${String(current)} healthy, ${String(desired)} needed)`,
  };
};

/** A status behind its spec (observedGeneration < generation): its numbers are stale. */
const staleStatus = (pdb: PodDisruptionBudget): Relaxation | undefined => {
  const generation = pdb.metadata?.generation;
  const observed = pdb.status?.observedGeneration;
  if (generation === undefined || observed === undefined || observed >= generation) return undefined;
  return {
    kind: 'refuse',
    reason: `its status is behind its spec (status.observedGeneration ${String(observed)} < metadata.generation ${String(generation)}): the disruption controller has not processed its last change, so its numbers cannot be trusted and the eviction API refuses under it until it does`,
    remedy: `wait a few seconds and plan again; if it stays behind, check kube-controller-manager (kubectl -n kube-system logs -l component=kube-controller-manager --tail=50)`,
  };
};

/** Rule 1: every held pod is not Ready. */
const letUnreadyPodsGo = (held: readonly Pod[], numbers: BudgetNumbers): Relaxation | undefined => {
  const { name, current, desired, policy } = numbers;
  if (held.length === 0 || !held.every((pod) => !isPodReady(pod)) || policy === 'AlwaysAllow') return undefined;
  return {
    kind: 'patch',
    patch: { spec: { unhealthyPodEvictionPolicy: 'AlwaysAllow' } },
    change: `spec.unhealthyPodEvictionPolicy: ${policy} → AlwaysAllow`,
    reason: `every pod it holds is not Ready (${podsText(held)}) and ${name} is short of healthy pods (${String(current)} of ${String(desired)}), so under ${policy} the eviction API refuses them; with AlwaysAllow it evicts not-Ready pods whatever the budget's health`,
  };
};

/** Rule 2: a `maxUnavailable` (number or percentage) below the unhealthy pods plus one is raised to it. */
const raiseMaxUnavailable = (maxUnavailable: number | string, numbers: BudgetNumbers): Relaxation | undefined => {
  const { name, expected, nextMax, maxArithmetic, allowance } = numbers;
  const percent = percentOf(maxUnavailable);
  const today =
    typeof maxUnavailable === 'number'
      ? maxUnavailable
      : percent === undefined
        ? undefined
        : Math.ceil((percent * expected) / 100);
  if (today === undefined || (!isZero(maxUnavailable) && today >= nextMax)) return undefined;
  return {
    kind: 'patch',
    patch: { spec: { maxUnavailable: nextMax } },
    change: `spec.maxUnavailable: ${String(maxUnavailable)} → ${String(nextMax)}${maxArithmetic}`,
    reason: isZero(maxUnavailable)
      ? `maxUnavailable ${String(maxUnavailable)} lets no pod go, so ${name} ${allowance}; maxUnavailable ${String(nextMax)} lets the drain evict one pod at a time`
      : `maxUnavailable ${String(maxUnavailable)} is used up by unhealthy pods, so ${name} ${allowance}; maxUnavailable ${String(nextMax)} leaves room for one eviction`,
  };
};

/** Rule 3: a number `minAvailable` is lowered to the healthy pods minus one. */
const lowerMinAvailable = (minAvailable: number, numbers: BudgetNumbers): Relaxation | undefined => {
  const { current, allowed } = numbers;
  const nextMin = Math.max(0, current - 1);
  if (nextMin >= minAvailable || current - nextMin < 1) return undefined;
  return {
    kind: 'patch',
    patch: { spec: { minAvailable: nextMin } },
    change: `spec.minAvailable: ${String(minAvailable)} → ${String(nextMin)} (currentHealthy ${String(current)} - 1)`,
    reason: `minAvailable ${String(minAvailable)} with ${String(current)} healthy allows ${plural(allowed, 'disruption')}; minAvailable ${String(nextMin)} allows ${String(current - nextMin)} (${String(current)} healthy - ${String(nextMin)} needed), so the drain can evict one pod at a time`,
  };
};

/** Rule 4: a percentage `minAvailable` is replaced by `maxUnavailable` as in rule 2 (null removes it). */
const replacePercentMinAvailable = (minAvailable: string | number, numbers: BudgetNumbers): Relaxation => {
  const { name, expected, desired, current, allowed, nextMax, maxArithmetic } = numbers;
  return {
    kind: 'patch',
    patch: { spec: { minAvailable: null, maxUnavailable: nextMax } },
    change: `spec.minAvailable: ${String(minAvailable)} → removed; spec.maxUnavailable: ${String(nextMax)}${maxArithmetic}`,
    reason: `minAvailable ${String(minAvailable)} of ${String(expected)} pods needs ${String(desired)} healthy and has ${String(current)}, so ${name} allows ${plural(allowed, 'disruption')}; maxUnavailable ${String(nextMax)} in its place lets the drain evict one pod at a time`,
  };
};

/** Rules 2 to 4, chosen by which field the spec sets: the first that applies decides, and may find nothing to do. */
const loosenSpec = (numbers: BudgetNumbers): Relaxation | undefined => {
  const { maxUnavailable, minAvailable } = numbers.spec;
  if (maxUnavailable !== undefined) return raiseMaxUnavailable(maxUnavailable, numbers);
  if (typeof minAvailable === 'number' && minAvailable >= 1) return lowerMinAvailable(minAvailable, numbers);
  if (percentOf(minAvailable) !== undefined && minAvailable !== undefined) {
    return replacePercentMinAvailable(minAvailable, numbers);
  }
  return undefined;
};

/** No rule fits: the budget is left to a hand edit after a backup. */
const noRuleFits = (pdb: PodDisruptionBudget, numbers: BudgetNumbers): Relaxation => {
  const { spec, current, expected } = numbers;
  const { maxUnavailable, minAvailable } = spec;
  const terms = [
    minAvailable === undefined ? undefined : `minAvailable ${String(minAvailable)}`,
    maxUnavailable === undefined ? undefined : `maxUnavailable ${String(maxUnavailable)}`,
    `${String(current)} healthy of ${String(expected)}`,
  ].filter((term) => term !== undefined);
  return {
    kind: 'refuse',
    reason: `no relaxation rule fits it (${terms.join(', ')}), so fix-pdb cannot tell how far to loosen it`,
    remedy: `back it up and edit it by hand: ${backupCommand(pdb)} && ${sh`kubectl -n ${namespaceOf(pdb)} edit pdb ${nameOf(pdb)}`}`,
  };
};

/**
 * The relaxation for a user's budget that holds `held` (pods the drain of a node wants to evict), in the order
 * harvester-domain §4.7 prefers them, each chosen so that the budget allows exactly one more eviction than now:
 * 1. every held pod is not Ready: `unhealthyPodEvictionPolicy: AlwaysAllow`, under which the eviction API lets
 *    not-Ready pods go whatever the budget's health (kubernetes/kubernetes: pkg/registry/core/pod/storage/eviction.go);
 * 2. `maxUnavailable` set: the disruption controller wants `expectedPods - maxUnavailable` healthy
 *    (pkg/controller/disruption/disruption.go), so the unhealthy pods plus one (`0` → `1` when all are healthy);
 * 3. a number `minAvailable`: the healthy pods minus one;
 * 4. a percentage `minAvailable`: replaced by `maxUnavailable` as in 2 (null removes it in a merge patch).
 * A budget whose status is behind its spec (observedGeneration < generation) is refused: the numbers are stale and
 * the eviction API refuses under it until the disruption controller catches up anyway.
 */
export const relaxBudget = (pdb: PodDisruptionBudget, held: readonly Pod[], snapshot: ClusterSnapshot): Relaxation => {
  const stale = staleStatus(pdb);
  if (stale) return stale;
  const numbers = budgetNumbers(pdb, snapshot);
  return letUnreadyPodsGo(held, numbers) ?? loosenSpec(numbers) ?? noRuleFits(pdb, numbers);
};
