import { counted, type Finding } from '../model/finding.js';
import { conditionOf, nameOf, namespaceOf, refOf, withoutTrailingPeriod } from '../model/kube-object.js';
import { bundleCount, type FleetBundle } from '../model/rancher.js';
import { itemsOf } from '../model/snapshot.js';
import { bundleNotReadyDetail, HARVESTER_BUNDLE } from '../facts/fleet-bundle.js';
import type { Check } from './check.js';
import { sh } from '../model/shell.js';

const ID = 'fleet-bundle-not-ready';

const remedyFor = (bundle: FleetBundle): string =>
  `Find why Fleet cannot deploy it: ${sh`kubectl -n ${namespaceOf(bundle)} get bundles.fleet.cattle.io ${nameOf(bundle)} -o yaml`} (status.summary.nonReadyResources) and kubectl get bundledeployments.fleet.cattle.io -A.`;

/** The pre-check's rule: a Helm bundle other than mcc-harvester with no ready deployment, of some desired. */
const noReadyDeployment = (bundle: FleetBundle): Finding | undefined => {
  if (nameOf(bundle) === HARVESTER_BUNDLE || !bundle.spec?.helm) return undefined;
  const desired = bundleCount(bundle, 'desiredReady');
  if (bundleCount(bundle, 'ready') !== 0 || desired === 0) return undefined;
  const detail = bundleNotReadyDetail(bundle);
  return {
    check: ID,
    severity: 'error',
    object: refOf('Bundle', bundle),
    message:
      `helm bundle is not ready (0 of ${desired === undefined ? '?' : String(desired)} ready)` +
      (detail ? `: ${detail}` : ''),
    remedy: remedyFor(bundle),
  };
};

/** The upgrade script's rule: any bundle whose Ready condition is False. */
const readyFalse = (bundle: FleetBundle): Finding | undefined => {
  const ready = conditionOf(bundle.status?.conditions, 'Ready');
  if (ready?.status !== 'False') return undefined;
  const said = ready.message ? ` (${withoutTrailingPeriod(ready.message)})` : '';
  return {
    check: ID,
    severity: 'warning',
    object: refOf('Bundle', bundle),
    message: `Ready is False${said}: at its end the upgrade waits about 90 seconds (a single node: about 3 minutes, before upgrading RKE2) for every bundle to be Ready, then goes on without it`,
    remedy: remedyFor(bundle),
  };
};

/**
 * Two rules, one finding per bundle, the stricter first:
 * - The upgrade-helpers pre-check fails on any Helm bundle other than mcc-harvester whose `status.summary.ready` is
 *   0 (harvester/upgrade-helpers: pre-check/v1.x/check.sh check_bundles): the upgrade redeploys Harvester's charts
 *   through Fleet, which waits on broken releases. A bundle with `desiredReady` 0 targets no cluster, so Fleet has
 *   nothing to make ready: the script would flag it, this rule does not. A bundle with no `ready` counter yet has
 *   not been processed by Fleet and is passed, as the script's jq test passes it.
 * - Harvester's upgrade ends its manifests phase, and a single node's upgrade starts its RKE2 step, by waiting for
 *   no bundle in any namespace to have its Ready condition False: 9 rounds of 10 s ("upto 90 seconds"), 18 on a
 *   single node ("upto 3 minutes"), then it goes on, so this is a warning (harvester/harvester package/upgrade/
 *   lib.sh wait_for_fleet_bundles, upgrade_manifests.sh, upgrade_node.sh; the same at v1.6.x to v1.9.0-rc6).
 */
export const fleetBundleNotReady: Check = {
  id: ID,
  title: 'Fleet bundles are ready',
  problem: (findings) => counted(findings, 'Fleet bundle is not ready', 'Fleet bundles are not ready'),
  description:
    'No Fleet Helm bundle may have zero ready deployments, as the upgrade redeploys charts through Fleet; a bundle whose Ready condition is False makes the upgrade wait a while for it.',
  needs: ['fleetBundles'],
  run: (snapshot) =>
    itemsOf(snapshot, 'fleetBundles').flatMap((bundle): Finding[] => {
      const finding = noReadyDeployment(bundle) ?? readyFalse(bundle);
      return finding ? [finding] : [];
    }),
};
