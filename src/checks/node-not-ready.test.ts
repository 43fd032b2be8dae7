import { aNode, snapshotOf } from '../../test/builders.js';
import type { Node } from '../model/node.js';
import { nodeNotReady } from './node-not-ready.js';

describe('node-not-ready', () => {
  it('stays quiet when every node is Ready', () => {
    expect(nodeNotReady.run(snapshotOf({ nodes: [aNode('node-1'), aNode('node-2')] }))).toEqual([]);
  });

  it('reports a node that is not Ready with the reason and message, without its trailing period', () => {
    const base = aNode('harvester-node-1');
    const node: Node = {
      ...base,
      status: {
        ...base.status,
        conditions: [
          {
            type: 'Ready',
            status: 'Unknown',
            reason: 'NodeStatusUnknown',
            message: 'Kubelet stopped posting node status.',
          },
        ],
      },
    };
    expect(nodeNotReady.run(snapshotOf({ nodes: [aNode('node-2'), node] }))).toEqual([
      {
        check: 'node-not-ready',
        severity: 'error',
        object: { kind: 'Node', name: 'harvester-node-1' },
        message: 'condition Ready is Unknown (NodeStatusUnknown: Kubelet stopped posting node status)',
        remedy: expect.stringContaining('kubectl describe node harvester-node-1') as unknown,
      },
    ]);
  });

  it('reports Ready False with only a reason', () => {
    const base = aNode('node-1', { ready: 'False' });
    const node: Node = {
      ...base,
      status: { conditions: [{ type: 'Ready', status: 'False', reason: 'KubeletNotReady' }] },
    };
    expect(nodeNotReady.run(snapshotOf({ nodes: [node] }))).toEqual([
      expect.objectContaining({ message: 'condition Ready is False (KubeletNotReady)' }),
    ]);
  });

  it('reports a node that never reported a Ready condition', () => {
    const node: Node = { ...aNode('node-new'), status: {} };
    expect(nodeNotReady.run(snapshotOf({ nodes: [node] }))).toEqual([
      expect.objectContaining({ message: 'condition Ready is Unknown (no Ready condition reported)' }),
    ]);
  });
});
