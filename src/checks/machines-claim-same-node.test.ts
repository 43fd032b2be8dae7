import { aMachine, aNode, healthyCluster, snapshotOf } from '../../test/builders.js';
import { machinesClaimSameNode } from './machines-claim-same-node.js';

describe('machines-claim-same-node', () => {
  it('stays quiet on a healthy cluster', () => {
    expect(machinesClaimSameNode.run(healthyCluster(3))).toEqual([]);
  });

  it('reports two machines whose nodeRef names the same node', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1'), aNode('node-2')],
      machines: [
        aMachine('machine-node-1', 'node-1'),
        aMachine('machine-node-2', 'node-2'),
        aMachine('custom-stale', 'node-1', { uid: 'old-uid' }),
      ],
    });
    expect(machinesClaimSameNode.run(snapshot)).toEqual([
      expect.objectContaining({
        check: 'machines-claim-same-node',
        severity: 'error',
        object: { kind: 'Node', name: 'node-1' },
        message: '2 machines claim node node-1: machine-node-1, custom-stale',
      }),
    ]);
  });

  it('counts a machine that claims the node only by providerID', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1')],
      machines: [
        aMachine('machine-node-1', 'node-1'),
        aMachine('custom-a', 'node-1', { node: null }),
        aMachine('custom-b', null, { providerID: 'rke2://node-1' }),
      ],
    });
    expect(machinesClaimSameNode.run(snapshot)).toEqual([
      expect.objectContaining({
        object: { kind: 'Node', name: 'node-1' },
        message: '3 machines claim node node-1: machine-node-1, custom-a, custom-b',
      }),
    ]);
  });

  it('ignores machines whose node does not exist', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1')],
      machines: [aMachine('machine-node-1', 'node-1'), aMachine('custom-a', 'gone'), aMachine('custom-b', 'gone')],
    });
    expect(machinesClaimSameNode.run(snapshot)).toEqual([]);
  });
});

describe('machines-claim-same-node with a stale Machine being deleted', () => {
  it('names the stale Machine and the exact command that lets it go, judged against the live one', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1', { machine: 'custom-new', machineUid: 'uid-new' })],
      machines: [
        aMachine('custom-old', 'node-1', { uid: 'uid-old', deleting: true }),
        aMachine('custom-new', 'node-1', { uid: 'uid-new' }),
      ],
    });
    expect(machinesClaimSameNode.run(snapshot)).toEqual([
      {
        check: 'machines-claim-same-node',
        severity: 'error',
        object: { kind: 'Machine', namespace: 'fleet-local', name: 'custom-old' },
        message:
          'machine custom-old, being deleted since 2026-11-20T10:00:00Z, still claims node node-1, which the live machine custom-new stands for',
        remedy: expect.stringContaining(
          `kubectl -n fleet-local patch machine custom-old --type merge -p '{"metadata":{"finalizers":null}}'`,
        ) as unknown,
      },
    ]);
  });
});
