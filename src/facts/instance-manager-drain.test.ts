import { aNode } from '../../test/builders.js';
import { longhornSnapshot } from '../../test/fix-builders.js';
import { aLonghornReplica, aVolume } from '../../test/longhorn-builders.js';
import type { ClusterSnapshot } from '../model/snapshot.js';
import { lastHealthyReplicas } from './instance-manager-drain.js';

describe('lastHealthyReplicas', () => {
  it('names attached volumes whose only healthy replica is on the node', () => {
    const replicas = [aLonghornReplica('pvc-a', 'node-1'), aLonghornReplica('pvc-b', 'node-1')];
    const volumes = [aVolume('pvc-a'), aVolume('pvc-b', { state: 'attaching' })];
    expect(lastHealthyReplicas(longhornSnapshot({ replicas, volumes }), 'node-1')).toEqual(['pvc-a', 'pvc-b']);
  });

  it('counts a volume missing from a snapshot without volumes as attached', () => {
    const replicas = [aLonghornReplica('pvc-a', 'node-1')];
    const snapshot = longhornSnapshot({ replicas });
    const withoutVolumes = {
      ...snapshot,
      inputs: { ...snapshot.inputs, longhornVolumes: { status: 'forbidden', reason: 'no' } },
    } as ClusterSnapshot;
    expect(
      lastHealthyReplicas({ ...withoutVolumes, items: { ...snapshot.items, longhornVolumes: [] } }, 'node-1'),
    ).toEqual(['pvc-a']);
  });

  it('does not count a replica on a node that is down', () => {
    const replicas = [aLonghornReplica('pvc-a', 'node-1'), aLonghornReplica('pvc-a', 'node-2')];
    const snapshot = longhornSnapshot({ replicas });
    const nodes = [aNode('node-1', { unschedulable: true }), aNode('node-2', { ready: 'Unknown' }), aNode('node-3')];
    expect(lastHealthyReplicas({ ...snapshot, items: { ...snapshot.items, nodes } }, 'node-1')).toEqual(['pvc-a']);
  });

  it('stays quiet for detached volumes, volumes with a healthy replica elsewhere, and replicas that are not healthy', () => {
    expect(
      lastHealthyReplicas(
        longhornSnapshot({
          replicas: [
            aLonghornReplica('pvc-a', 'node-1'),
            aLonghornReplica('pvc-a', 'node-3'),
            aLonghornReplica('pvc-b', 'node-1'),
            aLonghornReplica('pvc-c', 'node-1', { failed: true }),
            aLonghornReplica('pvc-d', 'node-1', { unused: true }),
          ],
          volumes: [aVolume('pvc-a'), aVolume('pvc-b', { state: 'detached' }), aVolume('pvc-c'), aVolume('pvc-d')],
        }),
        'node-1',
      ),
    ).toEqual([]);
  });
});
