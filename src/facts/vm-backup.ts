import type { ScheduleVMBackup, VirtualMachineBackup } from '../model/harvester.js';

/**
 * The webhook index `VMBackupByIsProgressing` (pkg/webhook/indexeres/indexer.go, via pkg/backup/common/operator.go
 * IsProcessing; pkg/controller/master/backup/util.go IsBackupProgressing before): no `status.error` and
 * `status.readyToUse` not true. A backup without any status counts, and so does one being deleted.
 */
export const isBackupProgressing = (backup: VirtualMachineBackup): boolean => {
  const status = backup.status;
  return status?.error == null && status?.readyToUse !== true;
};

/**
 * The webhook index `ScheduleVMBackupBySuspended` (pkg/webhook/indexeres/indexer.go) reads `status.suspended`, which
 * the schedule controller sets once it has suspended the CronJob (pkg/controller/master/schedulevmbackup/common.go
 * updateSuspendState). `spec.suspend` alone does not count.
 */
export const isScheduleActive = (schedule: ScheduleVMBackup): boolean => schedule.status?.suspended !== true;
