import { backupTargetRefreshFindings } from '../../facts/backup-target-refresh.js';
import { HARVESTER_ISSUE, type KnownIssue, release, sameAsCheck, UPGRADE_DOC } from '../known-issue.js';
import { counted } from '../../model/finding.js';

export const backupTargetRefreshToV142: KnownIssue = {
  id: 'backup-target-refresh-to-v1-4-2',
  title: 'The backup target has a refresh interval before v1.4.2',
  from: { below: 'v1.4.2-0' },
  to: release('v1.4.2'),
  // v1.4.2 introduced refreshIntervalInSeconds; empty or 0 refreshes the target without pause (high CPU,
  // harvester/docs docs/upgrade/v1-4-1-to-v1-4-2.md known issue 1, harvester#7885). Same rule as the check.
  detection: sameAsCheck('backup-target-refresh-to-v1-4-2', ['harvesterSettings'], {
    run: backupTargetRefreshFindings,
    problem: (findings) =>
      counted(findings, 'backup target has no refresh interval', 'backup targets have no refresh interval'),
  }),
  sources: [`${UPGRADE_DOC}v1-4-1-to-v1-4-2`, `${HARVESTER_ISSUE}7885`],
  remedy:
    'Set refreshIntervalInSeconds in the backup-target setting to a positive value (for example 60) before upgrading.',
};
