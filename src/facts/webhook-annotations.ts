import type { Version as VersionObject } from '../model/harvester.js';
import { annotationOf, nameOf, namespaceOf } from '../model/kube-object.js';
import { itemsOf, type ClusterSnapshot } from '../model/snapshot.js';
import { atLeast, compareVersions, parseVersion, type Version } from '../model/version.js';
import { serverVersion } from './harvester-version.js';

/**
 * The annotations with which an operator loosens Harvester's upgrade webhook
 * (harvester/harvester: pkg/webhook/resources/upgrade/validator.go; keys in pkg/util/constants.go and
 * pkg/webhook/resources/version/validator.go). The running release's webhook judges the Upgrade, so the running
 * version decides where each is read:
 *
 * | key                                      | read from                                         | parsed as            |
 * | ---------------------------------------- | ------------------------------------------------- | -------------------- |
 * | `harvesterhci.io/minFreeDiskSpaceGB`     | the target Version object, v1.2.0 to v1.4.x       | ParseUint, GiB       |
 * | `harvesterhci.io/skipGarbageCollectionThresholdCheck` | the Version in v1.5.0; the Upgrade from v1.5.1 | ParseBool |
 * | `harvesterhci.io/minCertsExpirationInDay` | the Version in v1.5.0; the Upgrade from v1.5.1  | Atoi, > 0 from v1.5.1 |
 * | `harvesterhci.io/skipSingleReplicaDetachedVol` | the Upgrade, from v1.5.0                    | any non-empty value  |
 *
 * The Upgrade does not exist before the upgrade starts, so its annotations are the ones the operator says they will
 * put on it (`precheck --upgrade-annotation KEY=VALUE`).
 */
export const MIN_FREE_DISK_SPACE_GB = 'harvesterhci.io/minFreeDiskSpaceGB';
export const SKIP_GC_THRESHOLD_CHECK = 'harvesterhci.io/skipGarbageCollectionThresholdCheck';
export const MIN_CERTS_EXPIRATION_IN_DAY = 'harvesterhci.io/minCertsExpirationInDay';
export const SKIP_SINGLE_REPLICA_DETACHED_VOL = 'harvesterhci.io/skipSingleReplicaDetachedVol';

export const WEBHOOK_ANNOTATIONS: readonly string[] = [
  MIN_FREE_DISK_SPACE_GB,
  SKIP_GC_THRESHOLD_CHECK,
  MIN_CERTS_EXPIRATION_IN_DAY,
  SKIP_SINGLE_REPLICA_DETACHED_VOL,
];

const VERSION_NAMESPACE = 'harvester-system';

/** What the upgrade is told from outside the cluster: `--to` and the Upgrade's annotations to be. */
export interface UpgradeIntent {
  readonly to?: string;
  readonly upgradeAnnotations?: Readonly<Record<string, string>>;
}

/**
 * The Version object the Upgrade will name: the one `--to` names, else the newest newer than the running version
 * (as `precheck`'s path planning picks it).
 */
export const targetVersionObject = (snapshot: ClusterSnapshot, to: string | undefined): VersionObject | undefined => {
  const objects = itemsOf(snapshot, 'versions').filter(
    (object) => (namespaceOf(object) || VERSION_NAMESPACE) === VERSION_NAMESPACE,
  );
  if (to !== undefined) return objects.find((object) => nameOf(object).replace(/^v/, '') === to.replace(/^v/, ''));
  const running = serverVersion(snapshot);
  const newer = objects.flatMap((object) => {
    const version = parseVersion(nameOf(object));
    return version && (running === undefined || compareVersions(version, running) > 0) ? [{ object, version }] : [];
  });
  return newer.sort((a, b) => compareVersions(b.version, a.version))[0]?.object;
};

/** One annotation as the webhook sees it, and where it was read. */
export interface WebhookAnnotation {
  readonly key: string;
  readonly value: string;
  /** `Version v1.5.0` or `the Upgrade (--upgrade-annotation)`. */
  readonly where: string;
}

const onVersion = (snapshot: ClusterSnapshot, intent: UpgradeIntent, key: string): WebhookAnnotation | undefined => {
  const object = targetVersionObject(snapshot, intent.to);
  const value = object ? annotationOf(object, key) : undefined;
  return object && value !== undefined ? { key, value, where: `Version ${nameOf(object)}` } : undefined;
};

