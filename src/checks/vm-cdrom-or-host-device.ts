import type { Finding } from '../model/finding.js';
import { nameOf, namespaceOf, refOf } from '../model/kube-object.js';
import { itemsOf } from '../model/snapshot.js';
import type { Check } from './check.js';
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
 */
export const vmCdromOrHostDevice: Check = {
  id: ID,
  title: 'No running VM has a CD-ROM or host devices',
  description:
    'A VM that is not stopped and has a CD-ROM disk or host devices cannot be live-migrated during the upgrade; ' +
    'the upgrade-helpers pre-check fails on it unless upgrade-config restoreVM is true.',
  needs: ['virtualMachines', 'harvesterSettings'],
  appliesTo: (snapshot) =>
    upgradeConfig(snapshot).restoreVM
      ? 'upgrade-config restoreVM is true: Harvester shuts these VMs down before upgrading their node and restores them afterwards'
      : undefined,
  run: (snapshot) =>
    itemsOf(snapshot, 'virtualMachines').flatMap((vm): Finding[] => {
      const status = vm.status?.printableStatus;
      if (status === 'Stopped') return [];
      const devices = vm.spec?.template?.spec?.domain?.devices;
      const cdroms = (devices?.disks ?? []).filter((disk) => disk.cdrom != null);
      const hostDevices = devices?.hostDevices ?? [];
      const has: string[] = [];
      if (cdroms.length > 0) has.push(`a CD-ROM disk (${names(cdroms)})`);
      if (hostDevices.length > 0) has.push(`host devices (${names(hostDevices)})`);
      if (has.length === 0) return [];
      const stop = stopVmCommand(namespaceOf(vm), nameOf(vm));
      const act = cdroms.length > 0 && hostDevices.length === 0 ? 'Eject the CD-ROM or stop the VM' : 'Stop the VM';
      return [
        {
          check: ID,
          severity: 'error',
          object: refOf('VirtualMachine', vm),
          message: `${status ? `is ${status}` : 'has no status (not Stopped)'} and has ${has.join(' and ')}`,
          remedy: `${act} before upgrading (${stop}), or ${RESTORE_VM_HINT}.`,
        },
      ];
    }),
};
