import { snapshotOf } from '../../test/builders.js';
import { aBlockDevice } from '../../test/node-loss-builders.js';
import type { BlockDevice } from '../model/harvester.js';
import { blockdeviceUnhealthy } from './blockdevice-unhealthy.js';

const run = (...blockDevices: BlockDevice[]) => blockdeviceUnhealthy.run(snapshotOf({ blockDevices }));

describe('blockdevice-unhealthy', () => {
  it('stays quiet on Active provisioned disks', () => {
    expect(run(aBlockDevice('bd-1', 'node-1'), aBlockDevice('bd-2', 'node-2'))).toEqual([]);
  });

  it('reports a provisioned disk that went Inactive, with its node, path and model', () => {
    expect(run(aBlockDevice('0d1e7f0a9c', 'node-2', { state: 'Inactive' }))).toEqual([
      {
        check: 'blockdevice-unhealthy',
        severity: 'error',
        object: { kind: 'BlockDevice', namespace: 'longhorn-system', name: '0d1e7f0a9c' },
        message:
          '/dev/sdb on node-2 (SAMSUNG MZ7L3 S6ESNE0T) is Inactive: node-disk-manager no longer finds the device on its node',
        remedy: expect.stringContaining(
          'kubectl -n longhorn-system get blockdevices.harvesterhci.io 0d1e7f0a9c -o yaml',
        ) as unknown,
      },
    ]);
  });

  it('reports corrupted and read-only filesystems as errors, failed conditions and unprovisioning as warnings', () => {
    expect(run(aBlockDevice('bd-c', 'node-1', { corrupted: true, readOnly: true }))[0]?.message).toMatch(
      /has a corrupted filesystem; has a read-only filesystem$/,
    );
    const failedMount = aBlockDevice('bd-m', 'node-1', {
      conditions: [{ type: 'Mounted', status: 'False', message: 'mount /dev/sdb: wrong fs type' }],
      phase: 'Unprovisioning',
    });
    expect(run(failedMount)).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringMatching(
          /condition Mounted is False \(mount \/dev\/sdb: wrong fs type\); is being removed from Longhorn/,
        ) as unknown,
      }),
    ]);
  });

  it('warns about an Unknown state', () => {
    expect(run(aBlockDevice('bd-u', 'node-1', { state: 'Unknown' }))).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringContaining('is in state Unknown') as unknown,
      }),
    ]);
  });

  it('ignores devices that are not Longhorn disks, and reads the pre-0.6 provisioned flag', () => {
    expect(run(aBlockDevice('spare', 'node-1', { state: 'Inactive', phase: 'Unprovisioned' }))).toEqual([]);
    expect(run(aBlockDevice('old-spare', 'node-1', { state: 'Inactive', phase: null, provisioned: false }))).toEqual(
      [],
    );
    expect(run(aBlockDevice('old', 'node-1', { state: 'Inactive', phase: null }))).toHaveLength(1);
  });

  it('does not throw on a device without spec or status', () => {
    expect(run({ kind: 'BlockDevice', metadata: { name: 'bare', namespace: 'longhorn-system' } })).toEqual([]);
  });
});
