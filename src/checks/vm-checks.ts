import type { Check } from './check.js';
import { vmBackupInProgress } from './vm-backup-in-progress.js';
import { vmBackupScheduleActive } from './vm-backup-schedule-active.js';
import { vmCdromOrHostDevice } from './vm-cdrom-or-host-device.js';
import { vmNotLiveMigratable } from './vm-not-live-migratable.js';
import { vmStaleHotplug } from './vm-stale-hotplug.js';
import { vmiLiveMigratableCondition } from './vmi-live-migratable-condition.js';

/**
 * VMs and VM backups: first what Harvester's upgrade webhook refuses (in its own order: backups, schedules,
 * non-live-migratable VMs, stale hotplug state), then the upgrade-helpers script's VM test, then what the node
 * drains will do to each running VM.
 */
export const VM_CHECKS: readonly Check[] = [
  vmBackupInProgress,
  vmBackupScheduleActive,
  vmNotLiveMigratable,
  vmStaleHotplug,
  vmCdromOrHostDevice,
  vmiLiveMigratableCondition,
];
