import { snapshotOf } from '../../test/builders.js';
import { aManagedChart } from '../../test/rancher-builders.js';
import { managedChartNotReady } from './managed-chart-not-ready.js';

describe('managed-chart-not-ready', () => {
  it('stays quiet when every chart is Ready, and on a chart with no Ready condition (as the webhook)', () => {
    const snapshot = snapshotOf({
      managedCharts: [
        aManagedChart('harvester'),
        aManagedChart('harvester-crd'),
        aManagedChart('rancher-logging-crd', []),
      ],
    });
    expect(managedChartNotReady.run(snapshot)).toEqual([]);
  });

  it('reports a chart whose Ready condition is False, with its reason and message (trailing period dropped)', () => {
    const chart = aManagedChart('harvester', [
      { type: 'Ready', status: 'False', reason: 'ErrApplied', message: 'helm upgrade failed: timed out.' },
    ]);
    expect(managedChartNotReady.run(snapshotOf({ managedCharts: [chart] }))).toEqual([
      {
        check: 'managed-chart-not-ready',
        severity: 'error',
        object: { kind: 'ManagedChart', namespace: 'fleet-local', name: 'harvester' },
        message: 'condition Ready is False (ErrApplied: helm upgrade failed: timed out)',
        remedy: expect.stringContaining(
          'kubectl -n fleet-local get managedcharts.management.cattle.io harvester -o yaml',
        ) as unknown,
      },
    ]);
  });

  it('reports Ready Unknown without details', () => {
    const chart = aManagedChart('rancher-monitoring-crd', [{ type: 'Ready', status: 'Unknown' }]);
    expect(managedChartNotReady.run(snapshotOf({ managedCharts: [chart] }))).toEqual([
      expect.objectContaining({ message: 'condition Ready is Unknown' }),
    ]);
  });

  it('ignores charts outside fleet-local', () => {
    const chart = aManagedChart('other', [{ type: 'Ready', status: 'False' }], 'fleet-default');
    expect(managedChartNotReady.run(snapshotOf({ managedCharts: [chart] }))).toEqual([]);
  });
});
