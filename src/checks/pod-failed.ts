import { counted, type Finding } from '../model/finding.js';
import { conditionOf, labelOf, nameOf, namespaceOf, refOf } from '../model/kube-object.js';
import { controllerOf, jobConditionTrue, SUC_NODE_LABEL, SUC_PLAN_LABEL, type Job, type Pod } from '../model/pod.js';
import { itemsOf, type ClusterSnapshot } from '../model/snapshot.js';
import type { Check } from './check.js';
import { describeContainer, parenthesised, settledWithoutAction } from '../facts/pod-health.js';
import { jobAttemptIndex, ownerJob } from '../facts/superseded-job-attempt.js';
import { sh } from '../model/shell.js';

/** What ended the pod: its own reason (Evicted, Shutdown, NodeAffinity…), else its containers that did not exit 0. */
const failureText = (pod: Pod): string => {
  if (pod.status?.reason || pod.status?.message) return parenthesised(pod.status.reason, pod.status.message);
  const failed = [
    ...(pod.status?.initContainerStatuses ?? [])
      .filter((status) => status.state?.terminated && status.state.terminated.exitCode !== 0)
      .map((status) => describeContainer(status, true)),
    ...(pod.status?.containerStatuses ?? [])
      .filter((status) => status.state?.terminated?.exitCode !== 0)
      .map((status) => describeContainer(status)),
  ];
  return failed.length > 0 ? `: ${failed.join(', ')}` : '';
};

const findingFor = (pod: Pod, job: Job | undefined): Finding => {
  const namespace = namespaceOf(pod);
  const jobName = job ? nameOf(job) : controllerOf(pod)?.name;
  const base = { check: 'pod-failed', object: refOf('Pod', pod) } as const;
  const logs = sh`kubectl -n ${namespace} logs ${nameOf(pod)} --all-containers`;
  if (job && jobName && jobConditionTrue(job, 'Failed')) {
    const failed = conditionOf(job.status?.conditions, 'Failed');
    const jobFailed = `its Job ${jobName} is Failed${parenthesised(failed?.reason, failed?.message)}; this pod failed${failureText(pod)}`;
    const plan = labelOf(pod, SUC_PLAN_LABEL);
    const node = labelOf(pod, SUC_NODE_LABEL);
    if (plan && node) {
      return {
        ...base,
        severity: 'error',
        message: `the upgrade step of Plan ${plan} on node ${node} failed: ${jobFailed}`,
        remedy: `Read the attempt's log (${logs}) and the Plan's status (${sh`kubectl -n ${namespace} get plans.upgrade.cattle.io ${plan} -o yaml`}); fix the cause, then delete the Job so system-upgrade-controller retries it: ${sh`kubectl -n ${namespace} delete job ${jobName}`}`,
      };
    }
    return {
      ...base,
      severity: 'error',
      message: jobFailed,
      remedy: `Read the attempt's log (${logs}) and fix the cause; then remove the failed Job: ${sh`kubectl -n ${namespace} delete job ${jobName}`}`,
    };
  }
  if (job && (job.status?.active ?? 0) > 0 && !jobConditionTrue(job, 'Complete')) {
    return {
      ...base,
      severity: 'warning',
      message: `failed${failureText(pod)}; its Job ${jobName ?? ''} is still running another attempt`,
      remedy: `Wait for the Job to finish (${sh`kubectl -n ${namespace} get job ${jobName ?? ''}`}) and run the precheck again; read this attempt's log: ${logs}`,
    };
  }
  return {
    ...base,
    severity: 'warning',
    message: `failed${failureText(pod)}`,
    remedy: `Kubernetes keeps failed pods until there are more than 12500 terminated pods; once you know why it failed (${logs}), delete it: ${sh`kubectl -n ${namespace} delete pod ${nameOf(pod)}`}`,
  };
};

const ownerJobOf = (snapshot: ClusterSnapshot, pod: Pod): Job | undefined => ownerJob(jobAttemptIndex(snapshot), pod);

/**
 * Failed pods. The upgrade-helpers pre-check flags every one (Ready=False, reason PodFailed), including the first
 * attempt of each system-upgrade-controller Job, which by design dies when it restarts k3s/rke2, and Rancher's
 * `helm-operation-*` pods that kubectl prints as Completed (harvester/harvester issue #7717). Here a superseded Job
 * attempt and a completed Helm operation are not findings; a pod of a Job that failed (condition Failed=True) is an
 * error, because the step it ran did not happen; any other failed pod is a stale leftover (Evicted, Shutdown, a
 * crashed bare pod), a warning. The pod garbage collector deletes terminated pods only above
 * kube-controller-manager's --terminated-pod-gc-threshold (12500). Terminating pods are left out: they are going.
 */
export const podFailed: Check = {
  id: 'pod-failed',
  title: 'No failed pods',
  problem: (findings) => counted(findings, 'pod has failed', 'pods have failed'),
  description:
    'A pod of a failed Job means a step did not run (error); another failed pod is a stale leftover worth understanding and deleting (warning). Superseded Job attempts are not reported.',
  needs: ['pods', 'jobs', 'nodes'],
  optional: ['sucPlans'],
  run: (snapshot) =>
    itemsOf(snapshot, 'pods')
      .filter((pod) => pod.status?.phase === 'Failed' && !settledWithoutAction(snapshot, pod))
      .map((pod) => findingFor(pod, ownerJobOf(snapshot, pod))),
};
