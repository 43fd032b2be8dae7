import { aSetting, snapshotOf } from '../../test/builders.js';
import { aBackupTarget } from '../../test/node-loss-builders.js';
import type { Setting } from '../model/harvester.js';
import type { LonghornBackupTarget } from '../model/longhorn.js';
import { backupTargetUnhealthy } from './backup-target-unhealthy.js';

const NFS = '{"type":"nfs","endpoint":"nfs://10.0.0.50:/backups","refreshIntervalInSeconds":300}';
const configured = (status: string, message?: string): Setting => ({
  ...aSetting('backup-target', NFS),
  status: { conditions: [{ type: 'configured', status, ...(message ? { message } : {}) }] },
});
const run = (settings: Setting[], targets?: LonghornBackupTarget[]) =>
  backupTargetUnhealthy.run(
    snapshotOf({ harvesterSettings: settings, ...(targets ? { longhornBackupTargets: targets } : {}) }),
  );

describe('backup-target-unhealthy', () => {
  it('stays quiet on a configured target that Longhorn reaches', () => {
    expect(run([configured('True')], [aBackupTarget('nfs://10.0.0.50:/backups', true)])).toEqual([]);
    expect(run([aSetting('backup-target', NFS)])).toEqual([]);
  });

  it('warns when no backup target is configured', () => {
    const expected = {
      check: 'backup-target-unhealthy',
      severity: 'warning',
      object: { kind: 'Setting', name: 'backup-target' },
      message: 'no backup target is configured, so no VM can be backed up off the cluster before the upgrade',
      remedy: expect.stringContaining('Advanced > Settings > backup-target') as unknown,
    };
    expect(run([aSetting('backup-target', '{"type":""}')])).toEqual([expected]);
    expect(run([aSetting('backup-target', '')])).toEqual([expected]);
    expect(run([aSetting('server-version', 'v1.5.1')])).toEqual([expected]);
  });

  it('quotes why Harvester did not accept the target', () => {
    expect(run([configured('False', 'failed to mount nfs://10.0.0.50:/backups: permission denied')])).toEqual([
      expect.objectContaining({
        message:
          'nfs backup target nfs://10.0.0.50:/backups was not accepted by Harvester: failed to mount nfs://10.0.0.50:/backups: permission denied',
      }),
    ]);
  });

  it("quotes why Longhorn cannot reach it, and ignores Longhorn's empty default target", () => {
    const down = aBackupTarget('nfs://10.0.0.50:/backups', false, 'failed to list backup volumes: timeout');
    expect(run([configured('True')], [down, aBackupTarget('', false, 'backup target URL is empty')])).toEqual([
      {
        check: 'backup-target-unhealthy',
        severity: 'warning',
        object: { kind: 'BackupTarget', namespace: 'longhorn-system', name: 'default' },
        message:
          'Longhorn cannot reach nfs://10.0.0.50:/backups: failed to list backup volumes: timeout, so VM backups fail',
        remedy: expect.stringContaining(
          'kubectl -n longhorn-system get backuptargets.longhorn.io default -o yaml',
        ) as unknown,
      },
    ]);
  });
});
