import { sameMinor } from '../model/version.js';
import { whenVersion } from '../facts/harvester-version.js';
import type { Check } from './check.js';
import { backupTargetRefreshFindings } from '../facts/backup-target-refresh.js';
import { counted } from '../model/finding.js';

/**
 * On v1.4.1 and v1.4.2 a configured backup target with refreshIntervalInSeconds 0 or unset makes Longhorn poll the
 * target without pause (harvester/harvester issue #7885, high CPU); the pre-check fails it on exactly those two
 * versions (harvester/upgrade-helpers: pre-check/v1.x/check.sh check_backup_target). An unconfigured target (no
 * type) passes.
 */
export const backupTargetRefreshInterval: Check = {
  id: 'backup-target-refresh-interval',
  title: 'The backup target has a refresh interval',
  problem: (findings) =>
    counted(findings, 'backup target has no refresh interval', 'backup targets have no refresh interval'),
  description:
    'On Harvester v1.4.1 and v1.4.2 a configured backup target needs refreshIntervalInSeconds above 0 (issue #7885).',
  needs: ['harvesterSettings'],
  appliesTo: whenVersion(
    (version) => sameMinor(version, 1, 4) && (version.patch === 1 || version.patch === 2) && version.prerelease === '',
    'v1.4.1 and v1.4.2',
  ),
  run: backupTargetRefreshFindings,
};
