import { aVm, aVmi } from '../../../test/kubevirt-builders.js';
import { expectInforms, expectQuiet, pathOn, type Scenario } from '../../../test/known-issue-scenarios.js';
import type { VirtualMachine } from '../../model/kubevirt.js';
import { firmwareUuidRestartRequiredV17 } from './firmware-uuid-restart-required-v1-7.js';

/** A VM whose template already carries a firmware UUID, as KubeVirt 1.6 persists it. */
const withUuid = (vm: VirtualMachine): VirtualMachine => {
  const template = vm.spec?.template;
  return {
    ...vm,
    spec: {
      ...vm.spec,
      template: {
        ...template,
        spec: { ...template?.spec, domain: { ...template?.spec?.domain, firmware: { uuid: 'd633a622-2335-5606' } } },
      },
    },
  };
};

const scenario = (vms: VirtualMachine[], from = 'v1.6.1', to = 'v1.7.0'): Scenario => ({
  from,
  to,
  items: { virtualMachines: vms, vmis: [aVmi('web-0')] },
});

describe('firmware-uuid-restart-required-v1-7', () => {
  it('fires for a running VM without a firmware UUID', () => {
    expectInforms(
      firmwareUuidRestartRequiredV17,
      scenario([aVm('web-0'), aVm('stopped', { printableStatus: 'Stopped' })]),
    );
  });

  it('stays quiet for a VM with a UUID, a stopped VM, and on v1.7 → v1.8', () => {
    expectQuiet(
      firmwareUuidRestartRequiredV17,
      scenario([withUuid(aVm('web-0')), aVm('stopped', { printableStatus: 'Stopped' })]),
    );
    expectQuiet(firmwareUuidRestartRequiredV17, scenario([aVm('web-0')], 'v1.7.1', 'v1.8.0'));
  });

  it('names the VMs by namespace and name, as a live list orders them, whatever the bundle order', () => {
    const report = pathOn(firmwareUuidRestartRequiredV17, {
      from: 'v1.6.1',
      to: 'v1.7.0',
      items: { virtualMachines: [aVm('web-0'), aVm('db-0')], vmis: [aVmi('web-0'), aVmi('db-0')] },
    });
    expect(report.findings.map((finding) => finding.object.name)).toEqual(['db-0', 'web-0']);
  });
});
