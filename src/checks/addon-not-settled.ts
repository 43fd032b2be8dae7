import { ADDON_DEPLOYED, ADDON_DISABLED, type Addon } from '../model/harvester.js';
import { counted, type Finding } from '../model/finding.js';
import { nameOf, namespaceOf, refOf } from '../model/kube-object.js';
import { itemsOf } from '../model/snapshot.js';
import { atLeast } from '../model/version.js';
import type { Check } from './check.js';
import { serverVersion } from '../facts/harvester-version.js';
import { sh } from '../model/shell.js';

const isSettled = (addon: Addon): boolean => {
  const status = addon.status?.status ?? '';
  return addon.spec?.enabled === true ? status === ADDON_DEPLOYED : status === ADDON_DISABLED || status === '';
};

/**
 * Since v1.7.0 the webhook refuses an upgrade while an Addon is on its way: enabled but not AddonDeploySuccessful,
 * or disabled but neither AddonDisabled nor "" ("addon <ns>/<name> is enabled|disabled but still on status <s>",
 * harvester/harvester: pkg/webhook/resources/upgrade/validator.go, commit ce73bdd95). Older versions do not check,
 * but the upgrade then redeploys a half-applied addon chart: a warning there, and when the version is unknown.
 */
export const addonNotSettled: Check = {
  id: 'addon-not-settled',
  title: 'Addons are settled',
  problem: (findings) => counted(findings, 'addon is not settled', 'addons are not settled'),
  description:
    'Enabled addons must be deployed and disabled ones fully disabled; from Harvester v1.7.0 the upgrade webhook refuses to start otherwise.',
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
        return {
          check: 'addon-not-settled',
          severity: refused ? 'error' : 'warning',
          object: refOf('Addon', addon),
          message: `addon is ${enabled ? 'enabled' : 'disabled'} but ${status ? `still on status ${status}` : 'has no status yet'}`,
          remedy: `Wait for it to settle or fix it: ${sh`kubectl -n ${namespaceOf(addon)} get addons.harvesterhci.io ${nameOf(addon)} -o yaml`} (conditions), and its chart's helm-install job in that namespace; or ${enabled ? 'disable' : 'enable'} it again from the Harvester UI.`,
        };
      });
  },
};
