import { snapshotOf } from '../../test/builders.js';
import { aVm, aVmBackup } from '../../test/kubevirt-builders.js';
import type { VirtualMachineBackup } from '../model/harvester.js';
import type { VirtualMachine } from '../model/kubevirt.js';
import type { ClusterSnapshot } from '../model/snapshot.js';
import { DEFAULT_CHECK_OPTIONS } from './check.js';
import { vmWithoutRecentBackup } from './vm-without-recent-backup.js';

/** The builders' snapshots are read at 2026-11-22T00:00:00Z. */
const takenAt = (backup: VirtualMachineBackup, time: string): VirtualMachineBackup => ({
  ...backup,
  status: { ...backup.status, creationTime: time },
});
const snapshot = (vms: VirtualMachine[], backups: VirtualMachineBackup[]): ClusterSnapshot =>
  snapshotOf({ virtualMachines: vms, vmBackups: backups });

describe('vm-without-recent-backup', () => {
  it('stays quiet for a running VM backed up within 7 days of the read', () => {
    const backup = takenAt(aVmBackup('web-0-nightly', { source: 'web-0' }), '2026-11-21T02:00:00Z');
    expect(vmWithoutRecentBackup.run(snapshot([aVm('web-0')], [backup]))).toEqual([]);
  });

  it('lists a running VM never backed up, at info severity by default', () => {
    expect(vmWithoutRecentBackup.run(snapshot([aVm('db-0')], []))).toEqual([
      {
        check: 'vm-without-recent-backup',
        severity: 'info',
        object: { kind: 'VirtualMachine', namespace: 'default', name: 'db-0' },
        message: 'is running and has no completed backup',
        remedy: expect.stringContaining(
          `echo '{"apiVersion":"harvesterhci.io/v1beta1","kind":"VirtualMachineBackup","metadata":{"name":"db-0-pre-upgrade"},"spec":{"type":"backup","source":{"apiGroup":"kubevirt.io","kind":"VirtualMachine","name":"db-0"}}}' | kubectl -n default create -f -`,
        ) as unknown,
      },
    ]);
  });

  it('names the last backup when it is older than --backup-max-age, as a warning with --warn-old-backups', () => {
    const old = takenAt(aVmBackup('web-0-weekly', { source: 'web-0' }), '2026-11-10T02:00:00Z');
    const older = takenAt(aVmBackup('web-0-monthly', { source: 'web-0' }), '2026-10-22T02:00:00Z');
    const options = { ...DEFAULT_CHECK_OPTIONS, oldBackupSeverity: 'warning' as const };
    expect(vmWithoutRecentBackup.run(snapshot([aVm('web-0')], [older, old]), options)).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: 'its last completed backup, web-0-weekly taken 2026-11-10T02:00:00Z, is older than 7d',
      }),
    ]);
    const fortnight = { ...DEFAULT_CHECK_OPTIONS, backupMaxAgeMs: 14 * 86_400_000 };
    expect(vmWithoutRecentBackup.run(snapshot([aVm('web-0')], [old]), fortnight)).toEqual([]);
  });

  it('counts only completed backups of that VM, not snapshots, failed or running ones, nor other namespaces', () => {
    const at = (backup: VirtualMachineBackup) => takenAt(backup, '2026-11-21T02:00:00Z');
    const backups = [
      at(aVmBackup('snap', { source: 'web-0', type: 'snapshot' })),
      at(aVmBackup('failed', { source: 'web-0', readyToUse: false, error: 'target unreachable' })),
      at(aVmBackup('running', { source: 'web-0', readyToUse: null, progress: 40 })),
      at(aVmBackup('elsewhere', { source: 'web-0', namespace: 'other' })),
      at(aVmBackup('sibling', { source: 'web-1' })),
    ];
    expect(vmWithoutRecentBackup.run(snapshot([aVm('web-0')], backups))).toEqual([
      expect.objectContaining({ message: 'is running and has no completed backup' }),
    ]);
  });

  it('falls back to the object creation time, and ignores VMs that are not running', () => {
    const base = aVmBackup('web-0-b', { source: 'web-0' });
    const created: VirtualMachineBackup = {
      ...base,
      metadata: { ...base.metadata, creationTimestamp: '2026-11-21T00:00:00Z' },
    };
    expect(vmWithoutRecentBackup.run(snapshot([aVm('web-0')], [created]))).toEqual([]);
    expect(vmWithoutRecentBackup.run(snapshot([aVm('off', { printableStatus: 'Stopped' })], []))).toEqual([]);
  });

  it('says so when the last backup carries no time, and prefers one that does', () => {
    const timeless = aVmBackup('web-0-b', { source: 'web-0' });
    expect(vmWithoutRecentBackup.run(snapshot([aVm('web-0')], [timeless]))).toEqual([
      expect.objectContaining({
        message: 'its last completed backup, web-0-b, carries no time, so it cannot be shown to be younger than 7d',
      }),
    ]);
    const dated = takenAt(aVmBackup('web-0-c', { source: 'web-0' }), '2026-11-21T02:00:00Z');
    expect(vmWithoutRecentBackup.run(snapshot([aVm('web-0')], [timeless, dated]))).toEqual([]);
  });

  it('skips when the read time is unknown', () => {
    const unknown = { ...snapshot([], []), readAt: 'yesterday' };
    expect(vmWithoutRecentBackup.appliesTo?.(unknown)).toBe('the time the cluster was read is unknown (yesterday)');
    expect(vmWithoutRecentBackup.appliesTo?.(snapshot([], []))).toBeUndefined();
  });

  it.each([
    [7 * 86_400_000, '7d'],
    [36 * 3_600_000, '36h'],
    [90 * 60_000, '90m'],
  ])('writes a --backup-max-age of %d ms as %s', (ms, text) => {
    const timeless = aVmBackup('web-0-b', { source: 'web-0' });
    const options = { ...DEFAULT_CHECK_OPTIONS, backupMaxAgeMs: ms };
    expect(vmWithoutRecentBackup.run(snapshot([aVm('web-0')], [timeless]), options)).toEqual([
      expect.objectContaining({
        message: `its last completed backup, web-0-b, carries no time, so it cannot be shown to be younger than ${text}`,
      }),
    ]);
  });
});
