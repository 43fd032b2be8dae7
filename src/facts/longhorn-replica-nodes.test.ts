import { aNode, snapshotOf } from '../../test/builders.js';
import { multiNodeOnly, nonWitnessNodes } from './longhorn-replica-nodes.js';

const witness = aNode('witness', { roles: ['witness'] });

describe('nonWitnessNodes', () => {
  it('keeps the nodes that can hold replicas', () => {
    const nodes = [aNode('node-1'), witness, aNode('node-2', { roles: ['worker'] })];
    expect(nonWitnessNodes(nodes).map((node) => node.metadata?.name)).toEqual(['node-1', 'node-2']);
  });

  it('drops a witness node, which runs etcd only', () => {
    expect(nonWitnessNodes([witness])).toEqual([]);
  });
});

describe('multiNodeOnly', () => {
  it('applies with two or more data nodes', () => {
    expect(multiNodeOnly(snapshotOf({ nodes: [aNode('node-1'), aNode('node-2'), witness] }))).toBeUndefined();
  });

  it('skips one data node, even with a witness beside it', () => {
    expect(multiNodeOnly(snapshotOf({ nodes: [aNode('node-1'), witness] }))).toBe(
      'applies to clusters of two or more non-witness nodes; this cluster has 1 (a single node holds every replica and its upgrade drains nothing)',
    );
  });
});
