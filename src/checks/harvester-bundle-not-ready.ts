import { counted, type Finding } from '../model/finding.js';
import { refOf } from '../model/kube-object.js';
import { FLEET_LOCAL, type FleetBundle } from '../model/rancher.js';
import { itemsOf } from '../model/snapshot.js';
import type { Check } from './check.js';
import { bundleNotReadyDetail, HARVESTER_BUNDLE } from '../facts/fleet-bundle.js';

/**
 * The summary counters other than the two that must be 1 (those Fleet omits when zero); empty lists and zeros
 * count as absent, so a summary written with explicit zeros still reads as exactly {desiredReady: 1, ready: 1}.
 */
const isHealthy = (bundle: FleetBundle): boolean =>
  Object.entries(bundle.status?.summary ?? {}).every(([key, value]) =>
    key === 'desiredReady' || key === 'ready'
      ? value === 1
      : value === 0 || value === null || (Array.isArray(value) && value.length === 0),
  ) &&
  bundle.status?.summary?.desiredReady === 1 &&
  bundle.status.summary.ready === 1;

const summaryText = (bundle: FleetBundle): string => {
  const counters = Object.entries(bundle.status?.summary ?? {}).filter(([, value]) => typeof value === 'number');
  return counters.length > 0 ? counters.map(([key, value]) => `${key} ${String(value)}`).join(', ') : 'empty';
};

/**
 * The upgrade-helpers pre-check requires fleet-local/mcc-harvester's summary to be exactly {desiredReady: 1,
 * ready: 1} (harvester/upgrade-helpers: pre-check/v1.x/check.sh check_harvester_bundle): the Harvester chart is
 * deployed to the one local cluster, and the upgrade's manifests phase waits for it.
 */
export const harvesterBundleNotReady: Check = {
  id: 'harvester-bundle-not-ready',
  title: 'The Harvester bundle is ready',
  problem: (findings) => counted(findings, 'Harvester bundle is not ready', 'Harvester bundles are not ready'),
  description: `Fleet bundle ${FLEET_LOCAL}/${HARVESTER_BUNDLE} must have its one deployment ready and nothing else pending.`,
  needs: ['fleetBundles'],
  run: (snapshot) => {
    const bundle = itemsOf(snapshot, 'fleetBundles').find(
      (b) => b.metadata?.namespace === FLEET_LOCAL && b.metadata.name === HARVESTER_BUNDLE,
    );
    const remedy = `Find why Fleet cannot deploy the Harvester chart: kubectl -n ${FLEET_LOCAL} get bundles.fleet.cattle.io ${HARVESTER_BUNDLE} -o yaml and kubectl -n ${FLEET_LOCAL} get managedcharts.management.cattle.io harvester -o yaml.`;
    if (!bundle) {
      const finding: Finding = {
        check: 'harvester-bundle-not-ready',
        severity: 'error',
        object: { kind: 'Bundle', namespace: FLEET_LOCAL, name: HARVESTER_BUNDLE },
        message: `bundle ${FLEET_LOCAL}/${HARVESTER_BUNDLE} does not exist`,
        remedy,
      };
      return [finding];
    }
    if (isHealthy(bundle)) return [];
    const detail = bundleNotReadyDetail(bundle);
    const finding: Finding = {
      check: 'harvester-bundle-not-ready',
      severity: 'error',
      object: refOf('Bundle', bundle),
      message:
        `summary is ${summaryText(bundle)}, not exactly desiredReady 1, ready 1` + (detail ? ` (${detail})` : ''),
      remedy,
    };
    return [finding];
  },
};
