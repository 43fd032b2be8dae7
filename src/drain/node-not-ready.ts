import { nameOf, namespaceOf } from '../model/kube-object.js';
import { nodeReadyStatus, type Node } from '../model/node.js';
import { sh } from '../model/shell.js';
import { isFinished, neverEvicted } from './drain-facts.js';
import type { DrainFilter } from './drain-types.js';

/**
 * The taint of Kubernetes' non-graceful node shutdown: on a node marked out of service, pods that do not tolerate
 * it are deleted and the pod garbage collector force-deletes them, without a kubelet (kubernetes/website
 * content/en/docs/concepts/cluster-administration/node-shutdown.md, "Non-graceful node shutdown").
 */
export const OUT_OF_SERVICE_TAINT = 'node.kubernetes.io/out-of-service';

const outOfService = (node: Node): boolean =>
  (node.spec?.taints ?? []).some((taint) => taint.key === OUT_OF_SERVICE_TAINT);

/** `Ready Unknown (NodeStatusUnknown: Kubelet stopped posting node status.)`, or undefined for a Ready node. */
export const nodeNotReady = (node: Node): string | undefined => {
  const status = nodeReadyStatus(node);
  if (status === 'True') return undefined;
  const ready = node.status?.conditions?.find((condition) => condition.type === 'Ready');
  const why = [ready?.reason, ready?.message].filter(Boolean).join(': ');
  const since = ready?.lastTransitionTime ? ` since ${ready.lastTransitionTime}` : '';
  return `Ready ${status}${since}${why ? ` (${why})` : ''}`;
};

/**
 * A pod on a node whose kubelet is gone cannot be evicted cleanly: the eviction API accepts it and sets the
 * deletionTimestamp, but only the kubelet confirms that the containers stopped and removes the pod, so it stays
 * Terminating and the drain waits until its timeout. Finished pods and pods that were never scheduled are deleted at
 * once without a kubelet (kubernetes/kubernetes pkg/registry/core/pod/strategy.go CheckGracefulDelete); DaemonSet
 * and mirror pods the drain leaves. The documented ways out, for a node known to be down: the out-of-service taint
 * (pods force-deleted, volumes detached; node-shutdown.md), or force-deleting the pods
 * (kubernetes/website content/en/docs/tasks/run-application/force-delete-stateful-set-pod.md). Harvester itself
 * force-deletes the virt-launcher pods of a node that stays NotReady past its `vm-force-reset-policy` period
 * (harvester/docs docs/advanced/settings.md, vm-force-reset-policy).
 */
export const nodeNotReadyFilter: DrainFilter = (pod, { node }) => {
  const notReady = nodeNotReady(node);
  if (!notReady || neverEvicted(pod) || isFinished(pod)) return [];
  const nodeName = nameOf(node);
  if (outOfService(node)) {
    return [
      {
        filter: 'node-not-ready',
        verdict: 'evict',
        message: `node ${nodeName} is not Ready (${notReady}) but carries the ${OUT_OF_SERVICE_TAINT} taint, so Kubernetes force-deletes the pod without its kubelet`,
      },
    ];
  }
  const [namespace, name] = [namespaceOf(pod), nameOf(pod)];
  return [
    {
      filter: 'node-not-ready',
      verdict: 'block',
      message: `node ${nodeName} is not Ready (${notReady}): the eviction is accepted, but no kubelet confirms that the pod stopped, so it stays Terminating and the drain waits until its timeout`,
      remedy:
        `Bring node ${nodeName} back so its kubelet finishes the evictions; if it is down for good (powered off, not restarting), ` +
        `mark it out of service, which force-deletes its pods and detaches their volumes: ` +
        `${sh`kubectl taint nodes ${nodeName} node.kubernetes.io/out-of-service=nodeshutdown:NoExecute`} ` +
        `(remove the taint once the node is back), or force-delete this pod: ${sh`kubectl -n ${namespace} delete pod ${name} --grace-period=0 --force`}. ` +
        `Never do either while the node may still run the pod: two copies would write to the same volume`,
    },
  ];
};
