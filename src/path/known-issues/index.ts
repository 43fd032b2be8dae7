import type { ResourceKey } from '../../model/resources.js';
import type { KnownIssue } from '../known-issue.js';
import { backupTargetRefreshToV142 } from './backup-target-refresh-to-v1-4-2.js';
import { cdiImporterOom } from './cdi-importer-oom.js';
import { containerDiskVmBlocksDrain } from './container-disk-vm-blocks-drain.js';
import { cosStatePartitionSizeV18 } from './cos-state-partition-size-v1-8.js';
import { cosStatePassiveImageSize } from './cos-state-passive-image-size.js';
import { dhcpClientIdV170 } from './dhcp-client-id-v1-7-0.js';
import { fleetPendingUpgradeV17 } from './fleet-pending-upgrade-v1-7.js';
import { harvesterSeederAddonV122 } from './harvester-seeder-addon-v1-2-2.js';
import { instanceManagerPdbWrongNodeV12 } from './instance-manager-pdb-wrong-node-v1-2.js';
import { intelNicRenameV17 } from './intel-nic-rename-v1-7.js';
import { kubeconfigSecretLabelV131 } from './kubeconfig-secret-label-v1-3-1.js';
import { kubernetesMinorSkip } from './kubernetes-minor-skip.js';
import { kubevirtMassLiveMigration } from './kubevirt-mass-live-migration.js';
import { kubevirtMigrationSettingV17 } from './kubevirt-migration-setting-v1-7.js';
import { kubevirtNotAvailableV18 } from './kubevirt-not-available-v1-8.js';
import { kubevirtPlacementArrives } from './kubevirt-placement-arrives.js';
import { longhornBackingImageCrdV140 } from './longhorn-backing-image-crd-v1-4-0.js';
import { longhornEvictionAbortsV14 } from './longhorn-eviction-aborts-v1-4.js';
import { longhornOrphanEngineBudget } from './longhorn-orphan-engine-budget.js';
import { longhornRwxAutoDeletePod } from './longhorn-rwx-auto-delete-pod.js';
import { longhornMigrationFlappingV16 } from './longhorn-migration-flapping-v1-6.js';
import { managementNetworkFilesV17 } from './management-network-files-v1-7.js';
import { rke2CertificatesExpiredV12 } from './rke2-certificates-expired-v1-2.js';
import { rke2MultusFailurePolicy } from './rke2-multus-failure-policy.js';
import { rwxStorageNetworkPostDraining } from './rwx-storage-network-post-draining.js';
import { sucPlanStuckApplyingV17 } from './suc-plan-stuck-applying-v1-7.js';
import { twoNodeWorkerNotReadyV132 } from './two-node-worker-not-ready-v1-3-2.js';
import { undocumentedUpgradePath } from './undocumented-upgrade-path.js';
import { upgradeRepoVolumeAttachingV17 } from './upgrade-repo-volume-attaching-v1-7.js';
import { vmMigrationPendingRestartV16 } from './vm-migration-pending-restart-v1-6.js';
import { vmdpContainerDiskV12 } from './vmdp-container-disk-v1-2.js';

// Paths v1.5 → v1.6 through v1.8 → v1.9 (issue #20, docs upgrade pages).
import { guestClusterNodeAddressV16 } from './guest-cluster-node-address-v1-6.js';
import { waitingRebootVlanScriptsV16 } from './waiting-reboot-vlan-scripts-v1-6.js';
import { mgmtSecondaryVlansV16 } from './mgmt-secondary-vlans-v1-6.js';
import { restartRequiredShownV16 } from './restart-required-shown-v1-6.js';
import { ipredCtrlCpuFeatureV16 } from './ipred-ctrl-cpu-feature-v1-6.js';
import { untaggedVlan1DroppedV161 } from './untagged-vlan-1-dropped-v1-6-1.js';
import { firmwareUuidRestartRequiredV17 } from './firmware-uuid-restart-required-v1-7.js';
import { cloudinitNetworkConfigV17 } from './cloudinit-network-config-v1-7.js';
import { migrationDashboardMetricV18 } from './migration-dashboard-metric-v1-8.js';
import { cpuTopologyMigrationV190 } from './cpu-topology-migration-v1-9-0.js';
import { imagesPreloadedStuckV190 } from './images-preloaded-stuck-v1-9-0.js';

/**
 * The knowledge base, one entry per file of this folder (the file named after the entry's id). The order is the
 * order of the PATH section and of `entries` in `-o json`: every-path entries first, then by the release they
 * concern.
 */
export const KNOWN_ISSUES: readonly KnownIssue[] = [
  kubernetesMinorSkip,
  undocumentedUpgradePath,
  rke2CertificatesExpiredV12,
  vmdpContainerDiskV12,
  instanceManagerPdbWrongNodeV12,
  harvesterSeederAddonV122,
  kubeconfigSecretLabelV131,
  twoNodeWorkerNotReadyV132,
  kubevirtPlacementArrives,
  longhornOrphanEngineBudget,
  longhornEvictionAbortsV14,
  backupTargetRefreshToV142,
  longhornRwxAutoDeletePod,
  longhornBackingImageCrdV140,
  containerDiskVmBlocksDrain,
  cosStatePassiveImageSize,
  // v1.5.x → v1.6.x
  guestClusterNodeAddressV16,
  waitingRebootVlanScriptsV16,
  mgmtSecondaryVlansV16,
  restartRequiredShownV16,
  ipredCtrlCpuFeatureV16,
  vmMigrationPendingRestartV16,
  longhornMigrationFlappingV16,
  kubevirtMassLiveMigration,
  untaggedVlan1DroppedV161,
  // v1.6.x → v1.7.x
  managementNetworkFilesV17,
  dhcpClientIdV170,
  intelNicRenameV17,
  cloudinitNetworkConfigV17,
  firmwareUuidRestartRequiredV17,
  fleetPendingUpgradeV17,
  kubevirtMigrationSettingV17,
  rke2MultusFailurePolicy,
  // v1.7.x → v1.7.y and v1.7.x → v1.8.x
  sucPlanStuckApplyingV17,
  upgradeRepoVolumeAttachingV17,
  cdiImporterOom,
  cosStatePartitionSizeV18,
  rwxStorageNetworkPostDraining,
  kubevirtNotAvailableV18,
  migrationDashboardMetricV18,
  // v1.8.x → v1.9.x
  cpuTopologyMigrationV190,
  imagesPreloadedStuckV190,
];

/** The knowledge base as shipped: bump `schemaVersion` when an entry's shape changes, `updated` with its content. */
export const KNOWLEDGE_BASE = {
  schemaVersion: 1,
  updated: '2026-12-03',
  entries: KNOWN_ISSUES,
} as const;

/** Every input any entry reads, so that one read of the cluster serves them all. */
export const KNOWN_ISSUE_INPUTS: readonly ResourceKey[] = [
  ...new Set(KNOWN_ISSUES.flatMap((entry) => (entry.detection.kind === 'check' ? entry.detection.needs : []))),
];
