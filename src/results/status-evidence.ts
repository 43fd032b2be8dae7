import { supersededJobAttempt } from '../facts/superseded-job-attempt.js';
import { UPGRADE_NAMESPACE } from '../facts/upgrade-repo.js';
import { conditionOf, labelOf, nameOf, namespaceOf } from '../model/kube-object.js';
import { logKey, type LogRequest, type PodLogs } from '../model/pod-log.js';
import {
  controllerOf,
  jobConditionTrue,
  jobNameLabelOf,
  SUC_PLAN_LABEL,
  type ContainerStatus,
  type Job,
  type Pod,
} from '../model/pod.js';
import { itemsOf, type ClusterSnapshot } from '../model/snapshot.js';
import type { JobEvidence, PodEvidence } from './status-types.js';

/** Harvester's labels on its upgrade Jobs (pkg/controller/master/upgrade/common.go, job_controller.go). */
export const UPGRADE_LABEL = 'harvesterhci.io/upgrade';
export const UPGRADE_COMPONENT_LABEL = 'harvesterhci.io/upgradeComponent';
export const UPGRADE_JOB_TYPE_LABEL = 'harvesterhci.io/upgradeJobType';
export const UPGRADE_NODE_LABEL = 'harvesterhci.io/node';
/** system-upgrade-controller runs the upgrade's Plans in cattle-system (upgrade_controller.go sucNamespace). */
export const SUC_NAMESPACE = 'cattle-system';

/** What a Job of the upgrade does: Harvester's job type, `apply-manifests`, or the SUC Plan's suffix. */
const stepOf = (job: Job, upgrade: string): string | undefined => {
  if (namespaceOf(job) === UPGRADE_NAMESPACE && labelOf(job, UPGRADE_LABEL) === upgrade) {
    if (labelOf(job, UPGRADE_COMPONENT_LABEL) === 'manifest') return 'apply-manifests';
    return labelOf(job, UPGRADE_JOB_TYPE_LABEL) ?? labelOf(job, UPGRADE_COMPONENT_LABEL) ?? 'job';
  }
  // The upgrade's SUC Plans are named <upgrade>-<purpose> (common.go preparePlan, cleanupPlan, …).
  const plan = labelOf(job, SUC_PLAN_LABEL);
  if (namespaceOf(job) !== SUC_NAMESPACE || !plan?.startsWith(`${upgrade}-`)) return undefined;
  const purpose = plan.slice(upgrade.length + 1);
  return purpose === 'prepare' ? 'preload' : purpose;
};

export const jobState = (job: Job): JobEvidence['state'] => {
  if (jobConditionTrue(job, 'Complete')) return 'complete';
  if (jobConditionTrue(job, 'Failed')) return 'failed';
  return (job.status?.active ?? 0) > 0 ? 'running' : 'pending';
};

const jobSince = (job: Job, state: JobEvidence['state']): string | undefined => {
  if (state === 'complete') return job.status?.completionTime ?? job.status?.startTime;
  if (state === 'failed') return conditionOf(job.status?.conditions, 'Failed')?.lastTransitionTime;
  return job.status?.startTime;
};

const podsOf = (snapshot: ClusterSnapshot, job: Job): Pod[] =>
  itemsOf(snapshot, 'pods')
    .filter((pod) => {
      if (namespaceOf(pod) !== namespaceOf(job)) return false;
      const owner = controllerOf(pod);
      return (owner?.kind === 'Job' ? owner.name : jobNameLabelOf(pod)) === nameOf(job);
    })
    .sort(
      (a, b) =>
        (a.status?.startTime ?? a.metadata?.creationTimestamp ?? '').localeCompare(
          b.status?.startTime ?? b.metadata?.creationTimestamp ?? '',
        ) || nameOf(a).localeCompare(nameOf(b)),
    );

const statuses = (pod: Pod): readonly ContainerStatus[] => pod.status?.containerStatuses ?? [];

const exitCodes = (pod: Pod): number[] =>
  statuses(pod).flatMap((status) =>
    [status.state?.terminated?.exitCode, status.lastState?.terminated?.exitCode].filter(
      (code): code is number => typeof code === 'number',
    ),
  );

