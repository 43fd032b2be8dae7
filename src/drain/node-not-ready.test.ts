import { aNode, aPod, snapshotOf, withTaints } from '../../test/builders.js';
import { aDaemonSetPod, aMirrorPod, aReplicaPod, drainOf } from '../../test/drain-builders.js';
import type { Node } from '../model/node.js';
import type { Pod } from '../model/pod.js';
import { nodeNotReady, nodeNotReadyFilter } from './node-not-ready.js';

const down = (node: Node): Node => ({
  ...node,
  status: {
    ...node.status,
    conditions: [
      {
        type: 'Ready',
        status: 'Unknown',
        reason: 'NodeStatusUnknown',
        message: 'Kubelet stopped posting node status.',
        lastTransitionTime: '2026-11-21T11:20:00Z',
      },
    ],
  },
});

const explain = (pod: Pod, node: Node = down(aNode('node-1'))) =>
  nodeNotReadyFilter(pod, drainOf(snapshotOf({ nodes: [node], pods: [pod] })));

describe('node-not-ready', () => {
  it('blocks a pod whose kubelet cannot confirm its eviction, with the out-of-service taint and a force delete', () => {
    const [reason] = explain(aReplicaPod('web-1'));
    expect(reason).toMatchObject({
      filter: 'node-not-ready',
      verdict: 'block',
      message: expect.stringContaining(
        'node node-1 is not Ready (Ready Unknown since 2026-11-21T11:20:00Z (NodeStatusUnknown: Kubelet stopped posting node status.)): the eviction is accepted',
      ) as unknown,
    });
    expect(reason?.remedy).toContain(
      'kubectl taint nodes node-1 node.kubernetes.io/out-of-service=nodeshutdown:NoExecute',
    );
    expect(reason?.remedy).toContain('kubectl -n default delete pod web-1 --grace-period=0 --force');
  });

  it('shell-quotes the names in its commands', () => {
    const [reason] = explain(aReplicaPod("we'b"), down(aNode('node-1')));
    expect(reason?.remedy).toContain("kubectl -n default delete pod 'we'\\''b' --grace-period=0 --force");
  });

  it('lets a pod go once the node carries the out-of-service taint', () => {
    const tainted = withTaints(down(aNode('node-1')), [
      { key: 'node.kubernetes.io/out-of-service', value: 'nodeshutdown', effect: 'NoExecute' },
    ]);
    expect(explain(aReplicaPod('web-1'), tainted)).toEqual([
      expect.objectContaining({ filter: 'node-not-ready', verdict: 'evict' }),
    ]);
  });

  it('stays quiet on a Ready node, and for pods the drain leaves or deletes at once', () => {
    expect(explain(aReplicaPod('web-1'), aNode('node-1'))).toEqual([]);
    expect(explain(aDaemonSetPod('canal-x', 'canal'))).toEqual([]);
    expect(explain(aMirrorPod('kube-proxy-node-1'))).toEqual([]);
    expect(explain(aPod('backup-1', { phase: 'Succeeded' }))).toEqual([]);
    expect(nodeNotReady(aNode('node-1'))).toBeUndefined();
  });
});
