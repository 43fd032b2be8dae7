import { aJob, aNode, aPod, snapshotOf } from '../../test/builders.js';
import { aJobPod, aSucJob, aSucPlan, aSucPod, sucJobName, terminating } from '../../test/pod-builders.js';
import type { Job, Pod } from '../model/pod.js';
import { podFailed } from './pod-failed.js';

const run = (pods: Pod[], jobs: Job[] = []) =>
  podFailed.run(
    snapshotOf({
      pods,
      jobs,
      nodes: [
        aNode('node-1', { labels: { 'plan.upgrade.cattle.io/system-agent-upgrader': 'hash-2' } }),
        aNode('node-2'),
      ],
      sucPlans: [aSucPlan('system-agent-upgrader', 'hash-2')],
    }),
  );

/** Rancher's helm-operation pod: `helm` plus the `proxy` sidecar (kubectl prints the first container's reason). */
const helmOperation = (name: string, helmExit: number, proxyExit: number): Pod =>
  aPod(name, {
    namespace: 'cattle-system',
    phase: helmExit === 0 && proxyExit === 0 ? 'Succeeded' : 'Failed',
    owner: { kind: 'ClusterRole', name: 'pod-impersonation-helm-op-x', apiVersion: 'rbac.authorization.k8s.io/v1' },
    containers: [
      {
        name: 'helm',
        ready: false,
        terminated: { reason: helmExit === 0 ? 'Completed' : 'Error', exitCode: helmExit },
      },
      {
        name: 'proxy',
        ready: false,
        terminated: { reason: proxyExit === 0 ? 'Completed' : 'Error', exitCode: proxyExit },
      },
    ],
  });

