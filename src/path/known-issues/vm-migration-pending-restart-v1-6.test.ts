import { aVmi } from '../../../test/kubevirt-builders.js';
import { expectFires, expectQuiet, pathOn, type Scenario } from '../../../test/known-issue-scenarios.js';
import { vmMigrationPendingRestartV16 } from './vm-migration-pending-restart-v1-6.js';

const withVmis = (count: number, phase = 'Running'): Scenario => ({
  from: 'v1.5.1',
  to: 'v1.6.1',
  items: { vmis: Array.from({ length: count }, (_, index) => aVmi(`vm-${String(index)}`, { phase })) },
});

describe('vm-migration-pending-restart-v1-6', () => {
  it('fires for VMs running through the upgrade from v1.5 to v1.6', () => {
    expectFires(vmMigrationPendingRestartV16, withVmis(7));
    expect(pathOn(vmMigrationPendingRestartV16, withVmis(7)).findings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        object: { kind: 'Version', namespace: 'harvester-system', name: 'v1.6.1' },
        message: expect.stringMatching(
          /^7 running VMs \(default\/vm-0, default\/vm-1, default\/vm-2, default\/vm-3, default\/vm-4 and 2 more\) will stay pending restart/,
        ) as unknown,
      }),
    ]);
  });

  it('stays quiet without running VMs', () => {
    expectQuiet(vmMigrationPendingRestartV16, withVmis(2, 'Succeeded'));
  });
});
