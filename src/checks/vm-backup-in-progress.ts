import { counted, type Finding } from '../model/finding.js';
import type { VirtualMachineBackup } from '../model/harvester.js';
import { nameOf, namespaceOf, refOf } from '../model/kube-object.js';
import { itemsOf } from '../model/snapshot.js';
import { atLeast } from '../model/version.js';
import { isBackupProgressing } from '../facts/vm-backup.js';
import type { Check } from './check.js';
import { serverVersion } from '../facts/harvester-version.js';
import { sh } from '../model/shell.js';

const ID = 'vm-backup-in-progress';

const describeBackup = (backup: VirtualMachineBackup): string => {
  const kind = backup.spec?.type === 'snapshot' ? 'snapshot' : 'backup';
  const source = backup.spec?.source?.name;
  const progress = backup.status?.progress;
  const state = !backup.status
    ? 'no status yet'
    : typeof progress === 'number'
      ? `${String(progress)}% done`
      : 'readyToUse is not true';
  return `${kind}${source ? ` of VM ${source}` : ''} is in progress (${state})`;
};

/**
 * Harvester's upgrade webhook refuses to start while a VM backup or snapshot is in progress: "please wait until all
 * vmbackups are stopped, for example <ns>/<name> is under processing" (harvester/harvester:
 * pkg/webhook/resources/upgrade/validator.go checkVMBackups; from v1.4.0 via backport cddd66e73, v1.5.0 on main).
 * A running backup holds an extra Longhorn volume attachment, which can block the VM's live migration.
 */
export const vmBackupInProgress: Check = {
  id: ID,
  title: 'No VM backup or snapshot is in progress',
  problem: (findings) =>
    counted(findings, 'VM backup or snapshot is in progress', 'VM backups or snapshots are in progress'),
  description:
    'A VM backup or snapshot in progress holds an extra Longhorn volume attachment that can block live migration; ' +
    "from v1.4.0 Harvester's upgrade webhook refuses to start until none is.",
  needs: ['vmBackups'],
  optional: ['harvesterSettings'],
  run: (snapshot) => {
    const version = serverVersion(snapshot);
    const refused = version !== undefined && atLeast(version, 1, 4, 0);
    return itemsOf(snapshot, 'vmBackups')
      .filter(isBackupProgressing)
      .map((backup): Finding => ({
        check: ID,
        severity: refused ? 'error' : 'warning',
        object: refOf('VirtualMachineBackup', backup),
        message: describeBackup(backup),
        remedy:
          `Wait until it is ready (${sh`kubectl -n ${namespaceOf(backup)} get virtualmachinebackups.harvesterhci.io ${nameOf(backup)} -w`}), ` +
          `or delete it if it is stuck: ${sh`kubectl -n ${namespaceOf(backup)} delete virtualmachinebackups.harvesterhci.io ${nameOf(backup)}`}.`,
      }));
  },
};
