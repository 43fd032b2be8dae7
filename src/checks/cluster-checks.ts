import { addonNotSettled } from './addon-not-settled.js';
import { backupTargetRefreshInterval } from './backup-target-refresh-interval.js';
import { capiClusterNotProvisioned } from './capi-cluster-not-provisioned.js';
import { capiClusterPaused } from './capi-cluster-paused.js';
import type { Check } from './check.js';
import { fleetBundleNotReady } from './fleet-bundle-not-ready.js';
import { fleetClusterNotReady } from './fleet-cluster-not-ready.js';
import { harvesterBundleNotReady } from './harvester-bundle-not-ready.js';
import { harvesterVersionUnknown } from './harvester-version-unknown.js';
import { helmReleasePending } from './helm-release-pending.js';
import { kubeconfigSecretLabel } from './kubeconfig-secret-label.js';
import { kubevirtNotSettled } from './kubevirt-not-settled.js';
import { managedChartNotReady } from './managed-chart-not-ready.js';
import { rancherClusterNotReady } from './rancher-cluster-not-ready.js';
import { upgradeCleanupPending } from './upgrade-cleanup-pending.js';
import { upgradeInProgress } from './upgrade-in-progress.js';
import { sucPlanStuckApplying } from './suc-plan-stuck-applying.js';
import { upgradeRepoNotReady } from './upgrade-repo-not-ready.js';
import { rancherRolloutIncomplete } from './rancher-rollout-incomplete.js';

/**
 * Cluster-wide state, in reading order: the version everything else depends on, earlier upgrades, the Cluster API
 * and Rancher view of the cluster, the charts Fleet deploys, then settings and secrets.
 */
export const CLUSTER_CHECKS: readonly Check[] = [
  harvesterVersionUnknown,
  upgradeInProgress,
  upgradeCleanupPending,
  sucPlanStuckApplying,
  capiClusterNotProvisioned,
  capiClusterPaused,
  rancherClusterNotReady,
  managedChartNotReady,
  harvesterBundleNotReady,
  fleetBundleNotReady,
  fleetClusterNotReady,
  helmReleasePending,
  addonNotSettled,
  kubevirtNotSettled,
  kubeconfigSecretLabel,
  backupTargetRefreshInterval,
  // The upgrade repository every job of an upgrade in progress waits for (package/upgrade/lib.sh wait_repo).
  upgradeRepoNotReady,
  // The Deployments the upgrade's Rancher step waits to roll out (package/upgrade/upgrade_manifests.sh wait_rollout).
  rancherRolloutIncomplete,
];
