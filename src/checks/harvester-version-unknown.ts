import { SERVER_VERSION_SETTING, settingNamed, settingValue } from '../model/harvester.js';
import type { Finding } from '../model/finding.js';
import { refOf } from '../model/kube-object.js';
import { itemsOf } from '../model/snapshot.js';
import { parseVersion } from '../model/version.js';
import type { Check } from './check.js';

const REMEDY =
  'Restore the setting (kubectl get settings.harvesterhci.io server-version -o yaml); Harvester records it as the ' +
  "upgrade's previous version, and the version-specific checks here are skipped until it reads like v1.4.2.";

/**
 * Setting `server-version` is what the upgrade-helpers pre-check reads first: it exits with "Failed to retrieve
 * server version" when it is empty (harvester/upgrade-helpers: pre-check/v1.x/check.sh). The upgrade controller
 * copies it into `status.previousVersion` and checks it against the release's minUpgradableVersion
 * (harvester/harvester: pkg/upgradehelper/versionguard/version.go).
 */
export const harvesterVersionUnknown: Check = {
  id: 'harvester-version-unknown',
  title: 'The running Harvester version is known',
  problem: () => 'The running Harvester version is unknown',
  description:
    'Setting server-version must hold the running version; the upgrade compares it with the release and every ' +
    'version-specific check depends on it.',
  needs: ['harvesterSettings'],
  run: (snapshot) => {
    const setting = settingNamed(itemsOf(snapshot, 'harvesterSettings'), SERVER_VERSION_SETTING);
    const value = settingValue(setting)?.trim() ?? '';
    if (setting && parseVersion(value)) return [];
    const finding: Finding = {
      check: 'harvester-version-unknown',
      severity: 'error',
      object: setting ? refOf('Setting', setting) : { kind: 'Setting', name: SERVER_VERSION_SETTING },
      message: !setting
        ? `setting ${SERVER_VERSION_SETTING} does not exist`
        : value === ''
          ? `setting ${SERVER_VERSION_SETTING} is empty`
          : `setting ${SERVER_VERSION_SETTING} holds ${JSON.stringify(value)}, which is not a version`,
      remedy: REMEDY,
    };
    return [finding];
  },
};
