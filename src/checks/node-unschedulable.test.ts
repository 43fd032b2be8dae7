import { aNode, anUpgrade, snapshotOf } from '../../test/builders.js';
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

  it('does not say uncordon for a node the running upgrade drains, and points at explain-drain', () => {
    const upgrade = anUpgrade('hvst-upgrade-x', {
      state: 'UpgradingNodes',
      nodeStatuses: { 'node-1': { state: 'Succeeded' }, 'node-2': { state: 'Pre-drained' } },
    });
    const nodes = [aNode('node-1'), aNode('node-2', { unschedulable: true })];
    const findings = nodeUnschedulable.run(snapshotOf({ nodes, upgrades: [upgrade] }));
    expect(findings).toEqual([
      {
        check: 'node-unschedulable',
        severity: 'warning',
        object: { kind: 'Node', name: 'node-2' },
        message:
          "node is cordoned while Upgrade hvst-upgrade-x upgrades the nodes (node state Pre-drained): the upgrade's drain cordons it",
        remedy:
          'Do not uncordon it while the upgrade drains it; see what its drain waits for: kubectl harvester-upgrade explain-drain node-2',
      },
    ]);
    expect(findings[0]?.remedy).not.toContain('kubectl uncordon');
  });

  it('still says uncordon for a node whose upgrade turn is over, or when no upgrade upgrades nodes', () => {
    const done = anUpgrade('hvst-upgrade-x', {
      state: 'UpgradingNodes',
      nodeStatuses: { 'node-2': { state: 'Succeeded' } },
    });
    const preparing = anUpgrade('hvst-upgrade-y', { state: 'PreparingRepo' });
    for (const upgrade of [done, preparing]) {
      const nodes = [aNode('node-2', { unschedulable: true })];
      expect(nodeUnschedulable.run(snapshotOf({ nodes, upgrades: [upgrade] }))).toEqual([
        expect.objectContaining({
          severity: 'error',
          remedy: expect.stringContaining('kubectl uncordon node-2') as unknown,
        }),
      ]);
    }
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
