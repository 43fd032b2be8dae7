import {
  LATEST_UPGRADE_LABEL,
  settingValue,
  UPGRADE_STATE_LABEL,
  type Upgrade,
  type UpgradePlan,
} from '../model/harvester.js';
import { conditionOf, labelOf, nameOf } from '../model/kube-object.js';
import { itemsOf, type ClusterSnapshot } from '../model/snapshot.js';

export interface UpgradeConfig {
  readonly restoreVM: boolean;
}

/** Setting `upgrade-config` (harvester/harvester pkg/settings/settings.go); an unreadable value means the default. */
export const upgradeConfig = (snapshot: ClusterSnapshot): UpgradeConfig => {
  const text = settingValue(itemsOf(snapshot, 'harvesterSettings').find((s) => nameOf(s) === 'upgrade-config'));
  try {
    const parsed = JSON.parse(text ?? '{}') as { restoreVM?: unknown };
    return { restoreVM: parsed.restoreVM === true };
  } catch {
    return { restoreVM: false };
  }
};

/**
 * Upgrades the webhook counts as in progress: label `harvesterhci.io/upgradeState` NotIn (Succeeded, Failed),
 * which an Upgrade without the label also satisfies (pkg/webhook/resources/upgrade/validator.go).
 */
export const upgradesInProgress = (snapshot: ClusterSnapshot): readonly Upgrade[] =>
  itemsOf(snapshot, 'upgrades').filter((upgrade) => {
    const state = labelOf(upgrade, UPGRADE_STATE_LABEL);
    return state !== 'Succeeded' && state !== 'Failed';
  });

/** Upgrade V2: in progress unless Succeeded or Failed (harvester pkg/controller/master/node/node_down_controller.go). */
export const upgradePlansInProgress = (snapshot: ClusterSnapshot): readonly UpgradePlan[] =>
  itemsOf(snapshot, 'upgradePlans').filter((plan) => {
    const phase = plan.status?.currentPhase ?? '';
    return phase !== 'Succeeded' && phase !== 'Failed';
  });

/** An upgrade in its node phase, and what it says of each node's turn. */
export interface NodePhase {
  /** `Upgrade hvst-upgrade-x` or `UpgradePlan plan-1`. */
  readonly upgrade: string;
  /** The node's state as the upgrade records it (V1 `status.nodeStatuses`, V2 `status.nodeUpgradeStatuses`). */
  readonly stateOf: (node: string) => string | undefined;
}

/** A node's upgrade has run when its state is Succeeded (V1 pkg/apis/harvesterhci.io/v1beta1/upgrade.go NodeState*). */
export const NODE_UPGRADE_DONE = 'Succeeded';

/**
 * An upgrade is upgrading nodes one by one (phase 4): V1 label `UpgradingNodes` or condition NodesUpgraded
 * Unknown (pkg/controller/master/upgrade/upgrade_controller.go upgradeKubernetes); V2 phase `NodeUpgrading`.
 * Only then may kubelets legitimately differ by a minor or more.
 */
export const nodePhase = (snapshot: ClusterSnapshot): NodePhase | undefined => {
  for (const upgrade of upgradesInProgress(snapshot)) {
    const nodesUpgraded = conditionOf(upgrade.status?.conditions, 'NodesUpgraded');
    if (labelOf(upgrade, UPGRADE_STATE_LABEL) === 'UpgradingNodes' || nodesUpgraded?.status === 'Unknown') {
      const statuses = upgrade.status?.nodeStatuses ?? {};
      return { upgrade: `Upgrade ${nameOf(upgrade)}`, stateOf: (node) => statuses[node]?.state };
    }
  }
  const plan = upgradePlansInProgress(snapshot).find((p) => p.status?.currentPhase === 'NodeUpgrading');
  if (!plan) return undefined;
  const statuses = plan.status?.nodeUpgradeStatuses ?? {};
  return { upgrade: `UpgradePlan ${nameOf(plan)}`, stateOf: (node) => statuses[node]?.state };
};

/**
 * The latest upgrade, when it ended Failed: V1 the Upgrade labelled `harvesterhci.io/latestUpgrade=true`
 * (pkg/controller/master/upgrade/upgrade_controller.go), V2 the newest UpgradePlan. The webhook lets a new upgrade
 * start after it, but the cluster is left wherever the failure stopped it.
 */
export const failedLatestUpgrade = (
  snapshot: ClusterSnapshot,
): { readonly upgrade: Upgrade } | { readonly plan: UpgradePlan } | undefined => {
  const upgrade = itemsOf(snapshot, 'upgrades').find(
    (u) => labelOf(u, LATEST_UPGRADE_LABEL) === 'true' && labelOf(u, UPGRADE_STATE_LABEL) === 'Failed',
  );
  if (upgrade) return { upgrade };
  const newest = [...itemsOf(snapshot, 'upgradePlans')].sort((a, b) =>
    (b.metadata?.creationTimestamp ?? '').localeCompare(a.metadata?.creationTimestamp ?? ''),
  )[0];
  return newest?.status?.currentPhase === 'Failed' ? { plan: newest } : undefined;
};
