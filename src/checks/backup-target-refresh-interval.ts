import { BACKUP_TARGET_SETTING, settingNamed, settingValue } from '../model/harvester.js';
import { parseJson } from '../model/json.js';
import { refOf } from '../model/kube-object.js';
import { itemsOf } from '../model/snapshot.js';
import { sameMinor } from '../model/version.js';
import type { Check } from './check.js';
import { whenVersion } from './harvester-facts.js';

interface BackupTarget {
  readonly type?: unknown;
  readonly refreshIntervalInSeconds?: unknown;
}

const parse = (text: string | undefined): BackupTarget | undefined => {
  const parsed = parseJson(text ?? '');
  return typeof parsed === 'object' && parsed !== null ? parsed : undefined;
};

/** The interval as a number (the script's jq also reads "300"), or undefined when absent or not numeric. */
const intervalOf = (value: unknown): number | undefined => {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
};

/**
 * On v1.4.1 and v1.4.2 a configured backup target with refreshIntervalInSeconds 0 or unset makes Longhorn poll the
 * target without pause (harvester/harvester issue #7885, high CPU); the pre-check fails it on exactly those two
 * versions (harvester/upgrade-helpers: pre-check/v1.x/check.sh check_backup_target). An unconfigured target (no
 * type) passes.
 */
export const backupTargetRefreshInterval: Check = {
  id: 'backup-target-refresh-interval',
  title: 'The backup target has a refresh interval',
  description:
    'On Harvester v1.4.1 and v1.4.2 a configured backup target needs refreshIntervalInSeconds above 0 (issue #7885).',
  needs: ['harvesterSettings'],
  appliesTo: whenVersion(
    (version) => sameMinor(version, 1, 4) && (version.patch === 1 || version.patch === 2) && version.prerelease === '',
    'v1.4.1 and v1.4.2',
  ),
  run: (snapshot) => {
    const setting = settingNamed(itemsOf(snapshot, 'harvesterSettings'), BACKUP_TARGET_SETTING);
    const target = parse(settingValue(setting));
    if (!setting || !target || typeof target.type !== 'string' || target.type === '') return [];
    const interval = intervalOf(target.refreshIntervalInSeconds);
    if (interval !== undefined && interval > 0) return [];
    return [
      {
        check: 'backup-target-refresh-interval',
        severity: 'error',
        object: refOf('Setting', setting),
        message:
          `backup target of type ${target.type} ` +
          (interval === undefined
            ? 'has no refreshIntervalInSeconds'
            : `has refreshIntervalInSeconds ${String(interval)}`),
        remedy:
          'Set refreshIntervalInSeconds to a positive value such as 300 in the backup-target setting (Harvester UI: ' +
          'Advanced > Settings > backup-target) before upgrading (harvester/harvester issue #7885).',
      },
    ];
  },
};
