import { aKubeVirt } from '../../../test/kubevirt-builders.js';
import { expectFires, expectQuiet, pathOn, type Scenario } from '../../../test/known-issue-scenarios.js';
import { kubevirtMigrationSettingV17 } from './kubevirt-migration-setting-v1-7.js';

const withMigrations = (migrations: Record<string, unknown>, to = 'v1.7.1'): Scenario => ({
  from: 'v1.6.1',
  to,
  items: { kubevirts: [aKubeVirt({ observed: 'v1.5.2', migrations })] },
});

describe('kubevirt-migration-setting-v1-7', () => {
  it('fires for tunables set directly on the KubeVirt CR before v1.7', () => {
    const scenario = withMigrations({ allowAutoConverge: true, bandwidthPerMigration: '64Mi', network: 'migration' });
    expectFires(kubevirtMigrationSettingV17, scenario);
    expect(pathOn(kubevirtMigrationSettingV17, scenario).findings).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringContaining('(allowAutoConverge=true, bandwidthPerMigration="64Mi")') as unknown,
        remedy: expect.stringContaining('"allowAutoConverge":true,"bandwidthPerMigration":"64Mi"') as unknown,
      }),
    ]);
  });

  it("stays quiet when the CR holds only the setting's defaults, the migration network and the drain taint", () => {
    expectQuiet(
      kubevirtMigrationSettingV17,
      withMigrations({
        parallelMigrationsPerCluster: 5,
        bandwidthPerMigration: '0',
        network: 'migration',
        nodeDrainTaintKey: 'kubevirt.io/drain',
      }),
    );
  });

  it('does not apply within v1.7', () => {
    expectQuiet(kubevirtMigrationSettingV17, { ...withMigrations({ allowAutoConverge: true }), from: 'v1.7.0' });
  });
});
