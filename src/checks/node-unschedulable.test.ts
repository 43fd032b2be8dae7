import { aNode, snapshotOf } from '../../test/builders.js';
import { nodeUnschedulable } from './node-unschedulable.js';

describe('node-unschedulable', () => {
  it('stays quiet when every node is schedulable', () => {
    expect(nodeUnschedulable.run(snapshotOf({ nodes: [aNode('node-1'), aNode('node-2')] }))).toEqual([]);
  });

  it('reports a cordoned node with the uncordon command', () => {
    expect(
      nodeUnschedulable.run(snapshotOf({ nodes: [aNode('node-1'), aNode('node-2', { unschedulable: true })] })),
    ).toEqual([
      {
        check: 'node-unschedulable',
        severity: 'error',
        object: { kind: 'Node', name: 'node-2' },
        message: 'node is cordoned (spec.unschedulable is true)',
        remedy: expect.stringContaining('kubectl uncordon node-2') as unknown,
      },
    ]);
  });

  it.each([
    ['a running promotion', { 'harvesterhci.io/promote-status': 'running' }],
    ['a failed promotion', { 'harvesterhci.io/promote-status': 'failed' }],
    ['maintenance mode', { 'harvesterhci.io/maintain-status': 'completed' }],
  ])('leaves a node cordoned by %s to its own check', (_, annotations) => {
    expect(
      nodeUnschedulable.run(snapshotOf({ nodes: [aNode('node-2', { unschedulable: true, annotations })] })),
    ).toEqual([]);
  });

  it('reports a cordoned node whose promotion completed', () => {
    const node = aNode('node-2', {
      unschedulable: true,
      annotations: { 'harvesterhci.io/promote-status': 'complete' },
    });
    expect(nodeUnschedulable.run(snapshotOf({ nodes: [node] }))).toEqual([
      expect.objectContaining({ object: { kind: 'Node', name: 'node-2' } }),
    ]);
  });
});
