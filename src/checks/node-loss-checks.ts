import { backupTargetUnhealthy } from './backup-target-unhealthy.js';
import { blockdeviceUnhealthy } from './blockdevice-unhealthy.js';
import type { Check } from './check.js';
import { etcdQuorumAtRisk } from './etcd-quorum-at-risk.js';
import { longhornDiskUnhealthy } from './longhorn-disk-unhealthy.js';
import { managementRoleRedundancy } from './management-role-redundancy.js';
import { migrationHeadroom } from './migration-headroom.js';
import { topologyChangeInProgress } from './topology-change-in-progress.js';
import { upgradeSinglePointOfFailure } from './upgrade-single-point-of-failure.js';
import { volumeRedundancyOnNodeLoss } from './volume-redundancy-on-node-loss.js';
import { vmWithoutRecentBackup } from './vm-without-recent-backup.js';

/**
 * Will the cluster survive losing a node mid-upgrade (issue #11): the shape of the cluster first (topology changes,
 * etcd, management roles), then the disks, what each volume keeps while a node is drained, whether each node's VMs
 * fit elsewhere and what else runs on one node only, and last the way back: the backup target and recent backups.
 */
export const NODE_LOSS_CHECKS: readonly Check[] = [
  topologyChangeInProgress,
  etcdQuorumAtRisk,
  managementRoleRedundancy,
  longhornDiskUnhealthy,
  blockdeviceUnhealthy,
  volumeRedundancyOnNodeLoss,
  migrationHeadroom,
  upgradeSinglePointOfFailure,
  backupTargetUnhealthy,
  vmWithoutRecentBackup,
];
