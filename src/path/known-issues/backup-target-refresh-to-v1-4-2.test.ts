import { aSetting } from '../../../test/builders.js';
import { expectFires, expectQuiet, type Scenario } from '../../../test/known-issue-scenarios.js';
import { backupTargetRefreshToV142 } from './backup-target-refresh-to-v1-4-2.js';

const withBackupTarget = (target: string): Scenario => ({
  from: 'v1.4.1',
  to: 'v1.4.2',
  items: { harvesterSettings: [aSetting('server-version', 'v1.4.1'), aSetting('backup-target', target)] },
});

describe('backup-target-refresh-to-v1-4-2', () => {
  it('fires', () => {
    expectFires(backupTargetRefreshToV142, withBackupTarget('{"type":"nfs","endpoint":"nfs://x:/b"}'));
  });

  it('stays quiet', () => {
    expectQuiet(
      backupTargetRefreshToV142,
      withBackupTarget('{"type":"nfs","endpoint":"nfs://x:/b","refreshIntervalInSeconds":60}'),
    );
  });
});
