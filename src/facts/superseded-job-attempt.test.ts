import { aJob, aNode, aPod, snapshotOf } from '../../test/builders.js';
import { aJobPod, aSucJob, aSucPlan, aSucPod, sucJobName } from '../../test/pod-builders.js';
import type { Job, Pod } from '../model/pod.js';
import { jobAttemptIndex, supersededJobAttempt } from './superseded-job-attempt.js';

const PLAN_LABEL = 'plan.upgrade.cattle.io/system-agent-upgrader';
const lostFirstAttempt = (options: { hash?: string } = {}): Pod =>
  aSucPod('apply-system-agent-upgrader-on-node-1-with-hash-2-x7k2p', {
    ...options,
    phase: 'Failed',
    containers: [{ name: 'upgrade', terminated: { reason: 'ContainerStatusUnknown', exitCode: 137 } }],
  });
const secondAttempt = aSucPod('apply-system-agent-upgrader-on-node-1-with-hash-2-q9d4m', {
  phase: 'Succeeded',
  containers: [{ name: 'upgrade', terminated: { reason: 'Completed', exitCode: 0 } }],
});

const snapshotWith = (pods: Pod[], jobs: Job[], nodeHash?: string) =>
  snapshotOf({
    pods,
    jobs,
    nodes: [aNode('node-1', nodeHash ? { labels: { [PLAN_LABEL]: nodeHash } } : {})],
    sucPlans: [aSucPlan('system-agent-upgrader', 'hash-2')],
  });

