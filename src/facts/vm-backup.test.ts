import { aBackupSchedule, aVmBackup } from '../../test/kubevirt-builders.js';
import type { VirtualMachineBackup } from '../model/harvester.js';
import { isBackupProgressing, isScheduleActive } from './vm-backup.js';

describe('isBackupProgressing', () => {
  it('follows the webhook index: no error and readyToUse not true', () => {
    expect(isBackupProgressing(aVmBackup('a'))).toBe(false);
    expect(isBackupProgressing(aVmBackup('b', { readyToUse: false }))).toBe(true);
    expect(isBackupProgressing(aVmBackup('c', { readyToUse: null }))).toBe(true);
    expect(isBackupProgressing(aVmBackup('d', { noStatus: true }))).toBe(true);
    expect(isBackupProgressing(aVmBackup('e', { readyToUse: false, error: 'boom' }))).toBe(false);
  });

  it('counts an error object even without a message, and ignores a null error', () => {
    const withEmptyError = { ...aVmBackup('f', { readyToUse: false }), status: { readyToUse: false, error: {} } };
    const withNullError: VirtualMachineBackup = { status: { readyToUse: false, error: null } };
    expect(isBackupProgressing(withEmptyError)).toBe(false);
    expect(isBackupProgressing(withNullError)).toBe(true);
  });
});

describe('isScheduleActive', () => {
  it('reads status.suspended only, as the webhook index does', () => {
    expect(isScheduleActive(aBackupSchedule('a', { suspend: true }))).toBe(false);
    expect(isScheduleActive(aBackupSchedule('b'))).toBe(true);
    expect(isScheduleActive(aBackupSchedule('c', { suspend: false, suspended: true }))).toBe(false);
    expect(isScheduleActive({ metadata: { name: 'bare' } })).toBe(true);
  });
});
