import { aPdb, snapshotOf } from '../../test/builders.js';
import { aVmim } from '../../test/drain-builders.js';
import { kubevirtEvacuationPdbLeftover } from './kubevirt-evacuation-pdb-leftover.js';

const LEFTOVER = 'kubevirt-migration-pdb-kubevirt-evacuation-7x2kq';

describe('kubevirt-evacuation-pdb-leftover', () => {
  it('fails a leftover evacuation budget whose migration is over, with the command that removes it', () => {
    const snapshot = snapshotOf({
      podDisruptionBudgets: [aPdb(LEFTOVER, { namespace: 'vm-team' })],
      vmims: [aVmim('kubevirt-evacuation-7x2kq', 'db-0', 'Succeeded', { namespace: 'vm-team' })],
    });
    expect(kubevirtEvacuationPdbLeftover.run(snapshot)).toEqual([
      {
        check: 'kubevirt-evacuation-pdb-leftover',
        severity: 'error',
        object: { kind: 'PodDisruptionBudget', namespace: 'vm-team', name: LEFTOVER },
        message:
          "Harvester's pre-drain waits, without a timeout, until no budget named kubevirt-migration-pdb-kubevirt-evacuation-* is left in any namespace, and no migration kubevirt-evacuation-7x2kq is running: this leftover holds every node's pre-drain",
        remedy: `Check that the VM's migration is over (kubectl -n vm-team get vmim), then delete the leftover: kubectl -n vm-team delete pdb ${LEFTOVER}`,
      },
    ]);
  });

  it('warns while the migration the budget belongs to is still running', () => {
    const snapshot = snapshotOf({
      podDisruptionBudgets: [
        aPdb(LEFTOVER, { namespace: 'vm-team', labels: { 'kubevirt.io/migrationName': 'kubevirt-evacuation-7x2kq' } }),
      ],
      vmims: [aVmim('kubevirt-evacuation-7x2kq', 'db-0', 'Running', { namespace: 'vm-team' })],
    });
    expect(kubevirtEvacuationPdbLeftover.run(snapshot)).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringContaining('its migration kubevirt-evacuation-7x2kq is still Running') as unknown,
        remedy:
          'Let the migration finish before upgrading (kubectl -n vm-team get vmim kubevirt-evacuation-7x2kq); KubeVirt removes the budget with it.',
      }),
    ]);
  });

  it('matches the name anywhere, as the pre-drain grep does, and quotes a hostile namespace', () => {
    const snapshot = snapshotOf({
      podDisruptionBudgets: [aPdb(`x-${LEFTOVER}`, { namespace: 'a;b' })],
    });
    const [found] = kubevirtEvacuationPdbLeftover.run(snapshot);
    expect(found?.severity).toBe('error');
    expect(found?.remedy).toContain(`kubectl -n 'a;b' delete pdb x-${LEFTOVER}`);
  });

  it('stays quiet for the budgets KubeVirt keeps today and for other migration budgets', () => {
    const snapshot = snapshotOf({
      podDisruptionBudgets: [
        aPdb('kubevirt-disruption-budget-abcde', { namespace: 'vm-team' }),
        aPdb('kubevirt-migration-pdb-manual-move', { namespace: 'vm-team' }),
        aPdb('virt-api-pdb', { namespace: 'harvester-system' }),
      ],
    });
    expect(kubevirtEvacuationPdbLeftover.run(snapshot)).toEqual([]);
  });
});
