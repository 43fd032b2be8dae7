import { counted, type Finding } from '../model/finding.js';
import { nameOf, namespaceOf, refOf } from '../model/kube-object.js';
import { itemsOf } from '../model/snapshot.js';
import { atLeast } from '../model/version.js';
import type { Check } from './check.js';
import { serverVersion } from '../facts/harvester-version.js';
import { upgradeConfig } from '../facts/harvester-upgrade.js';
import { RESTORE_VM_HINT, stopVmCommand } from '../facts/vm-migration-rules.js';

const ID = 'vm-cdrom-or-host-device';

const names = (items: readonly { readonly name?: string }[]): string =>
  items.map((item) => item.name ?? 'unnamed').join(', ');

/**
 * The upgrade-helpers pre-check "Virtual-Machines" test (harvester/upgrade-helpers: pre-check/v1.x/check.sh
 * check_virtual_machines_live_migration) fails on any VM whose `status.printableStatus` is not Stopped and whose
 * template has a CD-ROM disk or host devices, unless upgrade-config restoreVM is true: such VMs cannot be
 * live-migrated off a node being upgraded. (The script's yq filters are mis-parenthesised; this is their intent.)
 *
 * The script is version-blind; Harvester is not. From v1.8.0 its own rule no longer counts a CD-ROM (or a container
 * disk) as non-migratable (harvester/harvester ef1bcad99, "add CD-ROM hotplug volumes": GetAllNonLiveMigratableVMINames
 * in pkg/util/virtualmachineinstance/virtualmachineinstance.go, used by the upgrade webhook and the pre-drain
 * vm-live-migrate-detector), and KubeVirt's LiveMigratable condition decides instead. The webhook that judges the
 * Upgrade is the running release's, so this check follows the running version: a CD-ROM alone is an error up to
 * v1.7.x, and from v1.8.0 an info finding that says the script still fails it. An unknown version keeps the
 * script's rule. Host devices stay an error on every version.
 */
export const vmCdromOrHostDevice: Check = {
  id: ID,
  title: 'No running VM has a CD-ROM or host devices',
  problem: (findings) =>
    counted(findings, 'running VM has a CD-ROM or host devices', 'running VMs have a CD-ROM or host devices'),
  description:
    'A VM that is not stopped and has a CD-ROM disk or host devices cannot be live-migrated during the upgrade; ' +
    'the upgrade-helpers pre-check fails on it unless upgrade-config restoreVM is true. From v1.8.0 Harvester ' +
    'migrates CD-ROM VMs, so a CD-ROM alone is only noted.',
  needs: ['virtualMachines', 'harvesterSettings'],
  appliesTo: (snapshot) =>
    upgradeConfig(snapshot).restoreVM
      ? 'upgrade-config restoreVM is true: Harvester shuts these VMs down before upgrading their node and restores them afterwards'
      : undefined,
  run: (snapshot) => {
    const version = serverVersion(snapshot);
    // Only the v1.8.0 gate relaxes: before v1.4.1 nothing counted CD-ROMs, yet such VMs did not migrate (harvester#7005).
    const cdromMigrates = version !== undefined && atLeast(version, 1, 8, 0);
    return itemsOf(snapshot, 'virtualMachines').flatMap((vm): Finding[] => {
      const status = vm.status?.printableStatus;
      if (status === 'Stopped') return [];
      const devices = vm.spec?.template?.spec?.domain?.devices;
      const cdroms = (devices?.disks ?? []).filter((disk) => disk.cdrom != null);
      const hostDevices = devices?.hostDevices ?? [];
      const has: string[] = [];
      if (cdroms.length > 0) has.push(`a CD-ROM disk (${names(cdroms)})`);
      if (hostDevices.length > 0) has.push(`host devices (${names(hostDevices)})`);
      if (has.length === 0) return [];
      const state = status ? `is ${status}` : 'has no status (not Stopped)';
      if (cdromMigrates && hostDevices.length === 0) {
        return [
          {
            check: ID,
            severity: 'info',
            object: refOf('VirtualMachine', vm),
            message: `${state} and has ${has.join(' and ')}: Harvester ${version.text} live-migrates it (from v1.8.0 a CD-ROM no longer makes a VM non-migratable), though the upgrade-helpers pre-check script, which does not look at the version, still fails it`,
            remedy:
              "Nothing to do for Harvester's own checks; KubeVirt's LiveMigratable condition decides whether it can move (see vmi-live-migratable-condition).",
          },
        ];
      }
      const stop = stopVmCommand(namespaceOf(vm), nameOf(vm));
      const act = cdroms.length > 0 && hostDevices.length === 0 ? 'Eject the CD-ROM or stop the VM' : 'Stop the VM';
      return [
        {
          check: ID,
          severity: 'error',
          object: refOf('VirtualMachine', vm),
          message: `${state} and has ${has.join(' and ')}`,
          remedy: `${act} before upgrading (${stop}), or ${RESTORE_VM_HINT}.`,
        },
      ];
    });
  },
};
