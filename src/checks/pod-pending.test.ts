import { aPod, snapshotOf } from '../../test/builders.js';
import { terminating } from '../../test/pod-builders.js';
import type { Pod } from '../model/pod.js';
import { podPending } from './pod-pending.js';

const run = (...pods: Pod[]) => podPending.run(snapshotOf({ pods }));

describe('pod-pending', () => {
  it('stays quiet on Running, Succeeded and Failed pods', () => {
    expect(run(aPod('web-1'), aPod('job-1', { phase: 'Succeeded' }), aPod('job-2', { phase: 'Failed' }))).toEqual([]);
  });

  it('reports an unschedulable pod with the scheduler reason (the Pending virt-api of issue #7647)', () => {
    const pod = aPod('virt-api-7c9d', {
      namespace: 'harvester-system',
      phase: 'Pending',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          reason: 'Unschedulable',
          message:
            "0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) didn't match Pod's node affinity/selector.",
        },
      ],
    });
    expect(run(pod)).toEqual([
      {
        check: 'pod-pending',
        severity: 'error',
        object: { kind: 'Pod', namespace: 'harvester-system', name: 'virt-api-7c9d' },
        message:
          "pending, not scheduled (Unschedulable: 0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) didn't match Pod's node affinity/selector)",
        remedy: expect.stringContaining('kubectl -n harvester-system describe pod virt-api-7c9d') as unknown,
      },
    ]);
  });

  it('reports a pod the scheduler has not looked at yet', () => {
    expect(run(aPod('fresh', { phase: 'Pending', conditions: [] }))).toEqual([
      expect.objectContaining({ message: 'pending, not scheduled (no scheduling decision yet)' }),
    ]);
  });

  it('reports the waiting containers of a scheduled pod', () => {
    const pod = aPod('web-2', {
      phase: 'Pending',
      node: 'node-2',
      conditions: [{ type: 'PodScheduled', status: 'True' }],
      containers: [
        { name: 'app', ready: false, waiting: 'ImagePullBackOff' },
        { name: 'sidecar', ready: false, waiting: 'ContainerCreating' },
      ],
    });
    expect(run(pod)).toEqual([
      expect.objectContaining({
        message:
          'pending on node node-2, waiting: app (ImagePullBackOff, 0 restarts), sidecar (ContainerCreating, 0 restarts)',
        remedy: expect.stringContaining('image pulls, volume mounts or init containers') as unknown,
      }),
    ]);
  });

  it('names init containers that have not completed', () => {
    const base = aPod('db-0', {
      phase: 'Pending',
      node: 'node-1',
      containers: [{ name: 'db', ready: false, waiting: 'PodInitializing' }],
    });
    const pod: Pod = {
      ...base,
      status: {
        ...base.status,
        initContainerStatuses: [
          { name: 'chown', ready: false, restartCount: 0, state: { terminated: { reason: 'Completed', exitCode: 0 } } },
          { name: 'migrate', ready: false, restartCount: 4, state: { waiting: { reason: 'CrashLoopBackOff' } } },
        ],
      },
    };
    expect(run(pod)).toEqual([
      expect.objectContaining({
        message:
          'pending on node node-1, waiting: init container migrate (CrashLoopBackOff, 4 restarts), db (PodInitializing, 0 restarts)',
      }),
    ]);
  });

  it('says so when a scheduled pod reports no container status yet', () => {
    expect(run(aPod('quiet', { phase: 'Pending', node: 'node-3' }))).toEqual([
      expect.objectContaining({ message: 'pending on node node-3 (no container status yet)' }),
    ]);
  });

  it('skips terminating pods', () => {
    expect(run(terminating(aPod('going', { phase: 'Pending' })))).toEqual([]);
  });
});