const reasonOf = (pod: Pod): string | undefined => {
  for (const status of statuses(pod)) {
    const reason = status.state?.waiting?.reason ?? status.state?.terminated?.reason;
    if (reason) return `${status.name ?? 'container'}: ${reason}`;
  }
  return pod.status?.reason;
};

/** The container whose log tells the step: the Jobs run one (Harvester's `apply`, SUC's `upgrade`). */
const stepContainer = (pod: Pod): string | undefined => pod.spec?.containers?.[0]?.name;

/** The log `status` shows for a Job: its newest pod's step container, while the Job has not completed. */
export const jobLogRequest = (job: Job, pods: readonly Pod[]): LogRequest | undefined => {
  const pod = pods.at(-1);
  const container = pod ? stepContainer(pod) : undefined;
  if (!pod || !container || jobState(job) === 'complete') return undefined;
  return { namespace: namespaceOf(pod), pod: nameOf(pod), container, previous: false };
};

const podEvidence = (snapshot: ClusterSnapshot, pod: Pod, log: LogRequest | undefined, logs: PodLogs): PodEvidence => {
  const superseded = supersededJobAttempt(snapshot, pod);
  const reason = reasonOf(pod);
  const node = pod.spec?.nodeName;
  const wanted = log?.pod === nameOf(pod) ? log : undefined;
  const tail = wanted
    ? (logs.tails[logKey(wanted)] ?? { status: 'not-evaluated' as const, reason: logs.notRead ?? 'not read' })
    : undefined;
  return {
    name: nameOf(pod),
    phase: pod.status?.phase ?? 'Unknown',
    ...(node ? { node } : {}),
    restarts: statuses(pod).reduce((sum, status) => sum + (status.restartCount ?? 0), 0),
    exitCodes: exitCodes(pod),
    ...(reason ? { reason } : {}),
    ...(superseded ? { superseded } : {}),
    ...(wanted && tail ? { log: { container: wanted.container, previous: wanted.previous, ...tail } } : {}),
  };
};

/** The Jobs of the upgrade, Harvester's and system-upgrade-controller's, in the order they started. */
export const upgradeJobs = (snapshot: ClusterSnapshot, upgrade: string): { job: Job; step: string }[] =>
  itemsOf(snapshot, 'jobs')
    .flatMap((job) => {
      const step = stepOf(job, upgrade);
      return step === undefined ? [] : [{ job, step }];
    })
    .sort(
      (a, b) =>
        (a.job.status?.startTime ?? '').localeCompare(b.job.status?.startTime ?? '') ||
        nameOf(a.job).localeCompare(nameOf(b.job)),
    );

/** The logs `status` reads: one per upgrade Job that has not completed. */
export const statusLogRequests = (snapshot: ClusterSnapshot, upgrade: string): LogRequest[] =>
  upgradeJobs(snapshot, upgrade).flatMap(({ job }) => {
    const request = jobLogRequest(job, podsOf(snapshot, job));
    return request ? [request] : [];
  });

export const jobEvidence = (snapshot: ClusterSnapshot, upgrade: string, logs: PodLogs): JobEvidence[] =>
  upgradeJobs(snapshot, upgrade).map(({ job, step }): JobEvidence => {
    const pods = podsOf(snapshot, job);
    const state = jobState(job);
    const since = jobSince(job, state);
    const failed = conditionOf(job.status?.conditions, 'Failed');
    const message = state === 'failed' ? (failed?.message ?? failed?.reason) : undefined;
    const node = labelOf(job, UPGRADE_NODE_LABEL) ?? labelOf(job, 'upgrade.cattle.io/node');
    const log = jobLogRequest(job, pods);
    return {
      namespace: namespaceOf(job),
      name: nameOf(job),
      step,
      ...(node ? { node } : {}),
      state,
      ...(message ? { message } : {}),
      ...(since ? { since } : {}),
      pods: pods.map((pod) => podEvidence(snapshot, pod, log, logs)),
    };
  });
