import { settingValue, type Setting } from '../model/harvester.js';
import { isRecord, parseJson } from '../model/json.js';
import { nameOf } from '../model/kube-object.js';
import { itemsOf, type ClusterSnapshot } from '../model/snapshot.js';
import {
  allocationCount,
  ipPoolName,
  usableIpCount,
  WHEREABOUTS_NAMESPACE,
  type IpPool,
} from '../model/whereabouts.js';
import { plural } from '../model/text.js';

/** The network part of settings `storage-network` and `rwx-network` (harvester/harvester: pkg/util/network/common.go `Config`). */
export interface NetworkConfig {
  readonly range?: string;
  readonly exclude: readonly string[];
}

const harvesterSetting = (snapshot: ClusterSnapshot, name: string): Setting | undefined =>
  itemsOf(snapshot, 'harvesterSettings').find((setting) => nameOf(setting) === name);

const networkConfigOf = (value: unknown): NetworkConfig | undefined => {
  const record = isRecord(value) ? value : undefined;
  if (!record) return undefined;
  const exclude = Array.isArray(record.exclude)
    ? record.exclude.filter((entry): entry is string => typeof entry === 'string')
    : [];
  return typeof record.range === 'string' && record.range !== '' ? { range: record.range, exclude } : { exclude };
};

export interface StorageNetwork {
  readonly setting?: Setting;
  /** The effective value; empty (or the literal `null` the upgrade-helpers script also ignores) when none is configured. */
  readonly value: string;
  /** Undefined when the value is not a JSON object. */
  readonly config?: NetworkConfig;
}

export const STORAGE_NETWORK_SETTING = 'storage-network';
export const RWX_NETWORK_SETTING = 'rwx-network';
/** Before Harvester v1.8 (no `rwx-network` setting) Longhorn's own switch says whether RWX uses the storage network. */
export const LONGHORN_RWX_ON_STORAGE_NETWORK = 'storage-network-for-rwx-volume-enabled';

export const storageNetwork = (snapshot: ClusterSnapshot): StorageNetwork => {
  const setting = harvesterSetting(snapshot, STORAGE_NETWORK_SETTING);
  const raw = (settingValue(setting) ?? '').trim();
  const value = raw === 'null' ? '' : raw;
  const config = value === '' ? undefined : networkConfigOf(parseJson(value));
  return { ...(setting ? { setting } : {}), value, ...(config ? { config } : {}) };
};

export interface RwxNetwork {
  readonly setting?: Setting;
  /** The effective value of `rwx-network`; empty when the setting is absent (before v1.8) or empty. */
  readonly value: string;
  /** The value is not a JSON object (the upgrade-helpers script fails on it). */
  readonly invalid: boolean;
  /** RWX volumes get their addresses from the storage network. */
  readonly shared: boolean;
  /** The dedicated network (`network`), when the value names one. */
  readonly network?: NetworkConfig;
}

/**
 * Setting `rwx-network` (v1.8+: `{"share-storage-network": bool, "network": {...}}`, default
 * `{"share-storage-network":false}`, harvester/harvester: pkg/settings/settings.go); without it, the Longhorn setting
 * `storage-network-for-rwx-volume-enabled` decides (harvester/upgrade-helpers: pre-check/v1.x/check.sh
 * `get_share_storage_network`).
 */
export const rwxNetwork = (snapshot: ClusterSnapshot): RwxNetwork => {
  const setting = harvesterSetting(snapshot, RWX_NETWORK_SETTING);
  const value = (settingValue(setting) ?? '').trim();
  if (value === '') {
    const longhorn = itemsOf(snapshot, 'longhornSettings').find((s) => nameOf(s) === LONGHORN_RWX_ON_STORAGE_NETWORK);
    return {
      ...(setting ? { setting } : {}),
      value,
      invalid: false,
      shared: settingValue(longhorn)?.trim() === 'true',
    };
  }
  const parsed = parseJson(value);
  const record = isRecord(parsed) ? parsed : undefined;
  const network = record ? networkConfigOf(record.network) : undefined;
  return {
    ...(setting ? { setting } : {}),
    value,
    invalid: record === undefined,
    shared: record?.['share-storage-network'] === true,
    ...(network ? { network } : {}),
  };
};

export interface IpAvailability {
  /** The range as configured. */
  readonly range: string;
  /** `kube-system/<pool>`. */
  readonly pool: string;
  readonly poolNamespace: string;
  readonly poolName: string;
  readonly poolFound: boolean;
  readonly usable: number;
  readonly allocated: number;
  readonly available: number;
}

/**
 * Free addresses of a Whereabouts-backed network: usable addresses of the range minus the pool's allocations
 * (harvester/upgrade-helpers: pre-check/v1.x/check.sh `check_network_available_ips`). The pool is named after the
 * canonical range, as Whereabouts names it; the script uses the range as written, which differs only when the
 * range has host bits set. Undefined when the range or an exclude is not an IPv4 CIDR.
 */
export const ipAvailability = (snapshot: ClusterSnapshot, config: NetworkConfig): IpAvailability | undefined => {
  if (config.range === undefined) return undefined;
  const usable = usableIpCount(config.range, config.exclude);
  const name = ipPoolName(config.range);
  if (usable === undefined || name === undefined) return undefined;
  const candidates = itemsOf(snapshot, 'whereaboutsIpPools').filter((pool) => nameOf(pool) === name);
  const pool: IpPool | undefined =
    candidates.find((candidate) => candidate.metadata?.namespace === WHEREABOUTS_NAMESPACE) ?? candidates[0];
  // Whereabouts creates a pool on its first allocation (pkg/storage/kubernetes/ipam.go getPool): none means none.
  const allocated = pool ? allocationCount(pool) : 0;
  const poolNamespace = pool?.metadata?.namespace ?? WHEREABOUTS_NAMESPACE;
  return {
    range: config.range,
    pool: `${poolNamespace}/${name}`,
    poolNamespace,
    poolName: name,
    poolFound: pool !== undefined,
    usable,
    allocated,
    available: usable - allocated,
  };
};

/** `3 IPs available, 5 required (range …, IPPool …: 6 usable, 3 allocated; for …)`. */
export const shortageMessage = (ips: IpAvailability, required: number, purpose: string): string =>
  `${plural(ips.available, 'IP')} available, ${String(required)} required (range ${ips.range}, IPPool ${ips.pool}: ${String(ips.usable)} usable, ${String(ips.allocated)} allocated${ips.poolFound ? '' : ', no pool yet'}; for ${purpose})`;
