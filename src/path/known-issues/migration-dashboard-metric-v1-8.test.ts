import { expectInforms, expectQuiet, type Scenario } from '../../../test/known-issue-scenarios.js';
import type { Addon } from '../../model/harvester.js';
import { migrationDashboardMetricV18 } from './migration-dashboard-metric-v1-8.js';

const monitoring = (enabled: boolean): Addon => ({
  apiVersion: 'harvesterhci.io/v1beta1',
  kind: 'Addon',
  metadata: { name: 'rancher-monitoring', namespace: 'cattle-monitoring-system' },
  spec: { enabled },
  status: { status: enabled ? 'AddonDeploySuccessful' : 'AddonDisabled' },
});

const scenario = (enabled: boolean): Scenario => ({
  from: 'v1.7.1',
  to: 'v1.8.0',
  items: { addons: [monitoring(enabled)] },
});

describe('migration-dashboard-metric-v1-8', () => {
  it('fires when the monitoring add-on is enabled', () => {
    expectInforms(migrationDashboardMetricV18, scenario(true));
  });

  it('stays quiet without monitoring', () => {
    expectQuiet(migrationDashboardMetricV18, scenario(false));
  });
});
