import { aNode, snapshotOf } from '../../test/builders.js';
import type { Node } from '../model/node.js';
import { topologyChangeInProgress } from './topology-change-in-progress.js';

const run = (...nodes: Node[]) => topologyChangeInProgress.run(snapshotOf({ nodes }));
const withVoter = (node: Node, status: string, message?: string): Node => ({
  ...node,
  status: {
    ...node.status,
    conditions: [
      ...(node.status?.conditions ?? []),
      { type: 'EtcdIsVoter', status, reason: 'MemberIsLearner', ...(message ? { message } : {}) },
    ],
  },
});

describe('topology-change-in-progress', () => {
  it('stays quiet when no node is leaving and every etcd node votes', () => {
    expect(run(withVoter(aNode('node-1'), 'True'), aNode('node-2'), aNode('node-3'))).toEqual([]);
  });

  it('reports a node being deleted', () => {
    const leaving: Node = {
      ...aNode('node-3'),
      metadata: { ...aNode('node-3').metadata, deletionTimestamp: '2026-11-21T08:00:00Z' },
    };
    expect(run(aNode('node-1'), leaving)).toEqual([
      {
        check: 'topology-change-in-progress',
        severity: 'error',
        object: { kind: 'Node', name: 'node-3' },
        message: 'is being removed from the cluster (deleted 2026-11-21T08:00:00Z)',
        remedy: expect.stringContaining("kubectl get node node-3 -o jsonpath='{.metadata.finalizers}'") as unknown,
      },
    ]);
  });

  it('warns about an etcd node that is not a voter yet, not about workers', () => {
    const joining = withVoter(aNode('node-4'), 'False', 'Node is a learner member of the etcd cluster');
    expect(run(aNode('node-1'), joining, withVoter(aNode('worker', { roles: ['worker'] }), 'False'))).toEqual([
      expect.objectContaining({
        severity: 'warning',
        object: { kind: 'Node', name: 'node-4' },
        message:
          'is not a voting etcd member yet (EtcdIsVoter=False: Node is a learner member of the etcd cluster): it is still joining etcd, or was dropped from it',
      }),
    ]);
  });
});
