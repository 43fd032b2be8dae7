import { aSetting, snapshotOf } from '../../test/builders.js';
import { aBackupSchedule } from '../../test/kubevirt-builders.js';
import type { ScheduleVMBackup } from '../model/harvester.js';
import { vmBackupScheduleActive } from './vm-backup-schedule-active.js';

const cluster = (vmBackupSchedules: ScheduleVMBackup[], version = 'v1.5.0') =>
  snapshotOf({ vmBackupSchedules, harvesterSettings: version ? [aSetting('server-version', version)] : [] });

describe('vm-backup-schedule-active', () => {
  it('stays quiet when every schedule is suspended', () => {
    expect(vmBackupScheduleActive.run(cluster([aBackupSchedule('nightly', { suspend: true })]))).toEqual([]);
  });

  it('reports an active schedule as an error from v1.4.0, with the patch that suspends it', () => {
    const schedule = aBackupSchedule('nightly', { namespace: 'prod', source: 'db', cron: '0 2 * * *' });
    expect(vmBackupScheduleActive.run(cluster([schedule]))).toEqual([
      {
        check: 'vm-backup-schedule-active',
        severity: 'error',
        object: { kind: 'ScheduleVMBackup', namespace: 'prod', name: 'nightly' },
        message: 'backup schedule of VM db (cron "0 2 * * *") is not suspended',
        remedy: expect.stringContaining(
          `kubectl patch -n prod schedulevmbackups.harvesterhci.io nightly --type merge -p '{"spec":{"suspend":true}}'`,
        ) as unknown,
      },
    ]);
  });

  it('is a warning before v1.4.0 or when the version is unknown', () => {
    const schedule = aBackupSchedule('hourly', { type: 'snapshot' });
    expect(vmBackupScheduleActive.run(cluster([schedule], 'v1.3.2'))).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: 'snapshot schedule of VM vm-1 (cron "0 2 * * *") is not suspended',
      }),
    ]);
    expect(vmBackupScheduleActive.run(cluster([schedule], ''))).toEqual([
      expect.objectContaining({ severity: 'warning' }),
    ]);
  });

  it('still reports a schedule asked to suspend whose status does not say so yet', () => {
    const pending = aBackupSchedule('nightly', { suspend: true, suspended: null });
    expect(vmBackupScheduleActive.run(cluster([pending]))).toEqual([
      expect.objectContaining({
        message:
          'backup schedule of VM vm-1 (cron "0 2 * * *") has spec.suspend true but is not suspended yet (status.suspended is not true)',
        remedy: expect.stringContaining('status.conditions') as unknown,
      }),
    ]);
  });
});
