import type { DrainFilter } from './drain-types.js';
import { listedAtMost } from '../facts/drain-wording.js';
import { isFinished, neverEvicted } from './drain-facts.js';

/**
 * emptyDir volumes live on the node and die with the pod. kubectl's drain refuses such pods ("Pods with local
 * storage") unless deleteEmptyDirData is set, and then evicts them with a warning; finished pods go either way
 * (k8s.io/kubectl pkg/drain/filters.go localStorageFilter). DaemonSet and mirror pods never reach this filter.
 */
export const emptydirData: DrainFilter = (pod, { options }) => {
  const volumes = (pod.spec?.volumes ?? []).filter((volume) => volume.emptyDir).map((volume) => volume.name ?? '?');
  if (volumes.length === 0 || isFinished(pod) || neverEvicted(pod)) return [];
  const names = `${volumes.length === 1 ? 'volume' : 'volumes'} ${listedAtMost(volumes)}`;
  if (options.deleteEmptyDirData) {
    return [{ filter: 'emptydir-data', verdict: 'evict', message: `emptyDir data of ${names} is lost` }];
  }
  return [
    {
      filter: 'emptydir-data',
      verdict: 'block',
      message: `emptyDir data of ${names} would be lost, so kubectl drain refuses the pod without --delete-emptydir-data`,
      remedy: 'Drain with --delete-emptydir-data once that data may go, as the Harvester upgrade drain does',
    },
  ];
};
