import { counted, type Finding } from '../../model/finding.js';
import { nameOf, namespaceOf, refOf } from '../../model/kube-object.js';
import { sh } from '../../model/shell.js';
import { itemsOf } from '../../model/snapshot.js';
import { HARVESTER_ISSUE, type KnownIssue, vmVolumes } from '../known-issue.js';

const OLD_VMDP_IMAGE = 'registry.suse.com/harvester-beta/vmdp:latest';
const VMDP_IMAGE = 'registry.suse.com/suse/vmdp/vmdp:2.5.4.2';

export const vmdpContainerDiskV12: KnownIssue = {
  id: 'vmdp-container-disk-v1-2',
  title: 'No VM uses the VMDP image that v1.1.0 stopped shipping',
  from: { below: 'v1.2.1-0' },
  to: { atLeast: 'v1.2.0-0', below: 'v1.2.2-0' },
  detection: {
    kind: 'check',
    needs: ['virtualMachines'],
    // harvester/docs versioned_docs/version-v1.3/upgrade/v1-1-2-to-v1-2-0.md known issue 8 (harvester#4534): the ISO
    // no longer carries harvester-beta/vmdp:latest, which Windows VMs made before v1.1.0 mount as a container disk;
    // once kubelet garbage-collects it, an air-gapped cluster cannot pull it again and the VM cannot start.
    problem: (findings) =>
      counted(
        findings,
        'VM uses the VMDP image that v1.1.0 stopped shipping',
        'VMs use the VMDP image that v1.1.0 stopped shipping',
      ),
    run: (snapshot) =>
      itemsOf(snapshot, 'virtualMachines').flatMap((vm): Finding[] => {
        const volumes = vmVolumes(vm);
        const old = volumes.filter((volume) => volume.containerDisk?.image === OLD_VMDP_IMAGE);
        if (old.length === 0) return [];
        return [
          {
            check: 'vmdp-container-disk-v1-2',
            severity: 'warning',
            object: refOf('VirtualMachine', vm),
            message: `volume ${old.map((volume) => volume.name ?? '').join(', ')} uses the container disk ${OLD_VMDP_IMAGE}, which the upgrade does not bring; without a registry the VM cannot start once the image is removed`,
            remedy: `Point the volume at ${VMDP_IMAGE} (${sh`kubectl -n ${namespaceOf(vm)} edit vm ${nameOf(vm)}`}) and restart the VM.`,
          },
        ];
      }),
  },
  sources: ['https://docs.harvesterhci.io/v1.3/upgrade/v1-1-2-to-v1-2-0', `${HARVESTER_ISSUE}4534`],
  remedy: `Replace ${OLD_VMDP_IMAGE} with ${VMDP_IMAGE} in the VM and restart it.`,
};
