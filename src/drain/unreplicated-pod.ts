import { nameOf, namespaceOf } from '../model/kube-object.js';
import { controllerOf } from '../model/pod.js';
import type { DrainFilter } from './drain-types.js';
import { isFinished, neverEvicted } from './drain-facts.js';
import { sh } from '../model/shell.js';

/**
 * A pod no controller owns is gone for good once evicted. kubectl's drain refuses it ("cannot delete Pods that
 * declare no controller") unless forced, and then evicts it with a warning; finished pods go either way
 * (k8s.io/kubectl pkg/drain/filters.go unreplicatedFilter). DaemonSet and mirror pods never reach this filter.
 */
export const unreplicatedPod: DrainFilter = (pod, { options }) => {
  if (controllerOf(pod) !== undefined || isFinished(pod) || neverEvicted(pod)) return [];
  if (options.force) {
    return [
      {
        filter: 'unreplicated-pod',
        verdict: 'evict',
        message: 'bare pod, deleted and not recreated: no controller owns it and the drain is forced',
      },
    ];
  }
  return [
    {
      filter: 'unreplicated-pod',
      verdict: 'block',
      message: 'bare pod: no controller owns it, so kubectl drain refuses it without --force',
      remedy: `Delete it if it is disposable (${sh`kubectl -n ${namespaceOf(pod)} delete pod ${nameOf(pod)}`}), or drain with --force as the Harvester upgrade drain does`,
    },
  ];
};
