import { settingValue } from '../model/harvester.js';
import { nameOf } from '../model/kube-object.js';
import { itemsOf, type ClusterSnapshot } from '../model/snapshot.js';
import { parseVersion, type Version } from '../model/version.js';

/** The running Harvester version: setting `server-version` (what the upgrade-helpers script reads first). */
export const serverVersion = (snapshot: ClusterSnapshot): Version | undefined =>
  parseVersion(settingValue(itemsOf(snapshot, 'harvesterSettings').find((s) => nameOf(s) === 'server-version')));

/**
 * appliesTo for version-gated checks (needs `harvesterSettings`): undefined when the running version satisfies
 * `applies`, else why the check is skipped.
 */
export const whenVersion =
  (applies: (version: Version) => boolean, range: string) =>
  (snapshot: ClusterSnapshot): string | undefined => {
    const version = serverVersion(snapshot);
    if (!version) return `applies to Harvester ${range}; the running version is unknown (no server-version setting)`;
    return applies(version) ? undefined : `applies to Harvester ${range}; this cluster runs ${version.text}`;
  };
