import { counted, type Finding } from '../model/finding.js';
import type { VirtualMachineBackup } from '../model/harvester.js';
import { nameOf, namespaceOf, qualifiedName, refOf } from '../model/kube-object.js';
import type { VirtualMachine } from '../model/kubevirt.js';
import { itemsOf } from '../model/snapshot.js';
import { DEFAULT_CHECK_OPTIONS, type Check } from './check.js';
import { sh } from '../model/shell.js';

const ID = 'vm-without-recent-backup';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** `7d`, `36h`, `90m`: the age as --backup-max-age would take it. */
const formatAge = (ms: number): string =>
  ms % DAY_MS === 0
    ? `${String(ms / DAY_MS)}d`
    : ms % HOUR_MS === 0
      ? `${String(ms / HOUR_MS)}h`
      : `${String(Math.round(ms / 60_000))}m`;

/**
 * A backup that can restore the VM: type backup (a snapshot stays on the cluster's own Longhorn disks and is lost
 * with them), readyToUse and no error (harvester/harvester: pkg/apis/harvesterhci.io/v1beta1/backup.go).
 */
const isCompletedBackup = (backup: VirtualMachineBackup): boolean =>
  backup.spec?.type !== 'snapshot' && backup.status?.readyToUse === true && backup.status.error == null;

/** When the backup was taken: status.creationTime, else when the object was created. */
const takenAt = (backup: VirtualMachineBackup): number =>
  Date.parse(backup.status?.creationTime ?? backup.metadata?.creationTimestamp ?? '');

const backupCommand = (vm: VirtualMachine): string => {
  const manifest = {
    apiVersion: 'harvesterhci.io/v1beta1',
    kind: 'VirtualMachineBackup',
    metadata: { name: `${nameOf(vm)}-pre-upgrade` },
    spec: { type: 'backup', source: { apiGroup: 'kubevirt.io', kind: 'VirtualMachine', name: nameOf(vm) } },
  };
  return sh`echo '${JSON.stringify(manifest)}' | kubectl -n ${namespaceOf(vm)} create -f -`;
};

/**
 * If a node is lost mid-upgrade, a VM whose volumes lose their replicas can only be restored from a backup on the
 * backup target. Every running VM should have a completed backup younger than --backup-max-age (default 7 days),
 * measured against the time the cluster was read (for a bundle, when it was taken). Info by default, since many VMs
 * are disposable; --warn-old-backups makes it a warning.
 */
export const vmWithoutRecentBackup: Check = {
  id: ID,
  title: 'Running VMs have a recent backup',
  problem: (findings) => counted(findings, 'running VM has no recent backup', 'running VMs have no recent backup'),
  description:
    'Every running VM should have a completed backup (not a snapshot) younger than --backup-max-age (7d) on the backup target, to restore it if a node is lost mid-upgrade; info, or a warning with --warn-old-backups.',
  needs: ['virtualMachines', 'vmBackups'],
  appliesTo: (snapshot) =>
    Number.isNaN(Date.parse(snapshot.readAt))
      ? `the time the cluster was read is unknown (${snapshot.readAt})`
      : undefined,
  run: (snapshot, options = DEFAULT_CHECK_OPTIONS) => {
    const now = Date.parse(snapshot.readAt);
    const maxAge = formatAge(options.backupMaxAgeMs);
    const latest = new Map<string, VirtualMachineBackup>();
    for (const backup of itemsOf(snapshot, 'vmBackups')) {
      const source = backup.spec?.source;
      if (!isCompletedBackup(backup) || !source?.name || (source.kind && source.kind !== 'VirtualMachine')) continue;
      const key = `${namespaceOf(backup)}/${source.name}`;
      const known = latest.get(key);
      // A backup without any time (NaN) is kept only while nothing better is known.
      if (!known || takenAt(backup) > takenAt(known) || Number.isNaN(takenAt(known))) latest.set(key, backup);
    }
    return itemsOf(snapshot, 'virtualMachines')
      .filter((vm) => vm.status?.printableStatus === 'Running')
      .flatMap((vm): Finding[] => {
        const last = latest.get(qualifiedName(vm));
        if (last && now - takenAt(last) <= options.backupMaxAgeMs) return [];
        const when = last?.status?.creationTime ?? last?.metadata?.creationTimestamp;
        const message = !last
          ? 'is running and has no completed backup'
          : Number.isNaN(takenAt(last))
            ? `its last completed backup, ${nameOf(last)}, carries no time, so it cannot be shown to be younger than ${maxAge}`
            : `its last completed backup, ${nameOf(last)} taken ${when ?? ''}, is older than ${maxAge}`;
        return [
          {
            check: ID,
            severity: options.oldBackupSeverity,
            object: refOf('VirtualMachine', vm),
            message,
            remedy: `Back it up before upgrading (Harvester UI: Virtual Machines > ${nameOf(vm)} > Take Backup, or ${backupCommand(vm)}).`,
          },
        ];
      });
  },
};
