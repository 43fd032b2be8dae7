import { counted, type Finding } from '../../model/finding.js';
import { nameOf, namespaceOf, refOf } from '../../model/kube-object.js';
import { sh } from '../../model/shell.js';
import { itemsOf } from '../../model/snapshot.js';
import { HARVESTER_ISSUE, type KnownIssue, minorOf, release, UPGRADE_DOC, vmVolumes } from '../known-issue.js';

export const containerDiskVmBlocksDrain: KnownIssue = {
  id: 'container-disk-vm-blocks-drain',
  title: 'No running VM uses a container disk',
  from: minorOf('v1.3'),
  to: release('v1.4.0'),
  detection: {
    kind: 'check',
    needs: ['virtualMachines'],
    // harvester/docs docs/upgrade/v1-3-2-to-v1-4-0.md known issue 1 (harvester#7005): a VM with a container disk
    // cannot be migrated, so the upgrade stays in pre-drain until it is stopped.
    problem: (findings) => counted(findings, 'running VM uses a container disk', 'running VMs use a container disk'),
    run: (snapshot) =>
      itemsOf(snapshot, 'virtualMachines').flatMap((vm): Finding[] => {
        if ((vm.status?.printableStatus ?? '') === 'Stopped') return [];
        const disks = vmVolumes(vm).filter((volume) => volume.containerDisk);
        if (disks.length === 0) return [];
        return [
          {
            check: 'container-disk-vm-blocks-drain',
            severity: 'warning',
            object: refOf('VirtualMachine', vm),
            message: `uses container disk ${disks.map((disk) => disk.name ?? '').join(', ')} and cannot be live-migrated, so the upgrade waits at pre-drain until it is stopped`,
            remedy: `Stop it before the node is drained: ${sh`kubectl -n ${namespaceOf(vm)} patch vm ${nameOf(vm)} --type merge -p '{"spec":{"runStrategy":"Halted"}}'`}`,
          },
        ];
      }),
  },
  sources: [`${UPGRADE_DOC}v1-3-2-to-v1-4-0`, `${HARVESTER_ISSUE}7005`],
  remedy: 'Stop VMs with container disks before their node is drained.',
};
