import { snapshotOf } from '../../test/builders.js';
import { aBundle } from '../../test/rancher-builders.js';
import type { FleetBundle } from '../model/rancher.js';
import { fleetBundleNotReady } from './fleet-bundle-not-ready.js';

const withBundles = (...fleetBundles: FleetBundle[]) => snapshotOf({ fleetBundles });

describe('fleet-bundle-not-ready', () => {
  it('stays quiet when every Helm bundle has a ready deployment', () => {
    expect(
      fleetBundleNotReady.run(
        withBundles(aBundle('mcc-harvester-crd'), aBundle('fleet-agent-local', { ready: 1, desiredReady: 2 })),
      ),
    ).toEqual([]);
  });

  it('reports a Helm bundle with no ready deployment, with what Fleet says', () => {
    const bundle = aBundle('mcc-rancher-monitoring-crd', {
      ready: 0,
      summary: {
        errApplied: 1,
        nonReadyResources: [{ name: 'fleet-local/local', bundleState: 'ErrApplied', message: 'timed out waiting' }],
      },
    });
    expect(fleetBundleNotReady.run(withBundles(bundle))).toEqual([
      {
        check: 'fleet-bundle-not-ready',
        severity: 'error',
        object: { kind: 'Bundle', namespace: 'fleet-local', name: 'mcc-rancher-monitoring-crd' },
        message: 'helm bundle is not ready (0 of 1 ready): ErrApplied: timed out waiting',
        remedy: expect.stringContaining(
          'kubectl -n fleet-local get bundles.fleet.cattle.io mcc-rancher-monitoring-crd -o yaml',
        ) as unknown,
      },
    ]);
  });

  it('leaves mcc-harvester to harvester-bundle-not-ready', () => {
    expect(fleetBundleNotReady.run(withBundles(aBundle('mcc-harvester', { ready: 0 })))).toEqual([]);
  });

  it('ignores bundles that are not Helm bundles', () => {
    expect(fleetBundleNotReady.run(withBundles(aBundle('raw-manifests', { helm: false, ready: 0 })))).toEqual([]);
  });

  it('passes a bundle that targets no cluster (0 of 0)', () => {
    expect(fleetBundleNotReady.run(withBundles(aBundle('untargeted', { ready: 0, desiredReady: 0 })))).toEqual([]);
  });

  it('passes a bundle Fleet has not processed yet (no summary)', () => {
    expect(fleetBundleNotReady.run(withBundles(aBundle('fresh', { summary: null })))).toEqual([]);
  });

  // harvester/harvester package/upgrade/lib.sh wait_for_fleet_bundles: any bundle whose Ready condition is False.
  const readyFalse = (name: string, options: Parameters<typeof aBundle>[1] = {}): FleetBundle => {
    const bundle = aBundle(name, options);
    return {
      ...bundle,
      status: {
        ...bundle.status,
        conditions: [
          {
            type: 'Ready',
            status: 'False',
            reason: 'NotReady',
            message: 'NotReady(1) [Cluster fleet-local/local]; deployment.apps cattle-system/app not ready.',
          },
        ],
      },
    };
  };

  it('warns of any bundle whose Ready condition is False, Helm or not, as the upgrade waits for it a while', () => {
    expect(fleetBundleNotReady.run(withBundles(readyFalse('raw-manifests', { helm: false, ready: 1 })))).toEqual([
      {
        check: 'fleet-bundle-not-ready',
        severity: 'warning',
        object: { kind: 'Bundle', namespace: 'fleet-local', name: 'raw-manifests' },
        message:
          'Ready is False (NotReady(1) [Cluster fleet-local/local]; deployment.apps cattle-system/app not ready): at its end the upgrade waits about 90 seconds (a single node: about 3 minutes, before upgrading RKE2) for every bundle to be Ready, then goes on without it',
        remedy: expect.stringContaining(
          'kubectl -n fleet-local get bundles.fleet.cattle.io raw-manifests -o yaml',
        ) as unknown,
      },
    ]);
  });

  it('warns of mcc-harvester too, and of a bundle that targets no cluster, when Ready is False', () => {
    const findings = fleetBundleNotReady.run(
      withBundles(readyFalse('mcc-harvester'), readyFalse('untargeted', { ready: 0, desiredReady: 0 })),
    );
    expect(findings.map((f) => [f.object.name, f.severity])).toEqual([
      ['mcc-harvester', 'warning'],
      ['untargeted', 'warning'],
    ]);
  });

  it('keeps one finding, the error, for a Helm bundle with no ready deployment and Ready False', () => {
    const findings = fleetBundleNotReady.run(withBundles(readyFalse('mcc-rancher-logging', { ready: 0 })));
    expect(findings.map((f) => f.severity)).toEqual(['error']);
  });

  it('stays quiet for Ready True or Unknown conditions', () => {
    const withReady = (status: string): FleetBundle => {
      const bundle = aBundle(`ready-${status}`);
      return { ...bundle, status: { ...bundle.status, conditions: [{ type: 'Ready', status }] } };
    };
    expect(fleetBundleNotReady.run(withBundles(withReady('True'), withReady('Unknown')))).toEqual([]);
  });

  it('writes ? when desiredReady is missing', () => {
    const bundle: FleetBundle = { ...aBundle('odd'), status: { summary: { ready: 0 } } };
    expect(fleetBundleNotReady.run(withBundles(bundle))).toEqual([
      expect.objectContaining({ message: 'helm bundle is not ready (0 of ? ready)' }),
    ]);
  });
});
