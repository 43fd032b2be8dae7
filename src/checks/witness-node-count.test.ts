import { aNode, snapshotOf } from '../../test/builders.js';
import { witnessNodeCount } from './witness-node-count.js';

describe('witness-node-count', () => {
  it('stays quiet with one witness, or none', () => {
    const nodes = [aNode('node-1'), aNode('node-2'), aNode('witness-1', { roles: ['etcd', 'witness'] })];
    expect(witnessNodeCount.run(snapshotOf({ nodes }))).toEqual([]);
    expect(witnessNodeCount.run(snapshotOf({ nodes: [aNode('node-1')] }))).toEqual([]);
  });

  it('reports every witness when there are two', () => {
    const nodes = [
      aNode('node-1'),
      aNode('witness-1', { roles: ['etcd', 'witness'] }),
      aNode('witness-2', { roles: ['witness'] }),
    ];
    expect(witnessNodeCount.run(snapshotOf({ nodes }))).toEqual([
      {
        check: 'witness-node-count',
        severity: 'error',
        object: { kind: 'Node', name: 'witness-1' },
        message: 'node is one of 2 witness nodes (witness-1, witness-2); Harvester supports one',
        remedy: expect.stringContaining('Keep one witness') as unknown,
      },
      expect.objectContaining({ object: { kind: 'Node', name: 'witness-2' } }),
    ]);
  });

  it('counts only the label value true, as the pre-check does', () => {
    const nodes = [
      aNode('witness-1', { roles: ['witness'] }),
      aNode('node-2', { labels: { 'node-role.harvesterhci.io/witness': 'false' } }),
    ];
    expect(witnessNodeCount.run(snapshotOf({ nodes }))).toEqual([]);
  });
});
