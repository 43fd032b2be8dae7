import type { DrainFilter } from './drain-types.js';
import { daemonSetOf, isFinished } from './drain-facts.js';

/**
 * kubectl's drain never evicts a DaemonSet pod: the DaemonSet controller would put it straight back. With
 * ignoreDaemonSets it is skipped with a warning, without it the drain refuses to start; a finished one is deleted
 * like any other (k8s.io/kubectl pkg/drain/filters.go daemonSetFilter). kubectl also reads the DaemonSet and deletes
 * the pod of a DaemonSet that no longer exists when forced; the snapshot holds no DaemonSets, so the controller
 * ownerReference is taken as proof that the DaemonSet exists (an orphaned DaemonSet pod is rare and would be
 * deleted, not skipped, by Harvester's forced drain).
 */
export const daemonsetPod: DrainFilter = (pod, { options }) => {
  const daemonSet = daemonSetOf(pod);
  if (daemonSet === undefined || isFinished(pod)) return [];
  if (options.ignoreDaemonSets) {
    return [
      {
        filter: 'daemonset-pod',
        verdict: 'skip',
        message: `managed by DaemonSet ${daemonSet}: the drain leaves it (ignoreDaemonSets)`,
      },
    ];
  }
  return [
    {
      filter: 'daemonset-pod',
      verdict: 'block',
      message: `managed by DaemonSet ${daemonSet}: kubectl drain refuses DaemonSet-managed pods without --ignore-daemonsets`,
      remedy: 'Drain with --ignore-daemonsets, as the Harvester upgrade drain does',
    },
  ];
};
