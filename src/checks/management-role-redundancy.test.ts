import { aNode, snapshotOf } from '../../test/builders.js';
import type { Node } from '../model/node.js';
import { managementRoleRedundancy } from './management-role-redundancy.js';

const run = (...nodes: Node[]) => managementRoleRedundancy.run(snapshotOf({ nodes }));
const worker = (name: string, options: Parameters<typeof aNode>[1] = {}) =>
  aNode(name, { roles: ['worker'], ...options });

describe('management-role-redundancy', () => {
  it('stays quiet with three management nodes, or two and a witness', () => {
    expect(run(aNode('node-1'), aNode('node-2'), aNode('node-3'), worker('node-4'))).toEqual([]);
    expect(run(aNode('node-1'), aNode('node-2'), aNode('witness', { roles: ['etcd', 'witness'] }))).toEqual([]);
  });

  it('names the node that was not promoted, and why, when only two are management nodes', () => {
    const labelled = worker('node-3', { labels: { 'node-role.harvesterhci.io/worker': 'true' } });
    expect(run(aNode('node-1'), aNode('node-2'), labelled)).toEqual([
      {
        check: 'management-role-redundancy',
        severity: 'warning',
        object: { kind: 'Node', name: 'node-3' },
        message:
          "is not a management node because it is labelled node-role.harvesterhci.io/worker=true, which Harvester never promotes, so only node-1 and node-2 are, and the upgrade's reboot of either leaves one control-plane node and etcd without quorum",
        remedy: expect.stringContaining('add a witness node') as unknown,
      },
    ]);
  });

  it.each([
    [{ annotations: { 'harvesterhci.io/promote-status': 'failed' } }, 'its promotion ended failed'],
    [{ annotations: { 'harvesterhci.io/promote-status': 'running' } }, 'its promotion is still running'],
    [{ ready: 'False' as const }, 'it is not Ready'],
    [{ unschedulable: true }, 'it is cordoned'],
    [{}, 'Harvester has not promoted it'],
  ])('explains %j', (options, reason) => {
    expect(run(aNode('node-1'), aNode('node-2'), worker('node-3', options))[0]?.message).toContain(reason);
  });

  it('leaves one management node to single-control-plane and small clusters alone', () => {
    expect(run(aNode('node-1'), worker('node-2'), worker('node-3'))).toEqual([]);
    expect(run(aNode('node-1'), aNode('node-2'))).toEqual([]);
  });
});
