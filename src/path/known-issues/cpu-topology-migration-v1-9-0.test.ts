import { aVmi } from '../../../test/kubevirt-builders.js';
import { expectFires, expectQuiet, type Scenario } from '../../../test/known-issue-scenarios.js';
import type { CpuTopology, VirtualMachineInstance } from '../../model/kubevirt.js';
import { cpuTopologyMigrationV190 } from './cpu-topology-migration-v1-9-0.js';

const withCpu = (vmi: VirtualMachineInstance, cpu: CpuTopology): VirtualMachineInstance => ({
  ...vmi,
  spec: { ...vmi.spec, domain: { ...vmi.spec?.domain, cpu } },
});

const scenario = (vmis: VirtualMachineInstance[], to = 'v1.9.0'): Scenario => ({ from: 'v1.8.1', to, items: { vmis } });

describe('cpu-topology-migration-v1-9-0', () => {
  it('fires for a running VMI with two threads per core', () => {
    expectFires(cpuTopologyMigrationV190, scenario([withCpu(aVmi('web-0'), { cores: 1, threads: 2, sockets: 1 })]));
  });

  it('stays quiet for one core and thread, many sockets, a stopped VMI, and a later target', () => {
    expectQuiet(
      cpuTopologyMigrationV190,
      scenario([
        aVmi('plain'),
        withCpu(aVmi('sockets'), { cores: 1, threads: 1, sockets: 8 }),
        withCpu(aVmi('done', { phase: 'Succeeded' }), { cores: 4, threads: 2 }),
      ]),
    );
    expectQuiet(cpuTopologyMigrationV190, scenario([withCpu(aVmi('web-0'), { cores: 2 })], 'v1.9.1'));
  });
});
