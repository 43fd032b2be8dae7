import { expectFires, expectQuiet } from '../../../test/known-issue-scenarios.js';
import { aVm } from '../../../test/kubevirt-builders.js';
import { containerDiskVmBlocksDrain } from './container-disk-vm-blocks-drain.js';

const containerDiskVm = aVm('demo', { volumes: [{ name: 'cd', containerDisk: { image: 'quay.io/demo:1' } }] });

describe('container-disk-vm-blocks-drain', () => {
  it('fires', () => {
    expectFires(containerDiskVmBlocksDrain, {
      from: 'v1.3.2',
      to: 'v1.4.0',
      items: { virtualMachines: [containerDiskVm] },
    });
  });

  it('stays quiet', () => {
    expectQuiet(containerDiskVmBlocksDrain, {
      from: 'v1.3.2',
      to: 'v1.4.0',
      items: { virtualMachines: [aVm('plain')] },
    });
  });
});
