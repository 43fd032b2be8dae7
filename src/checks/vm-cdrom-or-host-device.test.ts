import { aSetting, snapshotOf } from '../../test/builders.js';
import { aVm } from '../../test/kubevirt-builders.js';
import type { VirtualMachine } from '../model/kubevirt.js';
import { vmCdromOrHostDevice } from './vm-cdrom-or-host-device.js';

const cluster = (vms: VirtualMachine[], upgradeConfig = '{"restoreVM": false}') =>
  snapshotOf({ virtualMachines: vms, harvesterSettings: [aSetting('upgrade-config', upgradeConfig)] });
const running = (version: string, vms: VirtualMachine[]) =>
  snapshotOf({
    virtualMachines: vms,
    harvesterSettings: [aSetting('upgrade-config', '{"restoreVM": false}'), aSetting('server-version', version)],
  });

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

  describe('the v1.8.0 gate (harvester/harvester ef1bcad99)', () => {
    const installer = () => aVm('installer', { namespace: 'lab', cdrom: true });

    it('fails a CD-ROM VM while the running Harvester (v1.4.1 to v1.7.x) refuses it', () => {
      for (const version of ['v1.7.1', 'v1.4.1', 'v1.3.2']) {
        expect(vmCdromOrHostDevice.run(running(version, [installer()]))).toEqual([
          expect.objectContaining({ severity: 'error', message: 'is Running and has a CD-ROM disk (cdrom-disk)' }),
        ]);
      }
    });

    it('only notes a CD-ROM VM from v1.8.0, where Harvester no longer counts it as non-migratable', () => {
      for (const version of ['v1.8.0', 'v1.8.2', 'v1.9.0-rc6']) {
        expect(vmCdromOrHostDevice.run(running(version, [installer()]))).toEqual([
          {
            check: 'vm-cdrom-or-host-device',
            severity: 'info',
            object: { kind: 'VirtualMachine', namespace: 'lab', name: 'installer' },
            message: `is Running and has a CD-ROM disk (cdrom-disk): Harvester ${version} live-migrates it (from v1.8.0 a CD-ROM no longer makes a VM non-migratable), though the upgrade-helpers pre-check script, which does not look at the version, still fails it`,
            remedy: expect.stringContaining('vmi-live-migratable-condition') as unknown,
          },
        ]);
      }
    });

    it('still fails host devices from v1.8.0', () => {
      const vm = aVm('gpu', { cdrom: true, hostDevices: [{ name: 'hostdevice1' }] });
      expect(vmCdromOrHostDevice.run(running('v1.8.1', [vm]))).toEqual([
        expect.objectContaining({
          severity: 'error',
          message: 'is Running and has a CD-ROM disk (cdrom-disk) and host devices (hostdevice1)',
        }),
      ]);
    });
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
