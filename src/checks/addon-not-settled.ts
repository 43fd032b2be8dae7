import { ADDON_DEPLOYED, ADDON_DISABLED, type Addon } from '../model/harvester.js';
import { counted, type Finding } from '../model/finding.js';
import { nameOf, namespaceOf, refOf } from '../model/kube-object.js';
import { itemsOf } from '../model/snapshot.js';
import { atLeast, type Version } from '../model/version.js';
import type { Check } from './check.js';
import { serverVersion } from '../facts/harvester-version.js';
import { sh } from '../model/shell.js';

const isSettled = (addon: Addon): boolean => {
  const status = addon.status?.status ?? '';
  return addon.spec?.enabled === true ? status === ADDON_DEPLOYED : status === ADDON_DISABLED || status === '';
};

/**
 * Harvester's UpgradeLog controller (from v1.1.2) leans on an enabled rancher-logging Addon for its logging operator
 * instead of deploying its own, then waits with no timeout for that operator's fluent-bit and fluentd; the upgrade
 * controller waits for the UpgradeLog before it creates the repo image, whenever the Upgrade has spec.logEnabled,
 * true by default (harvester/harvester: pkg/controller/master/upgradelog/controller.go OnUpgradeLogChange,
 * pkg/controller/master/upgrade/upgrade_controller.go). So an enabled rancher-logging that is not deployed keeps
 * the upgrade from starting at all (harvester#9644, v1.5.2 → v1.6.0).
 */
const LOGGING = { namespace: 'cattle-logging-system', name: 'rancher-logging' } as const;
const holdsUpgradeLog = (addon: Addon, version: Version | undefined): boolean =>
  version !== undefined &&
  atLeast(version, 1, 1, 2) &&
  addon.spec?.enabled === true &&
  namespaceOf(addon) === LOGGING.namespace &&
  nameOf(addon) === LOGGING.name;

const LOG_OFF =
  '; or start the upgrade with logging off (clear Enable Logging in the Upgrade dialog; on an Upgrade object, spec.logEnabled: false), as the upgrade log is what waits for it';

/**
 * Since v1.7.0 the webhook refuses an upgrade while an Addon is on its way: enabled but not AddonDeploySuccessful,
 * or disabled but neither AddonDisabled nor "" ("addon <ns>/<name> is enabled|disabled but still on status <s>",
 * harvester/harvester: pkg/webhook/resources/upgrade/validator.go, commit ce73bdd95, the fix of #9644). Older
 * versions do not check: an enabled rancher-logging not deployed is an error there all the same (see LOGGING), any
 * other add-on a warning, as the upgrade then redeploys a half-applied addon chart; a warning too when the version
 * is unknown.
 */
export const addonNotSettled: Check = {
  id: 'addon-not-settled',
  title: 'Addons are settled',
  problem: (findings) => counted(findings, 'addon is not settled', 'addons are not settled'),
  description:
    'Enabled addons must be deployed and disabled ones fully disabled; from Harvester v1.7.0 the upgrade webhook refuses to start otherwise, and before it an enabled rancher-logging not deployed keeps the upgrade from starting.',
  needs: ['addons'],
  optional: ['harvesterSettings'],
  run: (snapshot) => {
    const version = serverVersion(snapshot);
    const refused = version !== undefined && atLeast(version, 1, 7, 0);
    return itemsOf(snapshot, 'addons')
      .filter((addon) => !isSettled(addon))
      .map((addon): Finding => {
        const enabled = addon.spec?.enabled === true;
        const status = addon.status?.status ?? '';
        const waits = !refused && holdsUpgradeLog(addon, version);
        return {
          check: 'addon-not-settled',
          severity: refused || waits ? 'error' : 'warning',
          object: refOf('Addon', addon),
          message: `addon is ${enabled ? 'enabled' : 'disabled'} but ${status ? `still on status ${status}` : 'has no status yet'}${waits ? '; an upgrade with logging enabled (the default) waits for its logging operator with no timeout and never starts' : ''}`,
          remedy: `Wait for it to settle or fix it: ${sh`kubectl -n ${namespaceOf(addon)} get addons.harvesterhci.io ${nameOf(addon)} -o yaml`} (conditions), and its chart's helm-install job in that namespace; or ${enabled ? 'disable' : 'enable'} it again from the Harvester UI${waits ? LOG_OFF : ''}.`,
        };
      });
  },
};
