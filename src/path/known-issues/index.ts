import type { ResourceKey } from '../../model/resources.js';
import type { KnownIssue } from '../known-issue.js';
import { backupTargetRefreshToV142 } from './backup-target-refresh-to-v1-4-2.js';
import { cdiImporterOom } from './cdi-importer-oom.js';
import { containerDiskVmBlocksDrain } from './container-disk-vm-blocks-drain.js';
import { cosStatePartitionSizeV18 } from './cos-state-partition-size-v1-8.js';
import { cosStatePassiveImageSize } from './cos-state-passive-image-size.js';
import { dhcpClientIdV170 } from './dhcp-client-id-v1-7-0.js';
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
import { managementNetworkFilesV17 } from './management-network-files-v1-7.js';
import { rke2CertificatesExpiredV12 } from './rke2-certificates-expired-v1-2.js';
import { rwxStorageNetworkPostDraining } from './rwx-storage-network-post-draining.js';
import { twoNodeWorkerNotReadyV132 } from './two-node-worker-not-ready-v1-3-2.js';
import { undocumentedUpgradePath } from './undocumented-upgrade-path.js';
import { vmMigrationPendingRestartV16 } from './vm-migration-pending-restart-v1-6.js';
import { vmdpContainerDiskV12 } from './vmdp-container-disk-v1-2.js';

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
  vmMigrationPendingRestartV16,
  kubevirtMassLiveMigration,
  managementNetworkFilesV17,
  dhcpClientIdV170,
  intelNicRenameV17,
  kubevirtMigrationSettingV17,
  cosStatePartitionSizeV18,
  rwxStorageNetworkPostDraining,
  kubevirtNotAvailableV18,
  cdiImporterOom,
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
