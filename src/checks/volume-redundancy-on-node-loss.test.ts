import { aNode, snapshotOf } from '../../test/builders.js';
import { aLonghornNode, aLonghornReplica, aVolume } from '../../test/longhorn-builders.js';
import type { LonghornNode, LonghornReplica, LonghornVolume } from '../model/longhorn.js';
import type { Node } from '../model/node.js';
import { volumeRedundancyOnNodeLoss } from './volume-redundancy-on-node-loss.js';

const threeNodes = (): Node[] => ['node-1', 'node-2', 'node-3'].map((name) => aNode(name));
const run = (
  volumes: LonghornVolume[],
  replicas: LonghornReplica[],
  nodes: Node[] = threeNodes(),
  longhornNodes?: LonghornNode[],
) =>
  volumeRedundancyOnNodeLoss.run(
    snapshotOf({
      nodes,
      longhornVolumes: volumes,
      longhornReplicas: replicas,
      ...(longhornNodes ? { longhornNodes } : {}),
    }),
  );
const healthyOn = (volume: string, ...nodes: string[]) => nodes.map((node) => aLonghornReplica(volume, node));

describe('volume-redundancy-on-node-loss', () => {
  it('stays quiet when every volume has healthy replicas on three nodes', () => {
    expect(run([aVolume('pvc-a')], healthyOn('pvc-a', 'node-1', 'node-2', 'node-3'))).toEqual([]);
  });

  it('names the node holding the only healthy replica', () => {
    const replicas = [
      aLonghornReplica('pvc-1a2b', 'node-1'),
      aLonghornReplica('pvc-1a2b', 'node-2', { failed: true, state: 'stopped' }),
      aLonghornReplica('pvc-1a2b', 'node-3', { failed: true, state: 'stopped' }),
    ];
    expect(run([aVolume('pvc-1a2b', { robustness: 'degraded', pvc: 'vms/db-disk-0' })], replicas)).toEqual([
      {
        check: 'volume-redundancy-on-node-loss',
        severity: 'error',
        object: { kind: 'Volume', namespace: 'longhorn-system', name: 'pvc-1a2b' },
        message:
          'its only healthy replica is on node-1 (1 of 3 replicas healthy, PVC vms/db-disk-0), so the volume has no usable replica while the upgrade drains node-1, and loses its data if node-1 fails',
        remedy: expect.stringContaining(
          'kubectl -n longhorn-system get replicas.longhorn.io -l longhornvolume=pvc-1a2b -o wide',
        ) as unknown,
      },
    ]);
  });

  it('counts a replica still being rebuilt (no healthyAt) or on a NotReady node as unusable', () => {
    const rebuilding: LonghornReplica = {
      ...aLonghornReplica('pvc-r', 'node-2'),
      spec: { nodeID: 'node-2', volumeName: 'pvc-r' },
    };
    const nodes = [aNode('node-1'), aNode('node-2'), aNode('node-3', { ready: 'Unknown' })];
    const replicas = [aLonghornReplica('pvc-r', 'node-1'), rebuilding, aLonghornReplica('pvc-r', 'node-3')];
    expect(run([aVolume('pvc-r')], replicas, nodes)).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: expect.stringContaining('only healthy replica is on node-1 (1 of 3') as unknown,
      }),
    ]);
  });

  it('warns when draining a node leaves one replica and no schedulable node to rebuild on', () => {
    const nodes = [aNode('node-1'), aNode('node-2'), aNode('node-3', { ready: 'Unknown' })];
    const replicas = [
      aLonghornReplica('pvc-w', 'node-1'),
      aLonghornReplica('pvc-w', 'node-2'),
      aLonghornReplica('pvc-w', 'node-3'),
    ];
    expect(run([aVolume('pvc-w')], replicas, nodes)).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message:
          'is left with one healthy replica while node-1 or node-2 is drained (2 of 3 replicas healthy, PVC default/pvc-w), with no other schedulable node to rebuild on, so one more disk or node failure loses its data',
      }),
    ]);
  });

  it('stays quiet when Longhorn can rebuild the second copy on a spare schedulable node', () => {
    const nodes = [...threeNodes(), aNode('node-4')];
    const two = aVolume('pvc-2', { replicas: 2 });
    expect(run([two], healthyOn('pvc-2', 'node-1', 'node-2'), nodes)).toEqual([]);
    // Unless Longhorn refuses the spare node.
    const refused: LonghornNode = { ...aLonghornNode('node-3'), spec: { allowScheduling: false } };
    const alsoRefused: LonghornNode = {
      ...aLonghornNode('node-4'),
      status: { conditions: [{ type: 'Schedulable', status: 'False' }] },
    };
    expect(run([two], healthyOn('pvc-2', 'node-1', 'node-2'), nodes, [refused, alsoRefused])).toEqual([
      expect.objectContaining({ severity: 'warning', object: expect.objectContaining({ name: 'pvc-2' }) as unknown }),
    ]);
  });

  it('leaves single-replica, faulted and deleting volumes to the other checks, and two-node clusters alone', () => {
    expect(run([aVolume('pvc-1', { replicas: 1 })], healthyOn('pvc-1', 'node-1'))).toEqual([]);
    expect(
      run(
        [aVolume('pvc-f', { robustness: 'faulted' })],
        [aLonghornReplica('pvc-f', 'node-1', { failed: true, state: 'stopped' })],
      ),
    ).toEqual([]);
    const deleting: LonghornVolume = {
      ...aVolume('pvc-d'),
      metadata: { name: 'pvc-d', deletionTimestamp: '2026-11-21T00:00:00Z' },
    };
    expect(run([deleting], healthyOn('pvc-d', 'node-1'))).toEqual([]);
    const twoNodes = [aNode('node-1'), aNode('node-2')];
    expect(run([aVolume('pvc-t', { replicas: 2 })], healthyOn('pvc-t', 'node-1', 'node-2'), twoNodes)).toEqual([]);
  });

  it('applies to two non-witness nodes or more', () => {
    expect(volumeRedundancyOnNodeLoss.appliesTo?.(snapshotOf({ nodes: [aNode('node-1')] }))).toMatch(
      /this cluster has 1/,
    );
  });
});
