import { aNode, snapshotOf } from '../../test/builders.js';
import { aReplica, aVolume, replicasOf } from '../../test/longhorn-builders.js';
import type { LonghornReplica, LonghornVolume } from '../model/longhorn.js';
import { longhornDetachedVolumeMissingReplicas } from './longhorn-detached-volume-missing-replicas.js';

const withVolumes = (volumes: LonghornVolume[], replicas: LonghornReplica[], nodeCount = 3) =>
  snapshotOf({
    nodes: Array.from({ length: nodeCount }, (_, index) => aNode(`node-${String(index + 1)}`)),
    longhornVolumes: volumes,
    longhornReplicas: replicas,
  });

describe('longhorn-detached-volume-missing-replicas', () => {
  it('stays quiet when detached volumes have all their replicas', () => {
    expect(
      longhornDetachedVolumeMissingReplicas.run(
        withVolumes([aVolume('pvc-a', { state: 'detached' })], replicasOf('pvc-a', 3)),
      ),
    ).toEqual([]);
  });

  it('warns about a detached volume with fewer replica CRs than wanted', () => {
    expect(
      longhornDetachedVolumeMissingReplicas.run(
        withVolumes(
          [aVolume('pvc-b', { state: 'detached', pvc: 'vms/db-disk-0' })],
          [...replicasOf('pvc-b', 1), ...replicasOf('pvc-other', 3)],
        ),
      ),
    ).toEqual([
      {
        check: 'longhorn-detached-volume-missing-replicas',
        severity: 'warning',
        object: { kind: 'Volume', namespace: 'longhorn-system', name: 'pvc-b' },
        message: 'detached with 1 of 3 replicas (PVC vms/db-disk-0)',
        remedy: expect.stringContaining(
          'kubectl -n longhorn-system get replicas.longhorn.io -l longhornvolume=pvc-b',
        ) as unknown,
      },
    ]);
  });

  it('counts replicas named only by the longhornvolume label', () => {
    const replicas = [1, 2].map((index) => aReplica('pvc-c', index, { labelOnly: true }));
    const volume = aVolume('pvc-c', { state: 'detached', replicas: 2 });
    expect(longhornDetachedVolumeMissingReplicas.run(withVolumes([volume], replicas))).toEqual([]);
  });

  it('reports a detached volume with no replica at all', () => {
    expect(
      longhornDetachedVolumeMissingReplicas.run(withVolumes([aVolume('pvc-d', { state: 'detached', pvc: null })], [])),
    ).toEqual([expect.objectContaining({ message: 'detached with 0 of 3 replicas' })]);
  });

  it('expects no more replicas than there are non-witness nodes', () => {
    const witness = aNode('witness', { roles: ['etcd', 'witness'] });
    const twoNodes = (volumes: LonghornVolume[], replicas: LonghornReplica[]) =>
      snapshotOf({
        nodes: [aNode('node-1'), aNode('node-2'), witness],
        longhornVolumes: volumes,
        longhornReplicas: replicas,
      });
    const volume = aVolume('pvc-g', { state: 'detached', pvc: 'vms/web-disk-0' });
    expect(longhornDetachedVolumeMissingReplicas.run(twoNodes([volume], replicasOf('pvc-g', 2)))).toEqual([]);
    expect(longhornDetachedVolumeMissingReplicas.run(twoNodes([volume], replicasOf('pvc-g', 1)))).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: 'detached with 1 of 3 replicas (at most 2 fit on 2 non-witness nodes, PVC vms/web-disk-0)',
      }),
    ]);
  });

  it('ignores attached volumes and single-replica volumes', () => {
    expect(
      longhornDetachedVolumeMissingReplicas.run(
        withVolumes([aVolume('pvc-e'), aVolume('pvc-f', { state: 'detached', replicas: 1 })], []),
      ),
    ).toEqual([]);
  });

  it('applies to two non-witness nodes or more only', () => {
    expect(longhornDetachedVolumeMissingReplicas.appliesTo?.(withVolumes([], [], 1))).toMatch(
      /two or more non-witness nodes; this cluster has 1/,
    );
    expect(longhornDetachedVolumeMissingReplicas.appliesTo?.(withVolumes([], [], 2))).toBeUndefined();
  });
});
