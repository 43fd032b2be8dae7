import { counted, type Finding } from '../model/finding.js';
import { nameOf, refOf } from '../model/kube-object.js';
import { FLEET_LOCAL } from '../model/rancher.js';
import { itemsOf } from '../model/snapshot.js';
import { describeManagedChartNotReady, managedChartNotReady as notReady } from '../facts/managed-chart.js';
import type { Check } from './check.js';
import { sh } from '../model/shell.js';

/**
 * The webhook refuses an upgrade while a ManagedChart in fleet-local has a Ready condition that is not True ("managed
 * chart <name> is not ready, please wait for it to be ready or fix it"); a chart without a Ready condition passes
 * (harvester/harvester: pkg/webhook/resources/upgrade/validator.go, issue #3391).
 */
export const managedChartNotReady: Check = {
  id: 'managed-chart-not-ready',
  title: 'Managed charts are Ready',
  problem: (findings) => counted(findings, 'managed chart is not Ready', 'managed charts are not Ready'),
  description:
    "Every ManagedChart in fleet-local must be Ready; Harvester's upgrade webhook refuses to start otherwise.",
  needs: ['managedCharts'],
  run: (snapshot) =>
    itemsOf(snapshot, 'managedCharts').flatMap((chart): Finding[] => {
      const unready = notReady(chart);
      if (!unready) return [];
      return [
        {
          check: 'managed-chart-not-ready',
          severity: 'error',
          object: refOf('ManagedChart', chart),
          message: describeManagedChartNotReady(unready),
          remedy: `Wait for Fleet to deploy it, or find why not: ${sh`kubectl -n ${FLEET_LOCAL} get managedcharts.management.cattle.io ${nameOf(chart)} -o yaml`} and ${sh`kubectl -n ${FLEET_LOCAL} get bundles.fleet.cattle.io mcc-${nameOf(chart)} -o yaml`}.`,
        },
      ];
    }),
};
