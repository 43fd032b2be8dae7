import type { DrainFilter } from './drain-types.js';

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
