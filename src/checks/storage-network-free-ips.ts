import { naming, type Finding } from '../model/finding.js';
import { refOf, type ObjectRef } from '../model/kube-object.js';
import { itemsOf, type ClusterSnapshot } from '../model/snapshot.js';
import { plural } from '../model/text.js';
import type { Check } from './check.js';
import {
  ipAvailability,
  rwxNetwork,
  STORAGE_NETWORK_SETTING,
  shortageMessage,
  storageNetwork,
  type IpAvailability,
} from '../facts/storage-network.js';
import { sh } from '../model/shell.js';

const STORAGE_OBJECT: ObjectRef = { kind: 'Setting', name: STORAGE_NETWORK_SETTING };

const ID = 'storage-network-free-ips';

const rwxWithoutStorageNetwork = (object: ObjectRef): Finding => ({
  check: ID,
  severity: 'warning',
  object,
  message: 'setting rwx-network shares the storage network with RWX volumes, but setting storage-network is empty',
  remedy:
    'Configure the storage network or give RWX volumes their own network in setting rwx-network (kubectl get settings.harvesterhci.io rwx-network -o yaml).',
});

/** The addresses the upgrade's new Longhorn pods (and the RWX repository volume, when shared) take from the pool. */
interface AddressesNeeded {
  readonly instanceManagers: number;
  readonly backingImageManagers: number;
  readonly required: number;
  readonly purpose: string;
}

const addressesNeeded = (snapshot: ClusterSnapshot, shared: boolean): AddressesNeeded => {
  const instanceManagers = itemsOf(snapshot, 'longhornInstanceManagers').length;
  const backingImageManagers = itemsOf(snapshot, 'longhornBackingImageManagers').length;
  const purpose = [
    plural(instanceManagers, 'new instance manager'),
    plural(backingImageManagers, 'new backing image manager'),
    ...(shared ? ['1 upgrade repository RWX volume'] : []),
  ].join(', ');
  return {
    instanceManagers,
    backingImageManagers,
    required: instanceManagers + backingImageManagers + (shared ? 1 : 0),
    purpose,
  };
};

const unreadableRange = (object: ObjectRef, value: string, required: number): Finding => ({
  check: ID,
  severity: 'warning',
  object,
  message: `cannot count free IPs: the storage-network range is not an IPv4 CIDR (value ${value})`,
  remedy: `Check the setting (kubectl get settings.harvesterhci.io ${STORAGE_NETWORK_SETTING} -o yaml); at least ${String(required)} addresses must be free in its range.`,
});

/** Too few free addresses is an error; a pool not created yet means the counts are guesses. */
const poolFindings = (ips: IpAvailability, object: ObjectRef, needed: AddressesNeeded): Finding[] => {
  if (ips.available < needed.required) {
    return [
      {
        check: ID,
        severity: 'error',
        object,
        message: shortageMessage(ips, needed.required, needed.purpose),
        remedy: `Widen the range or shrink the exclude list of setting ${STORAGE_NETWORK_SETTING} (changing it needs every VM stopped), or free stale allocations: ${sh`kubectl -n ${ips.poolNamespace} get ippools.whereabouts.cni.cncf.io ${ips.poolName} -o yaml`}`,
      },
    ];
  }
  if (!ips.poolFound) {
    return [
      {
        check: ID,
        severity: 'warning',
        object,
        message: `no Whereabouts IPPool ${ips.pool} exists for range ${ips.range}, although ${plural(needed.instanceManagers, 'instance manager')} and ${plural(needed.backingImageManagers, 'backing image manager')} should hold addresses from it`,
        remedy:
          'Check that the storage network is applied (kubectl get settings.harvesterhci.io storage-network -o yaml shows its conditions) and which pools exist: kubectl -n kube-system get ippools.whereabouts.cni.cncf.io',
      },
    ];
  }
  return [];
};

/**
 * With a storage network, Longhorn's instance-manager and backing-image-manager pods take their storage address
 * from a Whereabouts pool. When the upgrade applies the new Longhorn chart, Longhorn starts a new pod of each next
 * to the old one, so the pool needs one free address per instance manager and backing image manager; when RWX
 * volumes share the storage network, one more for the upgrade repository's RWX volume. Without them the new pods
 * stay in ContainerCreating and the upgrade stalls (harvester/upgrade-helpers: pre-check/v1.x/check.sh
 * `check_storage_network_ip_availability`, PR #46).
 */
export const storageNetworkFreeIps: Check = {
  id: ID,
  title: 'Storage network has free IPs for the upgrade',
  problem: (findings) => naming(findings, 'The storage network has too few free IPs for the upgrade'),
  description:
    "The storage network's Whereabouts pool must have a free IP for every Longhorn instance manager and backing image manager (plus one for the upgrade repository when RWX volumes share it): Longhorn starts the new ones before removing the old.",
  needs: ['harvesterSettings', 'longhornInstanceManagers', 'longhornBackingImageManagers', 'whereaboutsIpPools'],
  optional: ['longhornSettings'],
  appliesTo: (snapshot) =>
    storageNetwork(snapshot).value === '' && !rwxNetwork(snapshot).shared
      ? 'no storage network is configured (setting storage-network is empty)'
      : undefined,
  run: (snapshot) => {
    const storage = storageNetwork(snapshot);
    const shared = rwxNetwork(snapshot).shared;
    const object = storage.setting ? refOf('Setting', storage.setting) : STORAGE_OBJECT;
    if (storage.value === '') return [rwxWithoutStorageNetwork(object)];
    const needed = addressesNeeded(snapshot, shared);
    if (needed.required === 0) return [];
    const ips = storage.config ? ipAvailability(snapshot, storage.config) : undefined;
    if (!ips) return [unreadableRange(object, storage.value, needed.required)];
    return poolFindings(ips, object, needed);
  },
};
