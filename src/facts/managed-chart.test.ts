import { aManagedChart } from '../../test/rancher-builders.js';
import { describeManagedChartNotReady, managedChartNotReady } from './managed-chart.js';

describe('managedChartNotReady', () => {
  it('says why a chart in fleet-local is not Ready', () => {
    const chart = aManagedChart('harvester', [
      { type: 'Ready', status: 'False', reason: 'ErrApplied', message: 'boom.' },
    ]);
    const unready = managedChartNotReady(chart);
    expect(unready && describeManagedChartNotReady(unready)).toBe('condition Ready is False (ErrApplied: boom)');
  });

  it('stays quiet for a Ready chart, a chart without the condition, and one outside fleet-local', () => {
    expect(managedChartNotReady(aManagedChart('harvester'))).toBeUndefined();
    expect(managedChartNotReady(aManagedChart('harvester', []))).toBeUndefined();
    const elsewhere = aManagedChart('harvester', [{ type: 'Ready', status: 'False' }]);
    expect(
      managedChartNotReady({ ...elsewhere, metadata: { ...elsewhere.metadata, namespace: 'default' } }),
    ).toBeUndefined();
  });
});
