import { counted, type Finding } from '../model/finding.js';
import { nameOf, namespaceOf, refOf } from '../model/kube-object.js';
import { bundleCount } from '../model/rancher.js';
import { itemsOf } from '../model/snapshot.js';
import { bundleNotReadyDetail, HARVESTER_BUNDLE } from '../facts/fleet-bundle.js';
import type { Check } from './check.js';
import { sh } from '../model/shell.js';

/**
 * The upgrade-helpers pre-check fails on any Helm bundle other than mcc-harvester whose `status.summary.ready` is 0
 * (harvester/upgrade-helpers: pre-check/v1.x/check.sh check_bundles): the upgrade redeploys Harvester's charts
 * through Fleet, which waits on broken releases. A bundle with `desiredReady` 0 targets no cluster, so Fleet has
 * nothing to make ready: the script would flag it, this check does not. A bundle with no `ready` counter yet has
 * not been processed by Fleet and is passed, as the script's jq test passes it.
 */
export const fleetBundleNotReady: Check = {
  id: 'fleet-bundle-not-ready',
  title: 'Fleet Helm bundles are ready',
  problem: (findings) => counted(findings, 'Fleet Helm bundle is not ready', 'Fleet Helm bundles are not ready'),
  description: 'No Fleet Helm bundle may have zero ready deployments; the upgrade redeploys charts through Fleet.',
  needs: ['fleetBundles'],
  run: (snapshot) =>
    itemsOf(snapshot, 'fleetBundles')
      .filter((bundle) => nameOf(bundle) !== HARVESTER_BUNDLE && bundle.spec?.helm)
      .flatMap((bundle): Finding[] => {
        const desired = bundleCount(bundle, 'desiredReady');
        if (bundleCount(bundle, 'ready') !== 0 || desired === 0) return [];
        const detail = bundleNotReadyDetail(bundle);
        return [
          {
            check: 'fleet-bundle-not-ready',
            severity: 'error',
            object: refOf('Bundle', bundle),
            message:
              `helm bundle is not ready (0 of ${desired === undefined ? '?' : String(desired)} ready)` +
              (detail ? `: ${detail}` : ''),
            remedy: `Find why Fleet cannot deploy it: ${sh`kubectl -n ${namespaceOf(bundle)} get bundles.fleet.cattle.io ${nameOf(bundle)} -o yaml`} (status.summary.nonReadyResources) and kubectl get bundledeployments.fleet.cattle.io -A.`,
          },
        ];
      }),
};