describe('supersededJobAttempt', () => {
  it('recognises the first SUC attempt that died when it restarted rke2 (Job Complete, second pod Completed)', () => {
    const pod = lostFirstAttempt();
    const snapshot = snapshotWith(
      [pod, secondAttempt],
      [aSucJob({ succeeded: 1, failed: 1, condition: 'Complete' })],
      'hash-2',
    );
    expect(supersededJobAttempt(snapshot, pod)).toBe(`Job ${sucJobName()} completed`);
  });

  it('takes a Job with succeeded >= 1 and no condition yet as completed', () => {
    const pod = aJobPod('seed-abc', 'seed', { phase: 'Failed' });
    expect(supersededJobAttempt(snapshotOf({ pods: [pod], jobs: [aJob('seed', { succeeded: 1 })] }), pod)).toBe(
      'Job seed completed',
    );
  });

  it('recognises a Succeeded sibling when the Job is not in the snapshot', () => {
    const pod = lostFirstAttempt();
    expect(supersededJobAttempt(snapshotWith([pod, secondAttempt], []), pod)).toBe(
      `pod apply-system-agent-upgrader-on-node-1-with-hash-2-q9d4m of Job ${sucJobName()} succeeded`,
    );
  });

  it('recognises a Succeeded sibling of a Job whose status has not caught up', () => {
    const pod = aJobPod('hvst-upgrade-apply-manifests-1', 'hvst-upgrade-apply-manifests', {
      namespace: 'harvester-system',
      phase: 'Failed',
    });
    const later = aJobPod('hvst-upgrade-apply-manifests-2', 'hvst-upgrade-apply-manifests', {
      namespace: 'harvester-system',
      phase: 'Succeeded',
    });
    const job = aJob('hvst-upgrade-apply-manifests', { namespace: 'harvester-system', failed: 1 });
    expect(supersededJobAttempt(snapshotOf({ pods: [pod, later], jobs: [job] }), pod)).toBe(
      'pod hvst-upgrade-apply-manifests-2 of Job hvst-upgrade-apply-manifests succeeded',
    );
  });

  it('recognises a SUC pod whose node already carries the Plan latest hash', () => {
    const pod = lostFirstAttempt();
    expect(supersededJobAttempt(snapshotWith([pod], [aSucJob({ active: 1, failed: 1 })], 'hash-2'), pod)).toBe(
      "node node-1 is at Plan system-agent-upgrader's latest hash",
    );
  });

  it('does not take a node at an older hash as done', () => {
    const pod = lostFirstAttempt();
    expect(supersededJobAttempt(snapshotWith([pod], [aSucJob({ active: 1 })], 'hash-1'), pod)).toBeUndefined();
  });

  it('does not use the node rule without the Plan (sucPlans not read)', () => {
    const pod = lostFirstAttempt();
    const snapshot = snapshotOf({
      pods: [pod],
      jobs: [aSucJob({ active: 1 })],
      nodes: [aNode('node-1', { labels: { [PLAN_LABEL]: 'hash-2' } })],
    });
    expect(supersededJobAttempt(snapshot, pod)).toBeUndefined();
  });

  it('never supersedes a pod of a Job that is Failed, even with a Succeeded sibling', () => {
    const pod = aJobPod('batch-1', 'batch', { phase: 'Failed' });
    const sibling = aJobPod('batch-2', 'batch', { phase: 'Succeeded' });
    const job = aJob('batch', { succeeded: 1, failed: 3, condition: 'Failed' });
    expect(supersededJobAttempt(snapshotOf({ pods: [pod, sibling], jobs: [job] }), pod)).toBeUndefined();
  });

  it('does not supersede a failed SUC Job for the latest hash even if the node label says done', () => {
    const pod = lostFirstAttempt();
    const job = aSucJob({ failed: 3, condition: 'Failed' });
    expect(supersededJobAttempt(snapshotWith([pod], [job], 'hash-2'), pod)).toBeUndefined();
  });

  it('supersedes a failed SUC Job of an older Plan revision once the node completed the latest one', () => {
    const pod = aSucPod('apply-system-agent-upgrader-on-node-1-with-hash-1-aaaaa', { hash: 'hash-1', phase: 'Failed' });
    const job = aSucJob({ hash: 'hash-1', failed: 3, condition: 'Failed' });
    expect(supersededJobAttempt(snapshotWith([pod], [job], 'hash-2'), pod)).toBe(
      "node node-1 is at Plan system-agent-upgrader's latest hash",
    );
  });

  it('treats a pod in phase Unknown like a failed one', () => {
    const pod = aSucPod('apply-x', { phase: 'Unknown' });
    expect(supersededJobAttempt(snapshotWith([pod, secondAttempt], [aSucJob({ succeeded: 1 })]), pod)).toBe(
      `Job ${sucJobName()} completed`,
    );
  });

  it.each(['Running', 'Pending', 'Succeeded'] as const)('answers nothing for a %s pod', (phase) => {
    const pod = aJobPod('seed-abc', 'seed', { phase });
    expect(
      supersededJobAttempt(snapshotOf({ pods: [pod], jobs: [aJob('seed', { succeeded: 1 })] }), pod),
    ).toBeUndefined();
  });

  it('answers nothing for a pod not controlled by a Job', () => {
    const pod = aPod('web-1', { phase: 'Failed', owner: { kind: 'ReplicaSet', name: 'web-7d9f' } });
    const labelled = aPod('web-2', { phase: 'Failed', labels: { 'job-name': 'seed' } });
    const snapshot = snapshotOf({
      pods: [pod, labelled, aJobPod('seed-ok', 'seed', { phase: 'Succeeded' })],
      jobs: [aJob('seed', { succeeded: 1 })],
    });
    expect(supersededJobAttempt(snapshot, pod)).toBeUndefined();
    expect(supersededJobAttempt(snapshot, labelled)).toBeUndefined();
  });

  it('ignores a Job of the same name with another UID, and a sibling of that other Job', () => {
    const pod = aJobPod('seed-old', 'seed', { phase: 'Failed' });
    const recreated: Job = {
      ...aJob('seed', { succeeded: 1 }),
      metadata: { name: 'seed', namespace: 'default', uid: 'new' },
    };
    const base = aJobPod('seed-new', 'seed', { phase: 'Succeeded' });
    const sibling: Pod = {
      ...base,
      metadata: {
        ...base.metadata,
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: 'seed', uid: 'new', controller: true }],
      },
    };
    expect(supersededJobAttempt(snapshotOf({ pods: [pod, sibling], jobs: [recreated] }), pod)).toBeUndefined();
  });

  it('does not look for siblings in other namespaces', () => {
    const pod = aJobPod('seed-1', 'seed', { phase: 'Failed' });
    const elsewhere = aJobPod('seed-2', 'seed', { phase: 'Succeeded', namespace: 'other' });
    expect(supersededJobAttempt(snapshotOf({ pods: [pod, elsewhere], jobs: [] }), pod)).toBeUndefined();
  });

  it('indexes each snapshot once', () => {
    const snapshot = snapshotWith([secondAttempt], []);
    expect(jobAttemptIndex(snapshot)).toBe(jobAttemptIndex(snapshot));
    expect(jobAttemptIndex(snapshotWith([secondAttempt], []))).not.toBe(jobAttemptIndex(snapshot));
  });

  it('answers for 10,000 pods without going quadratic', () => {
    const pods: Pod[] = [];
    const jobs: Job[] = [];
    for (let i = 0; i < 5000; i += 1) {
      const job = `job-${String(i)}`;
      jobs.push(aJob(job, { active: 1 }));
      pods.push(aJobPod(`${job}-a`, job, { phase: 'Failed' }), aJobPod(`${job}-b`, job, { phase: 'Succeeded' }));
    }
    const snapshot = snapshotOf({ pods, jobs, nodes: [] });
    const started = Date.now();
    const superseded = pods.filter((pod) => supersededJobAttempt(snapshot, pod) !== undefined);
    expect(superseded).toHaveLength(5000);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
