import { aVm } from '../../../test/kubevirt-builders.js';
import { expectInforms, expectQuiet, type Scenario } from '../../../test/known-issue-scenarios.js';
import type { VirtualMachine } from '../../model/kubevirt.js';
import { restartRequiredShownV16 } from './restart-required-shown-v1-6.js';

/** A running VM whose MAC address Harvester < v1.6 copied into its spec: KubeVirt marks it RestartRequired. */
const restartRequired = (name: string, status: string): VirtualMachine => ({
  ...aVm(name),
  status: {
    printableStatus: 'Running',
    conditions: [
      { type: 'RestartRequired', status, message: 'a non-live-updatable field was changed in the template spec' },
    ],
  },
});

const scenario = (status: string): Scenario => ({
  from: 'v1.5.1',
  to: 'v1.6.0',
  items: { virtualMachines: [restartRequired('web-0', status), aVm('db-0')] },
});

describe('restart-required-shown-v1-6', () => {
  it('fires for a VM marked RestartRequired', () => {
    expectInforms(restartRequiredShownV16, scenario('True'));
  });

  it('stays quiet when the condition is False', () => {
    expectQuiet(restartRequiredShownV16, scenario('False'));
  });
});
