import { nameOf, namespaceOf } from '../model/kube-object.js';
import { nodeReadyStatus } from '../model/node.js';
import type { DrainFilter } from './drain-types.js';
import { durationText, neverEvicted } from './drain-facts.js';
import { sh } from '../model/shell.js';

/** How long a pod may outlive its deletionTimestamp before it counts as stuck: the kubelet needs a moment to confirm. */
const SLACK_SECONDS = 30;

const secondsBetween = (from: string, to: string): number | undefined => {
  const start = Date.parse(from);
  const end = Date.parse(to);
  return Number.isNaN(start) || Number.isNaN(end) ? undefined : Math.floor((end - start) / 1000);
};

/**
 * kubectl's skipDeletedFilter skips a terminating pod only when SkipWaitForDeleteTimeoutSeconds is above 0 and the
 * pod's deletionTimestamp lies more than that many seconds in the past (k8s.io/kubectl pkg/drain/filters.go
 * shouldSkipPod). Rancher drains Harvester nodes with skipWaitForDeleteTimeoutSeconds 0 (its drain options, see
 * harvester/harvester#9062), kubectl's default too, so a terminating pod is never skipped: the drain evicts it again
 * (the eviction API deletes pods that have a deletionTimestamp without consulting budgets, canIgnorePDB in
 * kubernetes/kubernetes pkg/registry/core/pod/storage/eviction.go) and then waits until it is gone, up to its global
 * timeout (600 s in Rancher), and retries. The API server sets deletionTimestamp to the delete request plus the
 * grace period, so it is the time the pod should be gone by: a pod still there well after it is stuck (finalizers,
 * a volume that does not unmount, a kubelet that is down) and holds the drain. DaemonSet and mirror pods are left
 * out of the drain by later filters and are not waited for.
 */
export const podBeingDeleted: DrainFilter = (pod, { snapshot, node }) => {
  const deletion = pod.metadata?.deletionTimestamp;
  if (!deletion || neverEvicted(pod)) return [];
  const overdue = secondsBetween(deletion, snapshot.readAt);
  if (overdue === undefined || overdue <= SLACK_SECONDS) {
    return [
      {
        filter: 'pod-being-deleted',
        verdict: 'evict',
        message: `already terminating (to be gone by ${deletion}); the drain evicts it again, which deletes it without consulting budgets, and waits until it is gone`,
      },
    ];
  }
  const kubelet =
    nodeReadyStatus(node) === 'True' ? '' : `; node ${nameOf(node)} is not Ready, so no kubelet confirms the deletion`;
  const [namespace, name] = [namespaceOf(pod), nameOf(pod)];
  return [
    {
      filter: 'pod-being-deleted',
      verdict: 'block',
      message: `terminating, yet still here ${durationText(overdue)} after its grace period ended at ${deletion}; the drain waits for it until its timeout${kubelet}`,
      remedy: `Find what holds it: ${sh`kubectl describe -n ${namespace} pod ${name}`} and ${sh`kubectl get -n ${namespace} pod ${name} -o jsonpath='{.metadata.finalizers}'`} (finalizers, a volume that does not unmount, a kubelet that is down); as a last resort: ${sh`kubectl delete -n ${namespace} pod ${name} --grace-period=0 --force`}`,
    },
  ];
};
