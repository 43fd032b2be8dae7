import { aMachine, aNode, healthyCluster, snapshotOf } from '../../test/builders.js';
import { nodeNotManaged } from './node-not-managed.js';

describe('node-not-managed', () => {
  it('stays quiet on a healthy cluster', () => {
    expect(nodeNotManaged.run(healthyCluster(3))).toEqual([]);
  });

  it('reports a node without harvesterhci.io/managed', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1'), aNode('harv44', { managed: false })],
      machines: [aMachine('machine-node-1', 'node-1')],
    });
    expect(nodeNotManaged.run(snapshot)).toEqual([
      expect.objectContaining({
        check: 'node-not-managed',
        severity: 'error',
        object: { kind: 'Node', name: 'harv44' },
        message: 'node harv44 has no expected label harvesterhci.io/managed=true',
      }),
    ]);
  });

  it('reports a node labelled managed=false', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('harv45', { managed: false, labels: { 'harvesterhci.io/managed': 'false' } })],
    });
    expect(nodeNotManaged.run(snapshot)).toEqual([
      expect.objectContaining({
        object: { kind: 'Node', name: 'harv45' },
        message: 'node harv45 has no expected label harvesterhci.io/managed=true',
      }),
    ]);
  });

  it('stays quiet without nodes', () => {
    expect(nodeNotManaged.run(snapshotOf({ nodes: [] }))).toEqual([]);
  });
});
