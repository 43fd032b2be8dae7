import { aPod, snapshotOf } from '../../test/builders.js';
import { terminating } from '../../test/pod-builders.js';
import type { Pod } from '../model/pod.js';
import { podContainersNotReady } from './pod-containers-not-ready.js';

const run = (...pods: Pod[]) => podContainersNotReady.run(snapshotOf({ pods }));

describe('pod-containers-not-ready', () => {
  it('stays quiet on ready, Succeeded, Failed and Pending pods', () => {
    expect(
      run(
        aPod('web-1'),
        aPod('web-2', { containers: [{ name: 'app' }, { name: 'sidecar' }] }),
        aPod('job-1', { phase: 'Succeeded' }),
        aPod('job-2', { phase: 'Failed' }),
        aPod('new-1', { phase: 'Pending' }),
      ),
    ).toEqual([]);
  });

  it('reports a Running pod whose sidecar crashes although its phase is Running (issue #7181)', () => {
    const pod = aPod('virt-api-5d8f', {
      namespace: 'harvester-system',
      containers: [{ name: 'app' }, { name: 'sidecar', ready: false, waiting: 'CrashLoopBackOff', restartCount: 12 }],
    });
    expect(run(pod)).toEqual([
      {
        check: 'pod-containers-not-ready',
        severity: 'error',
        object: { kind: 'Pod', namespace: 'harvester-system', name: 'virt-api-5d8f' },
        message: 'containers not ready: sidecar (CrashLoopBackOff, 12 restarts)',
        remedy: expect.stringContaining(
          'kubectl -n harvester-system logs virt-api-5d8f -c sidecar --previous',
        ) as unknown,
      },
    ]);
  });

  it('lists every unready container with its terminated reason, exit code or readiness', () => {
    const pod = aPod('repro', {
      containers: [
        { name: 'busybox', ready: false, terminated: { reason: 'Error', exitCode: 1 }, restartCount: 1 },
        { name: 'nginx', ready: false },
      ],
    });
    expect(run(pod)).toEqual([
      expect.objectContaining({
        message:
          'containers not ready: busybox (Error, exit code 1, 1 restart), nginx (running, not ready, 0 restarts)',
      }),
    ]);
  });

  it('reports an unready container even when the Ready condition still says True', () => {
    const pod = aPod('racy', {
      containers: [{ name: 'app', ready: false }],
      conditions: [{ type: 'Ready', status: 'True' }],
    });
    expect(run(pod)).toEqual([
      expect.objectContaining({ message: 'containers not ready: app (running, not ready, 0 restarts)' }),
    ]);
  });

  it('includes the waiting message except for CrashLoopBackOff', () => {
    const pod = aPod('cfg', { containers: [{ name: 'app', ready: false, waiting: 'CreateContainerConfigError' }] });
    const base = pod.status?.containerStatuses?.[0];
    const withMessage: Pod = {
      ...pod,
      status: {
        ...pod.status,
        containerStatuses: [
          { ...base, state: { waiting: { reason: 'CreateContainerConfigError', message: 'secret "db" not found' } } },
        ],
      },
    };
    expect(run(withMessage)).toEqual([
      expect.objectContaining({
        message: 'containers not ready: app (CreateContainerConfigError: secret "db" not found, 0 restarts)',
        remedy:
          'Find why it is not ready and fix or restart its workload before upgrading: kubectl -n default describe pod cfg',
      }),
    ]);
  });

  it('reports a readiness gate that is not True', () => {
    const base = aPod('lb-1', { conditions: [{ type: 'Ready', status: 'False', reason: 'ReadinessGatesNotReady' }] });
    const pod: Pod = { ...base, spec: { ...base.spec, readinessGates: [{ conditionType: 'example.com/lb-ready' }] } };
    expect(run(pod)).toEqual([expect.objectContaining({ message: 'readiness gates not True: example.com/lb-ready' })]);
  });

  it('reports a running sidecar init container that is not ready, not completed init containers', () => {
    const base = aPod('meshed');
    const pod: Pod = {
      ...base,
      status: {
        ...base.status,
        initContainerStatuses: [
          { name: 'setup', ready: false, restartCount: 0, state: { terminated: { reason: 'Completed', exitCode: 0 } } },
          { name: 'proxy', ready: false, restartCount: 2, state: { running: {} } },
        ],
      },
    };
    expect(run(pod)).toEqual([
      expect.objectContaining({
        message: 'containers not ready: init container proxy (running, not ready, 2 restarts)',
      }),
    ]);
  });

  it('falls back to the Ready condition when no container explains it', () => {
    const pod = aPod('odd', {
      conditions: [{ type: 'Ready', status: 'False', reason: 'PodReadyUnknown', message: 'node is unreachable.' }],
    });
    expect(run(pod)).toEqual([
      expect.objectContaining({ message: 'condition Ready is False (PodReadyUnknown: node is unreachable)' }),
    ]);
  });

  it('reports a Running pod with no Ready condition', () => {
    expect(run(aPod('bare', { conditions: [] }))).toEqual([
      expect.objectContaining({ message: 'has no Ready condition' }),
    ]);
  });

  it('skips terminating pods, which lose readiness while they stop', () => {
    expect(run(terminating(aPod('going', { containers: [{ name: 'app', ready: false }] })))).toEqual([]);
  });

  it('never throws on a pod with no status', () => {
    const pod: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'empty', namespace: 'default' } };
    expect(run(pod)).toEqual([]);
  });
});