const onUpgrade = (intent: UpgradeIntent, key: string): WebhookAnnotation | undefined => {
  const value = intent.upgradeAnnotations?.[key];
  return value === undefined ? undefined : { key, value, where: 'the Upgrade (--upgrade-annotation)' };
};

/** Where the running release's webhook reads `key`, or undefined when it does not read it at all. */
const sourceOf = (version: Version | undefined, key: string): 'version' | 'upgrade' | undefined => {
  const recent = version === undefined || atLeast(version, 1, 5, 1);
  const v150 = version !== undefined && atLeast(version, 1, 5, 0) && !recent;
  switch (key) {
    case MIN_FREE_DISK_SPACE_GB:
      return version !== undefined && !atLeast(version, 1, 5, 0) ? 'version' : undefined;
    case SKIP_GC_THRESHOLD_CHECK:
    case MIN_CERTS_EXPIRATION_IN_DAY:
      return recent ? 'upgrade' : v150 ? 'version' : undefined;
    case SKIP_SINGLE_REPLICA_DETACHED_VOL:
      return version === undefined || atLeast(version, 1, 5, 0) ? 'upgrade' : undefined;
    default:
      return undefined;
  }
};

/** The annotation `key` as the running release's webhook reads it, or undefined when unset or not read. */
export const webhookAnnotation = (
  snapshot: ClusterSnapshot,
  intent: UpgradeIntent,
  key: string,
): WebhookAnnotation | undefined => {
  const source = sourceOf(serverVersion(snapshot), key);
  if (source === 'version') return onVersion(snapshot, intent, key);
  if (source === 'upgrade') return onUpgrade(intent, key);
  return undefined;
};

/** An annotation whose value the webhook refuses, with its own words. */
export interface InvalidAnnotation {
  readonly invalid: string;
}

/** Go's strconv.ParseBool. */
const parseBool = (value: string): boolean | undefined => {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value)) return false;
  return undefined;
};

/** skipGarbageCollectionThresholdCheck: true skips the whole disk check (checkNodes → checkDiskSpace). */
export const skipGcThresholdCheck = (
  snapshot: ClusterSnapshot,
  intent: UpgradeIntent,
): (WebhookAnnotation & { readonly skip: boolean }) | InvalidAnnotation | undefined => {
  const annotation = webhookAnnotation(snapshot, intent, SKIP_GC_THRESHOLD_CHECK);
  if (!annotation) return undefined;
  const skip = parseBool(annotation.value);
  if (skip === undefined) return { invalid: `invalid value ${annotation.value} for ${annotation.key} annotation` };
  return { ...annotation, skip };
};

/** The free space v1.2.0 to v1.4.x require on each node: minFreeDiskSpaceGB on the Version, else 30 GiB. */
export const minFreeDiskSpace = (
  snapshot: ClusterSnapshot,
  intent: UpgradeIntent,
): { readonly bytes: number; readonly from?: WebhookAnnotation } | InvalidAnnotation => {
  const annotation = webhookAnnotation(snapshot, intent, MIN_FREE_DISK_SPACE_GB);
  if (!annotation) return { bytes: 30 * 1024 ** 3 };
  if (!/^\d+$/.test(annotation.value)) {
    return { invalid: `invalid value ${annotation.value} for ${annotation.key} annotation in ${annotation.where}` };
  }
  return { bytes: Number(annotation.value) * 1024 ** 3, from: annotation };
};

export const isInvalid = (value: object): value is InvalidAnnotation => 'invalid' in value;

/**
 * The days of certificate validity the webhook wants (checkCerts): minCertsExpirationInDay, else 7. Go's Atoi; from
 * v1.5.1 a value of 0 or less is refused too.
 */
export const minCertsExpirationDays = (
  snapshot: ClusterSnapshot,
  intent: UpgradeIntent,
): { readonly days: number; readonly from?: WebhookAnnotation } | InvalidAnnotation => {
  const annotation = webhookAnnotation(snapshot, intent, MIN_CERTS_EXPIRATION_IN_DAY);
  if (!annotation) return { days: 7 };
  if (!/^[+-]?\d+$/.test(annotation.value)) {
    return { invalid: `invalid value ${annotation.value} for annotation ${annotation.key}` };
  }
  const days = Number(annotation.value);
  const version = serverVersion(snapshot);
  if (days <= 0 && (version === undefined || atLeast(version, 1, 5, 1))) {
    return {
      invalid: `invalid value ${annotation.value} for annotation ${annotation.key}, it should be greater than 0`,
    };
  }
  return { days, from: annotation };
};
