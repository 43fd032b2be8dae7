import { expectFires, expectQuiet } from '../../../test/known-issue-scenarios.js';
import { waitingRebootVlanScriptsV16 } from './waiting-reboot-vlan-scripts-v1-6.js';

describe('waiting-reboot-vlan-scripts-v1-6', () => {
  it('fires', () => {
    expectFires(waitingRebootVlanScriptsV16, { from: 'v1.5.1', to: 'v1.6.0' });
  });

  it('stays quiet', () => {
    expectQuiet(waitingRebootVlanScriptsV16, { from: 'v1.6.0', to: 'v1.6.1' });
  });
});
