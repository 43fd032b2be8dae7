import { snapshotOf } from '../../test/builders.js';
import { aBundle } from '../../test/rancher-builders.js';
import type { FleetBundle } from '../model/rancher.js';
import { harvesterBundleNotReady } from './harvester-bundle-not-ready.js';

const withBundles = (...fleetBundles: FleetBundle[]) => snapshotOf({ fleetBundles });

describe('harvester-bundle-not-ready', () => {
  it('stays quiet on {desiredReady: 1, ready: 1}', () => {
    expect(harvesterBundleNotReady.run(withBundles(aBundle('mcc-harvester')))).toEqual([]);
  });

  it('accepts counters written as zero and an empty non-ready list', () => {
    const bundle = aBundle('mcc-harvester', { summary: { notReady: 0, pending: 0, nonReadyResources: [] } });
    expect(harvesterBundleNotReady.run(withBundles(bundle))).toEqual([]);
  });

  it('reports a bundle that is not ready, with its counters and what Fleet says', () => {
    const bundle = aBundle('mcc-harvester', {
      ready: 0,
      summary: {
        notReady: 1,
        nonReadyResources: [{ name: 'fleet-local/local', bundleState: 'NotReady', message: 'deployment not ready' }],
      },
    });
    expect(harvesterBundleNotReady.run(withBundles(bundle))).toEqual([
      {
        check: 'harvester-bundle-not-ready',
        severity: 'error',
        object: { kind: 'Bundle', namespace: 'fleet-local', name: 'mcc-harvester' },
        message:
          'summary is desiredReady 1, ready 0, notReady 1, not exactly desiredReady 1, ready 1 (NotReady: deployment not ready)',
        remedy: expect.stringContaining(
          'kubectl -n fleet-local get bundles.fleet.cattle.io mcc-harvester -o yaml',
        ) as unknown,
      },
    ]);
  });

  it('reports a ready bundle that also has a modified deployment', () => {
    const bundle = aBundle('mcc-harvester', { summary: { modified: 1 } });
    expect(harvesterBundleNotReady.run(withBundles(bundle))).toEqual([
      expect.objectContaining({
        message: 'summary is desiredReady 1, ready 1, modified 1, not exactly desiredReady 1, ready 1',
      }),
    ]);
  });

  it('reports two targets as not exactly one', () => {
    const bundle = aBundle('mcc-harvester', { ready: 2, desiredReady: 2 });
    expect(harvesterBundleNotReady.run(withBundles(bundle))).toEqual([
      expect.objectContaining({ message: 'summary is desiredReady 2, ready 2, not exactly desiredReady 1, ready 1' }),
    ]);
  });

  it('reports a bundle with no status', () => {
    expect(harvesterBundleNotReady.run(withBundles(aBundle('mcc-harvester', { summary: null })))).toEqual([
      expect.objectContaining({ message: 'summary is empty, not exactly desiredReady 1, ready 1' }),
    ]);
  });

  it('reports a missing mcc-harvester in fleet-local', () => {
    expect(harvesterBundleNotReady.run(withBundles(aBundle('mcc-harvester', { namespace: 'fleet-default' })))).toEqual([
      expect.objectContaining({
        object: { kind: 'Bundle', namespace: 'fleet-local', name: 'mcc-harvester' },
        message: 'bundle fleet-local/mcc-harvester does not exist',
      }),
    ]);
  });
});
