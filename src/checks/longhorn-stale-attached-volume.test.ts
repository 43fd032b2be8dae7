import { snapshotOf } from '../../test/builders.js';
import { aVolume } from '../../test/longhorn-builders.js';
import type { LonghornVolume } from '../model/longhorn.js';
import { longhornStaleAttachedVolume } from './longhorn-stale-attached-volume.js';

const withVolumes = (...volumes: LonghornVolume[]) => snapshotOf({ longhornVolumes: volumes });

describe('longhorn-stale-attached-volume', () => {
  it('stays quiet on attached volumes used by a running pod and on detached volumes', () => {
    expect(
      longhornStaleAttachedVolume.run(withVolumes(aVolume('pvc-a'), aVolume('pvc-b', { state: 'detached' }))),
    ).toEqual([]);
  });

  it('accepts the Succeeded source pod of a live migration next to the Running target', () => {
    const migrated = aVolume('pvc-m', {
      workloads: [
        { podName: 'virt-launcher-web-hxjtm', podStatus: 'Succeeded' },
        { podName: 'virt-launcher-web-qtcmt', podStatus: 'Running' },
      ],
    });
    expect(longhornStaleAttachedVolume.run(withVolumes(migrated))).toEqual([]);
  });

  it('reports an attached volume no workload uses', () => {
    expect(
      longhornStaleAttachedVolume.run(withVolumes(aVolume('pvc-s', { workloads: [], node: 'node-2', pvc: 'vms/old' }))),
    ).toEqual([
      {
        check: 'longhorn-stale-attached-volume',
        severity: 'error',
        object: { kind: 'Volume', namespace: 'longhorn-system', name: 'pvc-s' },
        message: 'attached to node-2 but no workload uses it (PVC vms/old)',
        remedy: expect.stringContaining(
          'kubectl -n longhorn-system get volumeattachments.longhorn.io pvc-s -o yaml',
        ) as unknown,
      },
    ]);
  });

  it('reports an attached volume whose workloads all stopped, naming them', () => {
    const stopped = aVolume('pvc-t', {
      pvc: null,
      workloads: [
        { podName: 'virt-launcher-db-abcde', podStatus: 'Failed' },
        { podName: 'virt-launcher-db-fghij', podStatus: 'Succeeded' },
      ],
    });
    expect(longhornStaleAttachedVolume.run(withVolumes(stopped))).toEqual([
      expect.objectContaining({
        message:
          'attached to node-1 but none of its workloads is running (virt-launcher-db-abcde Failed, virt-launcher-db-fghij Succeeded)',
      }),
    ]);
  });

  it('says an attached volume without kubernetesStatus has unknown users, not none', () => {
    const bare: LonghornVolume = {
      kind: 'Volume',
      metadata: { name: 'bare', namespace: 'longhorn-system' },
      status: { state: 'attached' },
    };
    expect(longhornStaleAttachedVolume.run(withVolumes(bare))).toEqual([
      {
        check: 'longhorn-stale-attached-volume',
        severity: 'warning',
        object: { kind: 'Volume', namespace: 'longhorn-system', name: 'bare' },
        message: 'attached, and its status has no kubernetesStatus, so which workloads use it is unknown',
        remedy: expect.stringContaining(
          'kubectl -n longhorn-system get volumeattachments.longhorn.io bare -o yaml',
        ) as unknown,
      },
    ]);
  });
});
