import { aVm } from '../../../test/kubevirt-builders.js';
import { expectInforms, expectQuiet } from '../../../test/known-issue-scenarios.js';
import type { VirtualMachine } from '../../model/kubevirt.js';
import { guestClusterNodeAddressV16 } from './guest-cluster-node-address-v1-6.js';

/** A VM as Rancher's Harvester node driver creates it for guest cluster gc31. */
const guestNode = (name: string): VirtualMachine => {
  const vm = aVm(name);
  return {
    ...vm,
    metadata: {
      ...vm.metadata,
      labels: {
        'harvesterhci.io/creator': 'docker-machine-driver-harvester',
        'guestcluster.harvesterhci.io/name': 'gc31',
      },
    },
  };
};

describe('guest-cluster-node-address-v1-6', () => {
  it('fires for a node VM of a guest cluster', () => {
    expectInforms(guestClusterNodeAddressV16, {
      from: 'v1.5.2',
      to: 'v1.6.1',
      items: { virtualMachines: [guestNode('gc31-pool1-g4nfh-5hv8l'), aVm('web-0')] },
    });
  });

  it('stays quiet for VMs made by hand, and on v1.6 → v1.7', () => {
    expectQuiet(guestClusterNodeAddressV16, {
      from: 'v1.5.2',
      to: 'v1.6.1',
      items: { virtualMachines: [aVm('web-0')] },
    });
    expectQuiet(guestClusterNodeAddressV16, {
      from: 'v1.6.1',
      to: 'v1.7.0',
      items: { virtualMachines: [guestNode('gc31-pool1-g4nfh-5hv8l')] },
    });
  });
});
