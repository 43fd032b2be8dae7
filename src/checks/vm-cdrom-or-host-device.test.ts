import { aSetting, snapshotOf } from '../../test/builders.js';
import { aVm } from '../../test/kubevirt-builders.js';
import type { VirtualMachine } from '../model/kubevirt.js';
import { vmCdromOrHostDevice } from './vm-cdrom-or-host-device.js';

const cluster = (vms: VirtualMachine[], upgradeConfig = '{"restoreVM": false}') =>
  snapshotOf({ virtualMachines: vms, harvesterSettings: [aSetting('upgrade-config', upgradeConfig)] });

describe('vm-cdrom-or-host-device', () => {
  it('stays quiet on running VMs without CD-ROMs or host devices', () => {
    expect(vmCdromOrHostDevice.run(cluster([aVm('web'), aVm('db')]))).toEqual([]);
  });

  it('reports a running VM with a CD-ROM disk', () => {
    expect(vmCdromOrHostDevice.run(cluster([aVm('installer', { namespace: 'lab', cdrom: true })]))).toEqual([
      {
        check: 'vm-cdrom-or-host-device',
        severity: 'error',
        object: { kind: 'VirtualMachine', namespace: 'lab', name: 'installer' },
        message: 'is Running and has a CD-ROM disk (cdrom-disk)',
        remedy: expect.stringContaining(
          'Eject the CD-ROM or stop the VM before upgrading (virtctl stop installer -n lab)',
        ) as unknown,
      },
    ]);
  });

  it('names both causes, and points at restoreVM and its documentation', () => {
    const vm = aVm('gpu', {
      printableStatus: 'Paused',
      cdrom: true,
      hostDevices: [{ name: 'hostdevice1', deviceName: 'nvidia.com/TU104GL' }],
    });
    expect(vmCdromOrHostDevice.run(cluster([vm]))).toEqual([
      expect.objectContaining({
        message: 'is Paused and has a CD-ROM disk (cdrom-disk) and host devices (hostdevice1)',
        remedy: expect.stringMatching(
          /^Stop the VM before upgrading .*"restoreVM": true.*https:\/\/docs\.harvesterhci\.io\/v1\.6\/advanced\/index\/#upgrade-config/,
        ) as unknown,
      }),
    ]);
  });

  it('ignores stopped VMs and counts VMs without a status (the script compares with Stopped only)', () => {
    const vms = [
      aVm('stopped', { printableStatus: 'Stopped', cdrom: true }),
      aVm('new', { printableStatus: null, hostDevices: [{ name: 'usb1' }] }),
    ];
    expect(vmCdromOrHostDevice.run(cluster(vms))).toEqual([
      expect.objectContaining({
        object: { kind: 'VirtualMachine', namespace: 'default', name: 'new' },
        message: 'has no status (not Stopped) and has host devices (usb1)',
      }),
    ]);
  });

  it('ignores an empty host device list', () => {
    expect(vmCdromOrHostDevice.run(cluster([aVm('web', { hostDevices: [] })]))).toEqual([]);
  });

  describe('appliesTo', () => {
    it('applies without restoreVM, or when upgrade-config is missing or unreadable', () => {
      expect(vmCdromOrHostDevice.appliesTo?.(cluster([]))).toBeUndefined();
      expect(
        vmCdromOrHostDevice.appliesTo?.(snapshotOf({ virtualMachines: [], harvesterSettings: [] })),
      ).toBeUndefined();
      expect(vmCdromOrHostDevice.appliesTo?.(cluster([], 'not json'))).toBeUndefined();
    });

    it('is skipped when restoreVM is true', () => {
      expect(vmCdromOrHostDevice.appliesTo?.(cluster([], '{"restoreVM": true}'))).toMatch(/restoreVM is true/);
    });
  });
});
