import { counted, type Finding } from '../model/finding.js';
import type { ScheduleVMBackup } from '../model/harvester.js';
import { nameOf, namespaceOf, refOf } from '../model/kube-object.js';
import { itemsOf } from '../model/snapshot.js';
import { atLeast } from '../model/version.js';
import { isScheduleActive } from '../facts/vm-backup.js';
import type { Check } from './check.js';
import { serverVersion } from '../facts/harvester-version.js';
import { sh } from '../model/shell.js';

const ID = 'vm-backup-schedule-active';

const describeSchedule = (schedule: ScheduleVMBackup): string => {
  const spec = schedule.spec;
  const kind = spec?.vmbackup?.type === 'snapshot' ? 'snapshot' : 'backup';
  const source = spec?.vmbackup?.source?.name;
  const cron = spec?.cron ? ` (cron "${spec.cron}")` : '';
  const what = `${kind} schedule${source ? ` of VM ${source}` : ''}${cron}`;
  return spec?.suspend === true
    ? `${what} has spec.suspend true but is not suspended yet (status.suspended is not true)`
    : `${what} is not suspended`;
};

/**
 * Harvester's upgrade webhook refuses to start while a backup or snapshot schedule is not suspended, since it can
 * start a backup at any time: "please suspend all backup/snapshot schedule, for example <ns>/<name> is running"
 * (harvester/harvester: pkg/webhook/resources/upgrade/validator.go checkScheduleVMBackups; from v1.4.0 via backport
 * cddd66e73, v1.5.0 on main).
 */
export const vmBackupScheduleActive: Check = {
  id: ID,
  title: 'VM backup and snapshot schedules are suspended',
  problem: (findings) =>
    counted(findings, 'VM backup or snapshot schedule is active', 'VM backup or snapshot schedules are active'),
  description:
    'An active backup or snapshot schedule can start a backup during the upgrade and block live migration; from ' +
    "v1.4.0 Harvester's upgrade webhook refuses to start until every schedule is suspended.",
  needs: ['vmBackupSchedules'],
  optional: ['harvesterSettings'],
  run: (snapshot) => {
    const version = serverVersion(snapshot);
    const refused = version !== undefined && atLeast(version, 1, 4, 0);
    return itemsOf(snapshot, 'vmBackupSchedules')
      .filter(isScheduleActive)
      .map((schedule): Finding => {
        const spec = schedule.spec;
        const [namespace, name] = [namespaceOf(schedule), nameOf(schedule)];
        return {
          check: ID,
          severity: refused ? 'error' : 'warning',
          object: refOf('ScheduleVMBackup', schedule),
          message: describeSchedule(schedule),
          remedy:
            spec?.suspend === true
              ? `Check why the schedule controller has not suspended it: ${sh`kubectl get -n ${namespace} schedulevmbackups.harvesterhci.io ${name} -o yaml`} (status.conditions).`
              : `Suspend it for the upgrade (spec.suspend): ${sh`kubectl patch -n ${namespace} schedulevmbackups.harvesterhci.io ${name} --type merge -p '{"spec":{"suspend":true}}'`}; ` +
                'set it back to false afterwards.',
        };
      });
  },
};
