import { isTerminating, type Pod } from '../model/pod.js';
import type { DrainFilter } from './drain-types.js';

/**
 * The eviction API deletes a pod without weighing any budget when it is Succeeded, Failed or Pending, or already has
 * a deletionTimestamp (kubernetes/kubernetes: pkg/registry/core/pod/storage/eviction.go canIgnorePDB). A pod
 * without a phase goes through its budgets like a Running one.
 */
export const evictionIgnoresBudgets = (pod: Pod): boolean => {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || isTerminating(pod);
};

/**
 * A finished pod holds nothing: kubectl's DaemonSet, local-storage and unreplicated filters let Succeeded and Failed
 * pods go (k8s.io/kubectl pkg/drain/filters.go), and the eviction API deletes them without consulting budgets.
 */
export const terminalPod: DrainFilter = (pod) => {
  const phase = pod.status?.phase;
  if (phase !== 'Succeeded' && phase !== 'Failed') return [];
  return [
    { filter: 'terminal-pod', verdict: 'evict', message: `finished (${phase}); deleted without consulting budgets` },
  ];
};