describe('pod-failed', () => {
  it('stays quiet on Running, Pending and Succeeded pods', () => {
    expect(run([aPod('web-1'), aPod('new', { phase: 'Pending' }), aPod('done', { phase: 'Succeeded' })])).toEqual([]);
  });

  it('does not flag the SUC first attempt that died when it SIGTERMed rke2 (second pod Completed, Job Complete)', () => {
    const first = aSucPod('apply-system-agent-upgrader-on-node-1-with-hash-2-x7k2p', {
      phase: 'Failed',
      containers: [{ name: 'upgrade', terminated: { reason: 'ContainerStatusUnknown', exitCode: 137 } }],
    });
    const second = aSucPod('apply-system-agent-upgrader-on-node-1-with-hash-2-q9d4m', {
      phase: 'Succeeded',
      containers: [{ name: 'upgrade', terminated: { reason: 'Completed', exitCode: 0 } }],
    });
    expect(run([first, second], [aSucJob({ succeeded: 1, failed: 1, condition: 'Complete' })])).toEqual([]);
  });

  it('does not flag a Failed helm-operation pod whose helm container completed, next to a later Succeeded one (#7717)', () => {
    expect(run([helmOperation('helm-operation-8hbq7', 0, 137), helmOperation('helm-operation-zx2lp', 0, 0)])).toEqual(
      [],
    );
  });

  it('warns about a helm-operation pod whose helm command failed, even if a later operation succeeded', () => {
    // Helm operation pods have no Job and no label tying a retry to the operation it repeats.
    expect(run([helmOperation('helm-operation-fail1', 1, 137), helmOperation('helm-operation-ok2', 0, 0)])).toEqual([
      expect.objectContaining({
        severity: 'warning',
        object: { kind: 'Pod', namespace: 'cattle-system', name: 'helm-operation-fail1' },
        message: 'failed: helm (Error, exit code 1, 0 restarts), proxy (Error, exit code 137, 0 restarts)',
      }),
    ]);
  });

  it('reports an error when the SUC upgrade Job failed, naming the plan and the node', () => {
    const job: Job = {
      ...aSucJob({ node: 'node-2', failed: 3 }),
      status: {
        failed: 3,
        conditions: [
          {
            type: 'Failed',
            status: 'True',
            reason: 'BackoffLimitExceeded',
            message: 'Job has reached the specified backoff limit',
          },
        ],
      },
    };
    const pod = aSucPod('apply-system-agent-upgrader-on-node-2-with-hash-2-c3', {
      node: 'node-2',
      phase: 'Failed',
      containers: [{ name: 'upgrade', terminated: { reason: 'Error', exitCode: 1 } }],
    });
    expect(run([pod], [job])[0]?.remedy).toContain(
      'kubectl -n cattle-system get plans.upgrade.cattle.io system-agent-upgrader -o yaml',
    );
    expect(run([pod], [job])).toEqual([
      {
        check: 'pod-failed',
        severity: 'error',
        object: {
          kind: 'Pod',
          namespace: 'cattle-system',
          name: 'apply-system-agent-upgrader-on-node-2-with-hash-2-c3',
        },
        message: `the upgrade step of Plan system-agent-upgrader on node node-2 failed: its Job ${sucJobName({ node: 'node-2' })} is Failed (BackoffLimitExceeded: Job has reached the specified backoff limit); this pod failed: upgrade (Error, exit code 1, 0 restarts)`,
        remedy: expect.stringContaining(
          `kubectl -n cattle-system delete job ${sucJobName({ node: 'node-2' })}`,
        ) as unknown,
      },
    ]);
  });

  it('reports an error for a pod of any other failed Job', () => {
    const pod = aJobPod('hvst-upgrade-abc-apply-manifests-x', 'hvst-upgrade-abc-apply-manifests', {
      namespace: 'harvester-system',
      phase: 'Failed',
      containers: [{ name: 'apply', terminated: { reason: 'Error', exitCode: 1 } }],
    });
    const job = aJob('hvst-upgrade-abc-apply-manifests', {
      namespace: 'harvester-system',
      failed: 3,
      condition: 'Failed',
    });
    expect(run([pod], [job])).toEqual([
      expect.objectContaining({
        severity: 'error',
        message:
          'its Job hvst-upgrade-abc-apply-manifests is Failed; this pod failed: apply (Error, exit code 1, 0 restarts)',
        remedy: expect.stringContaining(
          'kubectl -n harvester-system logs hvst-upgrade-abc-apply-manifests-x',
        ) as unknown,
      }),
    ]);
  });

  it('warns about a failed attempt of a Job that is still running', () => {
    const pod = aJobPod('seed-1', 'seed', {
      phase: 'Failed',
      containers: [{ name: 'main', terminated: { reason: 'OOMKilled', exitCode: 137 } }],
    });
    expect(run([pod], [aJob('seed', { active: 1, failed: 1 })])).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: 'failed: main (OOMKilled, exit code 137, 0 restarts); its Job seed is still running another attempt',
        remedy: expect.stringContaining('kubectl -n default get job seed') as unknown,
      }),
    ]);
  });

  it('warns about a stale Evicted pod with the kubelet reason and a delete command', () => {
    const base = aPod('prometheus-0', { namespace: 'cattle-monitoring-system', phase: 'Failed', reason: 'Evicted' });
    const pod: Pod = {
      ...base,
      status: { ...base.status, message: 'The node was low on resource: ephemeral-storage. ' },
    };
    expect(run([pod])).toEqual([
      {
        check: 'pod-failed',
        severity: 'warning',
        object: { kind: 'Pod', namespace: 'cattle-monitoring-system', name: 'prometheus-0' },
        message: 'failed (Evicted: The node was low on resource: ephemeral-storage)',
        remedy: expect.stringContaining('kubectl -n cattle-monitoring-system delete pod prometheus-0') as unknown,
      },
    ]);
  });

  it('warns about a Job pod whose Job is gone and has no successful sibling', () => {
    expect(
      run([
        aJobPod('orphan-1', 'orphan', {
          phase: 'Failed',
          containers: [{ name: 'main', terminated: { reason: 'Error', exitCode: 2 } }],
        }),
      ]),
    ).toEqual([
      expect.objectContaining({ severity: 'warning', message: 'failed: main (Error, exit code 2, 0 restarts)' }),
    ]);
  });

  it('says only "failed" when nothing explains it', () => {
    const base = aPod('mute', { phase: 'Failed' });
    expect(run([{ ...base, status: { phase: 'Failed' } }])).toEqual([expect.objectContaining({ message: 'failed' })]);
  });

  it('skips terminating pods', () => {
    expect(run([terminating(aPod('going', { phase: 'Failed', reason: 'Evicted' }))])).toEqual([]);
  });
});
