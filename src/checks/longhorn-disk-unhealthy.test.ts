import { snapshotOf } from '../../test/builders.js';
import { aLonghornNode } from '../../test/longhorn-builders.js';
import { aLonghornNodeWithDisk, diskConditions } from '../../test/node-loss-builders.js';
import type { LonghornNode } from '../model/longhorn.js';
import { longhornDiskUnhealthy } from './longhorn-disk-unhealthy.js';

const run = (...longhornNodes: LonghornNode[]) => longhornDiskUnhealthy.run(snapshotOf({ longhornNodes }));

describe('longhorn-disk-unhealthy', () => {
  it('stays quiet on Ready, schedulable disks', () => {
    expect(run(aLonghornNodeWithDisk('node-1'), aLonghornNodeWithDisk('node-2'))).toEqual([]);
  });

  it('names the node, the disk, its path and Longhorn’s reason for a disk that is not Ready', () => {
    const node = aLonghornNodeWithDisk('node-2', {
      conditions: diskConditions('False', 'DiskFilesystemChanged', 'disk has changed its filesystem UUID'),
    });
    expect(run(aLonghornNodeWithDisk('node-1'), node)).toEqual([
      {
        check: 'longhorn-disk-unhealthy',
        severity: 'error',
        object: { kind: 'Node', namespace: 'longhorn-system', name: 'node-2' },
        message:
          'disk default-disk-node-2 (/var/lib/harvester/defaultdisk) is not Ready (DiskFilesystemChanged: disk has changed its filesystem UUID)',
        remedy: expect.stringContaining('kubectl -n longhorn-system get nodes.longhorn.io node-2 -o yaml') as unknown,
      },
    ]);
  });

  it('warns about a disk under pressure, but not about one the user excluded from scheduling', () => {
    const pressure = aLonghornNodeWithDisk('node-1', { conditions: diskConditions('True', '', '', 'False') });
    expect(run(pressure)).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: 'disk default-disk-node-1 (/var/lib/harvester/defaultdisk) is not schedulable (DiskPressure)',
      }),
    ]);
    const excluded: LonghornNode = {
      ...pressure,
      spec: { ...pressure.spec, disks: { 'default-disk-node-1': { path: '/d', allowScheduling: false } } },
    };
    expect(run(excluded)).toEqual([]);
  });

  it('reports a failing SMART verdict and the Error condition', () => {
    const node = aLonghornNodeWithDisk('node-1', {
      conditions: [...diskConditions('True'), { type: 'Error', status: 'True', message: 'I/O error' }],
      healthData: {
        nvme0n1: { source: 'SMART', modelName: 'Micron 7450', serialNumber: 'X1', healthStatus: 'FAILED' },
        nvme1n1: { source: 'SMART', healthStatus: 'PASSED' },
      },
    });
    expect(run(node)[0]?.message).toBe(
      'disk default-disk-node-1 (/var/lib/harvester/defaultdisk) reports an error (I/O error); disk default-disk-node-1 (/var/lib/harvester/defaultdisk): SMART health of nvme0n1 (Micron 7450 X1) is FAILED',
    );
    const warned = aLonghornNodeWithDisk('node-1', { healthData: { sda: { healthStatus: 'WARNING' } } });
    expect(run(warned)).toEqual([expect.objectContaining({ severity: 'warning' })]);
  });

  it('reports a node Longhorn does not see as Ready, and a disk without status', () => {
    const node: LonghornNode = {
      ...aLonghornNodeWithDisk('node-3', null),
      status: {
        conditions: { Ready: { status: 'False', reason: 'ManagerPodDown', message: 'null' } },
        diskStatus: {},
      },
    };
    expect(run(node)).toEqual([
      expect.objectContaining({
        severity: 'error',
        message:
          'the node is not Ready in Longhorn (ManagerPodDown); disk default-disk-node-3 (/var/lib/harvester/defaultdisk) has no status: Longhorn has not checked it',
      }),
    ]);
  });

  it('reads v1beta1 map-shaped conditions with "null" strings from old support bundles', () => {
    const old: LonghornNode = {
      ...aLonghornNode('node1'),
      status: {
        conditions: { Ready: { type: 'Ready', status: 'True', reason: 'null' } },
        diskStatus: {
          'default-disk-node1': {
            conditions: {
              Ready: { status: 'False', reason: 'null', message: 'Disk is not ready' },
              Schedulable: { status: 'False', reason: 'null', message: 'null' },
            },
          },
        },
      },
    };
    expect(run(old)).toEqual([
      expect.objectContaining({
        message: 'disk default-disk-node1 (/var/lib/harvester/defaultdisk) is not Ready (Disk is not ready)',
      }),
    ]);
  });

  it('does not throw on a Longhorn node with neither spec nor status', () => {
    expect(run({ kind: 'Node', metadata: { name: 'bare', namespace: 'longhorn-system' } })).toEqual([]);
  });
});
