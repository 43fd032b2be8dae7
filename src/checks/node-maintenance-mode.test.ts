import { aNode, snapshotOf } from '../../test/builders.js';
import { nodeMaintenanceMode } from './node-maintenance-mode.js';

const maintained = (name: string, status: string) =>
  aNode(name, { unschedulable: true, annotations: { 'harvesterhci.io/maintain-status': status } });

describe('node-maintenance-mode', () => {
  it('stays quiet when no node is in maintenance mode', () => {
    expect(nodeMaintenanceMode.run(snapshotOf({ nodes: [aNode('node-1'), aNode('node-2')] }))).toEqual([]);
  });

  it('reports a node in maintenance mode', () => {
    expect(
      nodeMaintenanceMode.run(snapshotOf({ nodes: [aNode('node-1'), maintained('node-2', 'completed')] })),
    ).toEqual([
      {
        check: 'node-maintenance-mode',
        severity: 'error',
        object: { kind: 'Node', name: 'node-2' },
        message: 'node is in maintenance mode (maintain-status completed), which cordons it',
        remedy: expect.stringContaining('Disable Maintenance Mode') as unknown,
      },
    ]);
  });

  it('reports a node entering maintenance mode', () => {
    expect(nodeMaintenanceMode.run(snapshotOf({ nodes: [maintained('node-2', 'running')] }))).toEqual([
      expect.objectContaining({
        message: 'node is entering maintenance mode (maintain-status running), which cordons it',
      }),
    ]);
  });

  it('reports an empty annotation value too', () => {
    expect(nodeMaintenanceMode.run(snapshotOf({ nodes: [maintained('node-2', '')] }))).toEqual([
      expect.objectContaining({ message: 'node is in maintenance mode (maintain-status empty), which cordons it' }),
    ]);
  });
});
