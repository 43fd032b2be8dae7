import { aSetting, snapshotOf } from '../../test/builders.js';
import { backupTargetRefreshFindings } from './backup-target-refresh.js';

const withTarget = (target: Record<string, unknown>) =>
  snapshotOf({ harvesterSettings: [aSetting('backup-target', JSON.stringify(target))] });

describe('backupTargetRefreshFindings', () => {
  it('finds a configured target without a refresh interval', () => {
    const findings = backupTargetRefreshFindings(withTarget({ type: 'nfs', endpoint: 'nfs://backups' }));
    expect(findings.map((finding) => finding.message)).toEqual([
      'backup target of type nfs has no refreshIntervalInSeconds',
    ]);
  });

  it('finds nothing for a positive interval, or for no target at all', () => {
    expect(backupTargetRefreshFindings(withTarget({ type: 'nfs', refreshIntervalInSeconds: 300 }))).toEqual([]);
    expect(backupTargetRefreshFindings(withTarget({ type: '' }))).toEqual([]);
  });
});
