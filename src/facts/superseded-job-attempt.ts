import { labelOf, nameOf, namespacedKey, namespaceOf } from '../model/kube-object.js';
import type { Node } from '../model/node.js';
import {
  controllerOf,
  jobConditionTrue,
  jobNameLabelOf,
  podPhase,
  SUC_NODE_LABEL,
  SUC_PLAN_LABEL,
  sucPlanHashLabel,
  type Job,
  type Pod,
} from '../model/pod.js';
import type { SucPlan } from '../model/rancher.js';
import { itemsOf, type ClusterSnapshot, perSnapshot } from '../model/snapshot.js';

/** Jobs, their Succeeded pods, nodes and SUC Plans indexed once per snapshot, so each pod costs a few lookups. */
export interface JobAttemptIndex {
  /** By `namespace/name`. */
  readonly jobByName: ReadonlyMap<string, Job>;
  /** Succeeded pods by `namespace/<job name>` (their job-name label, else their controller Job). */
  readonly succeededByJob: ReadonlyMap<string, readonly Pod[]>;
  readonly nodeByName: ReadonlyMap<string, Node>;
  /** By `namespace/name`. */
  readonly planByName: ReadonlyMap<string, SucPlan>;
}

/** The Job that controls the pod, as named by its controller ownerReference. */
const ownerJobName = (pod: Pod): string | undefined => {
  const owner = controllerOf(pod);
  return owner?.kind === 'Job' ? owner.name : undefined;
};

const jobNameOf = (pod: Pod): string | undefined => jobNameLabelOf(pod) ?? ownerJobName(pod);

export const jobAttemptIndex = perSnapshot((snapshot): JobAttemptIndex => {
  const succeededByJob = new Map<string, Pod[]>();
  for (const pod of itemsOf(snapshot, 'pods')) {
    if (pod.status?.phase !== 'Succeeded') continue;
    const jobName = jobNameOf(pod);
    if (!jobName) continue;
    const podKey = namespacedKey(namespaceOf(pod), jobName);
    const pods = succeededByJob.get(podKey) ?? [];
    pods.push(pod);
    succeededByJob.set(podKey, pods);
  }
  const index: JobAttemptIndex = {
    jobByName: new Map(itemsOf(snapshot, 'jobs').map((job) => [namespacedKey(namespaceOf(job), nameOf(job)), job])),
    succeededByJob,
    nodeByName: new Map(itemsOf(snapshot, 'nodes').map((node) => [nameOf(node), node])),
    planByName: new Map(
      itemsOf(snapshot, 'sucPlans').map((plan) => [namespacedKey(namespaceOf(plan), nameOf(plan)), plan]),
    ),
  };
  return index;
});

/** The pod's controller Job, unless a Job of the same name with another UID replaced it. */
export const ownerJob = (index: JobAttemptIndex, pod: Pod): Job | undefined => {
  const owner = controllerOf(pod);
  if (owner?.kind !== 'Job' || !owner.name) return undefined;
  const job = index.jobByName.get(namespacedKey(namespaceOf(pod), owner.name));
  const uid = job?.metadata?.uid;
  return job && (!owner.uid || !uid || owner.uid === uid) ? job : undefined;
};

/** A Succeeded pod of the same Job (same controller UID when both pods name one). */
const succeededSibling = (index: JobAttemptIndex, pod: Pod, jobName: string): Pod | undefined => {
  const ownerUid = controllerOf(pod)?.uid;
  return index.succeededByJob.get(namespacedKey(namespaceOf(pod), jobName))?.find((sibling) => {
    if (sibling === pod) return false;
    const siblingUid = controllerOf(sibling)?.uid;
    return !ownerUid || !siblingUid || siblingUid === ownerUid;
  });
};

/**
 * A SUC upgrade pod whose node already carries the Plan's latest hash: the node finished this Plan revision,
 * which the controller records only after a Job for it completed (pkg/upgrade/handle_batch.go). A failed Job still
 * counts as superseded when its pod ran an older revision of the Plan (the Plan changed and the node completed it).
 */
const nodeAtLatestPlanHash = (index: JobAttemptIndex, pod: Pod, jobFailed: boolean): string | undefined => {
  const planName = labelOf(pod, SUC_PLAN_LABEL);
  const nodeName = labelOf(pod, SUC_NODE_LABEL);
  if (!planName || !nodeName) return undefined;
  const latestHash = index.planByName.get(namespacedKey(namespaceOf(pod), planName))?.status?.latestHash;
  const node = index.nodeByName.get(nodeName);
  if (!latestHash || !node || labelOf(node, sucPlanHashLabel(planName)) !== latestHash) return undefined;
  const podHash = labelOf(pod, sucPlanHashLabel(planName));
  if (jobFailed && (podHash === undefined || podHash === latestHash)) return undefined;
  return `node ${nodeName} is at Plan ${planName}'s latest hash`;
};

/**
 * Why a Failed or Unknown pod is only a superseded attempt of a Job that later succeeded, or undefined when it is
 * not. A Job retries a failed pod with a new one (up to backoffLimit), and kubectl keeps listing the failed one.
 * The classic case is system-upgrade-controller's k3s/rke2 upgrade Job: the first pod replaces the binary and
 * SIGTERMs k3s/rke2, which kills the pod itself; the second pod finds the binary in place and exits 0
 * (rancher/system-upgrade-controller issue #275, k3s-io/k3s issue #11347). A Job with condition Failed=True
 * supersedes nothing: the upgrade step failed.
 */
export const supersededJobAttempt = (snapshot: ClusterSnapshot, pod: Pod): string | undefined => {
  const phase = podPhase(pod);
  if (phase !== 'Failed' && phase !== 'Unknown') return undefined;
  const jobName = ownerJobName(pod);
  if (!jobName) return undefined;
  const index = jobAttemptIndex(snapshot);
  const job = ownerJob(index, pod);
  const jobFailed = job !== undefined && jobConditionTrue(job, 'Failed');
  if (!jobFailed) {
    if (job && ((job.status?.succeeded ?? 0) >= 1 || jobConditionTrue(job, 'Complete'))) {
      return `Job ${jobName} completed`;
    }
    const sibling = succeededSibling(index, pod, jobNameLabelOf(pod) ?? jobName);
    if (sibling) return `pod ${nameOf(sibling)} of Job ${jobName} succeeded`;
  }
  return nodeAtLatestPlanHash(index, pod, jobFailed);
};
