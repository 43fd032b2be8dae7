import { counted, type Finding } from '../../model/finding.js';
import { labelOf, nameOf, refOf } from '../../model/kube-object.js';
import { itemsOf } from '../../model/snapshot.js';
import { HARVESTER_ISSUE, type KnownIssue, minorOf, UPGRADE_DOC } from '../known-issue.js';

const ID = 'guest-cluster-node-address-v1-6';
/** Rancher's Harvester node driver labels the VMs it creates (harvester/docker-machine-driver-harvester, builder.NewVMBuilder). */
const CREATOR_LABEL = 'harvesterhci.io/creator';
const NODE_DRIVER = 'docker-machine-driver-harvester';
const GUEST_CLUSTER_LABEL = 'guestcluster.harvesterhci.io/name';

export const guestClusterNodeAddressV16: KnownIssue = {
  id: ID,
  title: 'RKE2 guest clusters leave "Updating" after the upgrade',
  from: minorOf('v1.5'),
  to: minorOf('v1.6'),
  detection: {
    kind: 'check',
    needs: ['virtualMachines'],
    // harvester/docs docs/upgrade/v1-5-x-to-v1-6-x.md known issue 2 (harvester#8950): a guest-cluster node VM that
    // is restarted during the upgrade may get another DHCP address, its etcd member breaks, and the guest cluster
    // stays "Updating" (Node condition Ready is Unknown) until that node is deleted in Rancher.
    problem: (findings) =>
      counted(
        findings,
        'RKE2 guest cluster VM will keep its cluster "Updating"',
        'RKE2 guest cluster VMs will keep their clusters "Updating"',
      ),
    run: (snapshot) =>
      itemsOf(snapshot, 'virtualMachines')
        .filter((vm) => labelOf(vm, CREATOR_LABEL) === NODE_DRIVER)
        .map((vm): Finding => {
          const cluster = labelOf(vm, GUEST_CLUSTER_LABEL);
          return {
            check: ID,
            severity: 'info',
            object: refOf('VirtualMachine', vm),
            message: `${nameOf(vm)} is a node of ${cluster ? `guest cluster ${cluster}` : 'a Rancher guest cluster'}; if it gets another DHCP address after the upgrade, that guest cluster stays "Updating"`,
            remedy:
              'If it happens: delete that node from the guest cluster in Rancher, restart the VM if needed, and let Rancher create a new node.',
          };
        }),
  },
  sources: [`${UPGRADE_DOC}v1-5-x-to-v1-6-x`, `${HARVESTER_ISSUE}8950`],
  remedy:
    'Give guest-cluster node VMs fixed DHCP leases, or after the upgrade delete a stuck node from its guest cluster in Rancher.',
};
