import type { Check } from './check.js';
import { longhornBackingImageCopies } from './longhorn-backing-image-copies.js';
import { longhornDetachedVolumeMissingReplicas } from './longhorn-detached-volume-missing-replicas.js';
import { longhornEvictionRequested } from './longhorn-eviction-requested.js';
import { longhornInstanceManagerMissing } from './longhorn-instance-manager-missing.js';
import { longhornManagerNotReady } from './longhorn-manager-not-ready.js';
import { longhornNodeDrainPolicy } from './longhorn-node-drain-policy.js';
import { longhornSingleReplicaVolume } from './longhorn-single-replica-volume.js';
import { longhornStaleAttachedVolume } from './longhorn-stale-attached-volume.js';
import { longhornVolumeDegraded } from './longhorn-volume-degraded.js';
import { rwxNetworkFreeIps } from './rwx-network-free-ips.js';
import { storageNetworkFreeIps } from './storage-network-free-ips.js';

/** Longhorn volumes, nodes and settings, then the storage and RWX networks their pods take addresses from. */
export const LONGHORN_CHECKS: readonly Check[] = [
  longhornVolumeDegraded,
  longhornSingleReplicaVolume,
  longhornStaleAttachedVolume,
  longhornDetachedVolumeMissingReplicas,
  longhornEvictionRequested,
  longhornNodeDrainPolicy,
  longhornBackingImageCopies,
  storageNetworkFreeIps,
  rwxNetworkFreeIps,
  // What Harvester's upgrade waits for after the new Longhorn chart (upgrade_manifests.sh wait_longhorn_upgrade).
  longhornManagerNotReady,
  longhornInstanceManagerMissing,
];
