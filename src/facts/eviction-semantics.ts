import { conditionOf } from '../model/kube-object.js';
import { isTerminating, type Pod } from '../model/pod.js';

/**
 * How the eviction API and the disruption controller see a pod: what the drain filters (src/drain) and fix
 * planning (src/fix) both weigh.
 */

/**
 * The eviction API deletes a pod without weighing any budget when it is Succeeded, Failed or Pending, or already has
 * a deletionTimestamp (kubernetes/kubernetes: pkg/registry/core/pod/storage/eviction.go canIgnorePDB). A pod
 * without a phase goes through its budgets like a Running one.
 */
export const evictionIgnoresBudgets = (pod: Pod): boolean => {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || isTerminating(pod);
};

/** podutil.IsPodReady: condition Ready is True. */
export const isPodReady = (pod: Pod): boolean => conditionOf(pod.status?.conditions, 'Ready')?.status === 'True';
