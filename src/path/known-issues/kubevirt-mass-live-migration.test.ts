import { aKubeVirt, aVmi } from '../../../test/kubevirt-builders.js';
import { expectFires, expectQuiet, pathOn, type Scenario } from '../../../test/known-issue-scenarios.js';
import { aManagedChart } from '../../../test/rancher-builders.js';
import type { ManagedChart } from '../../model/rancher.js';
import { kubevirtMassLiveMigration } from './kubevirt-mass-live-migration.js';

const harvesterChart = (methods?: readonly string[]): ManagedChart => ({
  ...aManagedChart('harvester'),
  spec: methods
    ? { values: { kubevirt: { spec: { workloadUpdateStrategy: { workloadUpdateMethods: methods } } } } }
    : {},
});

const scenario = (options: {
  from?: string;
  to?: string;
  cr?: readonly string[];
  chart?: readonly string[];
  vmis?: number;
}): Scenario => ({
  from: options.from ?? 'v1.6.1',
  to: options.to ?? 'v1.7.1',
  items: {
    kubevirts: [aKubeVirt({ observed: 'v1.5.2', ...(options.cr ? { workloadUpdateMethods: options.cr } : {}) })],
    managedCharts: [harvesterChart(options.chart)],
    vmis: Array.from({ length: options.vmis ?? 2 }, (_, index) => aVmi(`vm-${String(index)}`)),
  },
});

describe('kubevirt-mass-live-migration', () => {
  it('fires from v1.6.1 to v1.7.1 with LiveMigrate on the KubeVirt CR and running VMs', () => {
    expectFires(kubevirtMassLiveMigration, scenario({ cr: ['LiveMigrate'] }));
    expect(pathOn(kubevirtMassLiveMigration, scenario({ cr: ['LiveMigrate'] })).findings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        object: { kind: 'KubeVirt', namespace: 'harvester-system', name: 'kubevirt' },
        message:
          '2 running VMs will live-migrate at once when virt-operator is upgraded: the v1.7.1 chart sets KubeVirt workloadUpdateMethods [LiveMigrate] (the KubeVirt CR has [LiveMigrate] now), and v1.7.1 does not switch it off during the upgrade',
        remedy: expect.stringContaining(
          `kubectl -n fleet-local patch managedchart harvester --type merge -p '{"spec":{"values":{"kubevirt":{"spec":{"workloadUpdateStrategy":{"workloadUpdateMethods":[]}}}}}}'`,
        ) as unknown,
      }),
    ]);
  });

  it('fires from v1.5.2, whose KubeVirt CR has no methods yet, because the v1.6 chart brings LiveMigrate', () => {
    expectFires(kubevirtMassLiveMigration, scenario({ from: 'v1.5.2', to: 'v1.6.1' }));
  });

  it('fires when the ManagedChart keeps LiveMigrate although the CR was emptied by hand', () => {
    expectFires(kubevirtMassLiveMigration, scenario({ cr: [], chart: ['LiveMigrate'] }));
  });

  it('reads methods that are not a list (a hand-edited bundle) as none instead of throwing', () => {
    expectFires(kubevirtMassLiveMigration, scenario({ cr: 'LiveMigrate' as unknown as string[] }));
  });

  it('stays quiet when the harvester ManagedChart empties workloadUpdateMethods (the documented workaround)', () => {
    expectQuiet(kubevirtMassLiveMigration, scenario({ cr: [], chart: [] }));
  });

  it('stays quiet without running VMs', () => {
    expectQuiet(kubevirtMassLiveMigration, scenario({ cr: ['LiveMigrate'], vmis: 0 }));
  });

  it('stays quiet toward v1.7.2 and v1.8.1, whose upgrade empties the methods itself', () => {
    expectQuiet(kubevirtMassLiveMigration, scenario({ from: 'v1.7.1', to: 'v1.7.2', cr: ['LiveMigrate'] }));
    expectQuiet(kubevirtMassLiveMigration, scenario({ from: 'v1.8.0', to: 'v1.8.1', cr: ['LiveMigrate'] }));
  });
});
