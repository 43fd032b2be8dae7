import { naming, type Finding } from '../model/finding.js';
import { refOf, type ObjectRef } from '../model/kube-object.js';
import type { Check } from './check.js';
import { shortageMessage } from '../facts/storage-network.js';
import { ipAvailability, RWX_NETWORK_SETTING, rwxNetwork } from '../facts/storage-network.js';
import { sh } from '../model/shell.js';

const RWX_OBJECT: ObjectRef = { kind: 'Setting', name: RWX_NETWORK_SETTING };

/** The upgrade repository's RWX volume: one share-manager pod, one address. */
const REQUIRED = 1;

/**
 * The upgrade serves its repository from a temporary RWX volume whose share-manager pod takes an address from
 * the RWX network; a dedicated RWX network (setting `rwx-network`, v1.8+, `share-storage-network: false` with a
 * `network`) therefore needs one free address in its Whereabouts pool (harvester/upgrade-helpers:
 * pre-check/v1.x/check.sh `check_rwx_network_ip_availability`, PR #46). A shared RWX network is counted by
 * storage-network-free-ips.
 */
export const rwxNetworkFreeIps: Check = {
  id: 'rwx-network-free-ips',
  title: 'Dedicated RWX network has a free IP for the upgrade',
  problem: (findings) => naming(findings, 'The dedicated RWX network has no free IP for the upgrade'),
  description:
    "A dedicated RWX network's Whereabouts pool must have a free IP for the upgrade repository's RWX volume.",
  needs: ['harvesterSettings', 'whereaboutsIpPools'],
  appliesTo: (snapshot) => {
    const rwx = rwxNetwork(snapshot);
    if (rwx.value === '') return 'no rwx-network setting (Harvester before v1.8) or it is empty';
    if (rwx.invalid) return undefined;
    if (rwx.shared) return 'RWX volumes share the storage network (storage-network-free-ips counts their IP)';
    return rwx.network ? undefined : 'rwx-network defines no dedicated network';
  },
  run: (snapshot) => {
    const rwx = rwxNetwork(snapshot);
    const object = rwx.setting ? refOf('Setting', rwx.setting) : RWX_OBJECT;
    const ips = rwx.network ? ipAvailability(snapshot, rwx.network) : undefined;
    if (!ips) {
      return [
        {
          check: 'rwx-network-free-ips',
          severity: 'warning',
          object,
          message: rwx.invalid
            ? `cannot count free IPs: the rwx-network value is not a JSON object (${rwx.value})`
            : `cannot count free IPs: the rwx-network range is not an IPv4 CIDR (value ${rwx.value})`,
          remedy: `Check the setting (kubectl get settings.harvesterhci.io ${RWX_NETWORK_SETTING} -o yaml); one address must be free in its range.`,
        },
      ];
    }
    if (ips.available >= REQUIRED) return [];
    const finding: Finding = {
      check: 'rwx-network-free-ips',
      severity: 'error',
      object,
      message: shortageMessage(ips, REQUIRED, '1 upgrade repository RWX volume'),
      remedy: `Widen the range or shrink the exclude list of the network in setting ${RWX_NETWORK_SETTING}, or free stale allocations: ${sh`kubectl -n ${ips.poolNamespace} get ippools.whereabouts.cni.cncf.io ${ips.poolName} -o yaml`}`,
    };
    return [finding];
  },
};
