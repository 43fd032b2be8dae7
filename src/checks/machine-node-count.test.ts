import { aMachine, aNode, healthyCluster, snapshotOf } from '../../test/builders.js';
import { machineNodeCount } from './machine-node-count.js';

describe('machine-node-count', () => {
  it('stays quiet on a healthy cluster', () => {
    expect(machineNodeCount.run(healthyCluster(3))).toEqual([]);
  });

  it('reports more nodes than machines', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1'), aNode('node-2'), aNode('harv44')],
      machines: [aMachine('machine-node-1', 'node-1'), aMachine('machine-node-2', 'node-2')],
    });
    expect(machineNodeCount.run(snapshot)).toEqual([
      expect.objectContaining({
        check: 'machine-node-count',
        severity: 'error',
        object: { kind: 'Cluster', namespace: 'fleet-local', name: 'local' },
        message: 'nodes(3) and machines(2) do not match',
      }),
    ]);
  });

  it('reports more machines than nodes', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1')],
      machines: [
        aMachine('machine-node-1', 'node-1'),
        aMachine('custom-4d279419a084', null, { providerID: 'rke2://harv44' }),
      ],
    });
    expect(machineNodeCount.run(snapshot)).toEqual([
      expect.objectContaining({ severity: 'error', message: 'nodes(1) and machines(2) do not match' }),
    ]);
  });

  it('compares counts only, not which objects pair up', () => {
    const snapshot = snapshotOf({ nodes: [aNode('node-1')], machines: [aMachine('custom-x', 'harv44')] });
    expect(machineNodeCount.run(snapshot)).toEqual([]);
  });
});

describe('machine-node-count with a stale Machine being deleted', () => {
  it('does not count a stale Machine of a node a live Machine stands for', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1', { machine: 'custom-new', machineUid: 'uid-new' })],
      machines: [
        aMachine('custom-old', 'node-1', { uid: 'uid-old', deleting: true }),
        aMachine('custom-new', 'node-1', { uid: 'uid-new' }),
      ],
    });
    expect(machineNodeCount.run(snapshot)).toEqual([]);
  });
});
