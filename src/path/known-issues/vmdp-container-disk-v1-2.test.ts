import { expectFires, expectQuiet } from '../../../test/known-issue-scenarios.js';
import { aVm } from '../../../test/kubevirt-builders.js';
import { vmdpContainerDiskV12 } from './vmdp-container-disk-v1-2.js';

const windowsVm = (image: string) => aVm('windows', { volumes: [{ name: 'vmdp', containerDisk: { image } }] });

describe('vmdp-container-disk-v1-2', () => {
  it('fires', () => {
    expectFires(vmdpContainerDiskV12, {
      from: 'v1.2.0',
      to: 'v1.2.1',
      items: { virtualMachines: [windowsVm('registry.suse.com/harvester-beta/vmdp:latest')] },
    });
  });

  it('stays quiet', () => {
    expectQuiet(vmdpContainerDiskV12, {
      from: 'v1.2.0',
      to: 'v1.2.1',
      items: { virtualMachines: [windowsVm('registry.suse.com/suse/vmdp/vmdp:2.5.4.2')] },
    });
  });
});
