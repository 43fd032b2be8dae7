import { aSetting, snapshotOf } from '../../test/builders.js';
import { aVmBackup } from '../../test/kubevirt-builders.js';
import type { VirtualMachineBackup } from '../model/harvester.js';
import { vmBackupInProgress } from './vm-backup-in-progress.js';

const cluster = (vmBackups: VirtualMachineBackup[], version = 'v1.5.0') =>
  snapshotOf({ vmBackups, harvesterSettings: version ? [aSetting('server-version', version)] : [] });

describe('vm-backup-in-progress', () => {
  it('stays quiet when every backup is ready or has failed', () => {
    const backups = [aVmBackup('done'), aVmBackup('failed', { readyToUse: false, error: 'backup target unreachable' })];
    expect(vmBackupInProgress.run(cluster(backups))).toEqual([]);
  });

  it('reports a backup in progress as an error from v1.4.0, where the webhook refuses the upgrade', () => {
    const running = aVmBackup('nightly-1', { namespace: 'prod', readyToUse: false, progress: 40, source: 'db' });
    expect(vmBackupInProgress.run(cluster([aVmBackup('done'), running]))).toEqual([
      {
        check: 'vm-backup-in-progress',
        severity: 'error',
        object: { kind: 'VirtualMachineBackup', namespace: 'prod', name: 'nightly-1' },
        message: 'backup of VM db is in progress (40% done)',
        remedy: expect.stringContaining(
          'kubectl -n prod get virtualmachinebackups.harvesterhci.io nightly-1 -w',
        ) as unknown,
      },
    ]);
    expect(vmBackupInProgress.run(cluster([running], 'v1.4.0'))).toEqual([
      expect.objectContaining({ severity: 'error' }),
    ]);
  });

  it('is a warning before v1.4.0 or when the version is unknown', () => {
    const running = aVmBackup('nightly-1', { readyToUse: false });
    expect(vmBackupInProgress.run(cluster([running], 'v1.3.2'))).toEqual([
      expect.objectContaining({ severity: 'warning' }),
    ]);
    expect(vmBackupInProgress.run(cluster([running], ''))).toEqual([expect.objectContaining({ severity: 'warning' })]);
  });

  it('names snapshots and backups without status or readyToUse', () => {
    const backups = [
      aVmBackup('snap', { type: 'snapshot', readyToUse: null, source: 'web' }),
      aVmBackup('fresh', { noStatus: true }),
    ];
    expect(vmBackupInProgress.run(cluster(backups)).map((finding) => finding.message)).toEqual([
      'snapshot of VM web is in progress (readyToUse is not true)',
      'backup of VM vm-1 is in progress (no status yet)',
    ]);
  });
});
