import { aNode, snapshotOf } from '../../test/builders.js';
import { aDaemonSetPod, aMirrorPod, aReplicaPod, deletedAt, drainOf } from '../../test/drain-builders.js';
import type { Pod } from '../model/pod.js';
import { podBeingDeleted } from './pod-being-deleted.js';

// snapshotOf reads the cluster at 2026-11-22T00:00:00Z.
const explain = (pod: Pod, ready: 'True' | 'False' = 'True') =>
  podBeingDeleted(pod, drainOf(snapshotOf({ nodes: [aNode('node-1', { ready }), aNode('node-2')], pods: [pod] })));

describe('pod-being-deleted', () => {
  it('stays quiet for a pod nobody deletes', () => {
    expect(explain(aReplicaPod('web-1'))).toEqual([]);
  });

  it('lets a pod still within its grace period go: the drain deletes it again and waits', () => {
    expect(explain(deletedAt(aReplicaPod('web-1'), '2026-11-22T00:00:25Z'))).toEqual([
      {
        filter: 'pod-being-deleted',
        verdict: 'evict',
        message:
          'already terminating (to be gone by 2026-11-22T00:00:25Z); the drain evicts it again, which deletes it without consulting budgets, and waits until it is gone',
      },
    ]);
  });

  it('gives the kubelet a moment past the deadline', () => {
    expect(explain(deletedAt(aReplicaPod('web-1'), '2026-11-21T23:59:40Z'))).toEqual([
      expect.objectContaining({ verdict: 'evict' }),
    ]);
  });

  it('blocks on a pod stuck terminating long after its grace period: the drain waits for it until its timeout', () => {
    expect(explain(deletedAt(aReplicaPod('web-1'), '2026-11-21T22:48:00Z'))).toEqual([
      {
        filter: 'pod-being-deleted',
        verdict: 'block',
        message:
          'terminating, yet still here 1h12m after its grace period ended at 2026-11-21T22:48:00Z; the drain waits for it until its timeout',
        remedy: expect.stringContaining('kubectl delete -n default pod web-1 --grace-period=0 --force') as unknown,
      },
    ]);
  });

  it('says when the node is not Ready, as then no kubelet confirms the deletion', () => {
    expect(explain(deletedAt(aReplicaPod('web-1'), '2026-11-21T23:00:00Z'), 'False')).toEqual([
      expect.objectContaining({
        verdict: 'block',
        message: expect.stringMatching(/; node node-1 is not Ready, so no kubelet confirms the deletion$/) as unknown,
      }),
    ]);
  });

  it('takes an unreadable timestamp as within the grace period', () => {
    expect(explain(deletedAt(aReplicaPod('web-1'), 'yesterday'))).toEqual([
      expect.objectContaining({ verdict: 'evict' }),
    ]);
  });

  it('leaves terminating DaemonSet and mirror pods to their own filters: the drain does not wait for them', () => {
    expect(explain(deletedAt(aDaemonSetPod('canal-x', 'rke2-canal'), '2026-11-21T20:00:00Z'))).toEqual([]);
    expect(explain(deletedAt(aMirrorPod('etcd-node-1'), '2026-11-21T20:00:00Z'))).toEqual([]);
  });
});
