import type { DrainFilter } from './drain-types.js';
import { isMirrorPod } from './drain-facts.js';

/**
 * A mirror pod is the API server's copy of a static pod the kubelet runs from a manifest on the node; deleting it
 * changes nothing, so kubectl's drain always skips it (k8s.io/kubectl pkg/drain/filters.go mirrorPodFilter).
 */
export const mirrorPod: DrainFilter = (pod) =>
  isMirrorPod(pod)
    ? [
        {
          filter: 'mirror-pod',
          verdict: 'skip',
          message: 'static pod: the kubelet owns it and runs it from a manifest on the node, so the drain leaves it',
        },
      ]
    : [];
