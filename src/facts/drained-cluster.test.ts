import { aNode, snapshotOf } from '../../test/builders.js';
import { drainedClustersOnly } from './drained-cluster.js';

describe('drainedClustersOnly', () => {
  it('applies to a cluster of two or more nodes, whose upgrade drains each node', () => {
    expect(drainedClustersOnly(snapshotOf({ nodes: [aNode('node-1'), aNode('node-2')] }))).toBeUndefined();
  });

  it('skips a single-node cluster, whose upgrade drains nothing', () => {
    expect(drainedClustersOnly(snapshotOf({ nodes: [aNode('node-1')] }))).toBe(
      'applies to clusters of two or more nodes; this cluster has 1, and a single-node upgrade drains nothing',
    );
  });
});
