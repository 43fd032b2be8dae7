import { nameOf, namespaceOf } from '../model/kube-object.js';
import type { Pod, PodDisruptionBudget } from '../model/pod.js';
import type { ClusterSnapshot } from '../model/snapshot.js';
import { backupCommand, budgetName, isPodReady, listed } from '../drain/drain-facts.js';
import { plural } from '../model/text.js';
import { podsSelectedBy } from '../drain/drain-index.js';
import type { MergePatch } from './fix-types.js';
import { sh } from '../model/shell.js';

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

const podsText = (pods: readonly Pod[]): string => listed(pods.map(nameOf));

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
  const name = budgetName(pdb);
  const spec = pdb.spec ?? {};
  const status = pdb.status ?? {};
  const selected = podsSelectedBy(pdb, snapshot);
  const current = status.currentHealthy ?? selected.filter(isPodReady).length;
  const expected = status.expectedPods ?? selected.length;
  const desired = status.desiredHealthy ?? 0;
  const allowed = status.disruptionsAllowed ?? 0;
  const policy = spec.unhealthyPodEvictionPolicy ?? 'IfHealthyBudget';
  const handEdit = `back it up and edit it by hand: ${backupCommand(pdb)} && ${sh`kubectl -n ${namespaceOf(pdb)} edit pdb ${nameOf(pdb)}`}`;

  const generation = pdb.metadata?.generation;
  const observed = status.observedGeneration;
  if (generation !== undefined && observed !== undefined && observed < generation) {
    return {
      kind: 'refuse',
      reason: `its status is behind its spec (status.observedGeneration ${String(observed)} < metadata.generation ${String(generation)}): the disruption controller has not processed its last change, so its numbers cannot be trusted and the eviction API refuses under it until it does`,
      remedy: `wait a few seconds and plan again; if it stays behind, check kube-controller-manager (kubectl -n kube-system logs -l component=kube-controller-manager --tail=50)`,
    };
  }

  if (held.length > 0 && held.every((pod) => !isPodReady(pod)) && policy !== 'AlwaysAllow') {
    return {
      kind: 'patch',
      patch: { spec: { unhealthyPodEvictionPolicy: 'AlwaysAllow' } },
      change: `spec.unhealthyPodEvictionPolicy: ${policy} → AlwaysAllow`,
      reason: `every pod it holds is not Ready (${podsText(held)}) and ${name} is short of healthy pods (${String(current)} of ${String(desired)}), so under ${policy} the eviction API refuses them; with AlwaysAllow it evicts not-Ready pods whatever the budget's health`,
    };
  }

  const unhealthy = Math.max(0, expected - current);
  const nextMax = unhealthy + 1;
  const maxArithmetic =
    unhealthy > 0
      ? ` (${plural(unhealthy, 'pod')} of ${String(expected)} already unhealthy + 1)`
      : ` (all ${String(expected)} pods healthy: one at a time)`;
  const allowance = `allows ${plural(allowed, 'disruption')} (${String(current)} healthy, ${String(desired)} needed)`;

  const { maxUnavailable, minAvailable } = spec;
  if (maxUnavailable !== undefined) {
    const percent = percentOf(maxUnavailable);
    const today =
      typeof maxUnavailable === 'number'
        ? maxUnavailable
        : percent === undefined
          ? undefined
          : Math.ceil((percent * expected) / 100);
    if (today !== undefined && (isZero(maxUnavailable) || today < nextMax)) {
      return {
        kind: 'patch',
        patch: { spec: { maxUnavailable: nextMax } },
        change: `spec.maxUnavailable: ${String(maxUnavailable)} → ${String(nextMax)}${maxArithmetic}`,
        reason: isZero(maxUnavailable)
          ? `maxUnavailable ${String(maxUnavailable)} lets no pod go, so ${name} ${allowance}; maxUnavailable ${String(nextMax)} lets the drain evict one pod at a time`
          : `maxUnavailable ${String(maxUnavailable)} is used up by unhealthy pods, so ${name} ${allowance}; maxUnavailable ${String(nextMax)} leaves room for one eviction`,
      };
    }
  } else if (typeof minAvailable === 'number' && minAvailable >= 1) {
    const nextMin = Math.max(0, current - 1);
    if (nextMin < minAvailable && current - nextMin >= 1) {
      return {
        kind: 'patch',
        patch: { spec: { minAvailable: nextMin } },
        change: `spec.minAvailable: ${String(minAvailable)} → ${String(nextMin)} (currentHealthy ${String(current)} - 1)`,
        reason: `minAvailable ${String(minAvailable)} with ${String(current)} healthy allows ${plural(allowed, 'disruption')}; minAvailable ${String(nextMin)} allows ${String(current - nextMin)} (${String(current)} healthy - ${String(nextMin)} needed), so the drain can evict one pod at a time`,
      };
    }
  } else if (percentOf(minAvailable) !== undefined && minAvailable !== undefined) {
    return {
      kind: 'patch',
      patch: { spec: { minAvailable: null, maxUnavailable: nextMax } },
      change: `spec.minAvailable: ${String(minAvailable)} → removed; spec.maxUnavailable: ${String(nextMax)}${maxArithmetic}`,
      reason: `minAvailable ${String(minAvailable)} of ${String(expected)} pods needs ${String(desired)} healthy and has ${String(current)}, so ${name} allows ${plural(allowed, 'disruption')}; maxUnavailable ${String(nextMax)} in its place lets the drain evict one pod at a time`,
    };
  }

  const terms = [
    minAvailable === undefined ? undefined : `minAvailable ${String(minAvailable)}`,
    maxUnavailable === undefined ? undefined : `maxUnavailable ${String(maxUnavailable)}`,
    `${String(current)} healthy of ${String(expected)}`,
  ].filter((term) => term !== undefined);
  return {
    kind: 'refuse',
    reason: `no relaxation rule fits it (${terms.join(', ')}), so fix-pdb cannot tell how far to loosen it`,
    remedy: handEdit,
  };
};
