import { settingValue, UPGRADE_STATE_LABEL, type Upgrade, type UpgradePlan } from '../model/harvester.js';
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

/**
 * An upgrade is upgrading nodes one by one (phase 4): V1 label `UpgradingNodes` or condition NodesUpgraded
 * Unknown (pkg/controller/master/upgrade/upgrade_controller.go upgradeKubernetes); V2 phase `NodeUpgrading`.
 * Only then may kubelets legitimately differ by one minor.
 */
export const upgradingNodes = (snapshot: ClusterSnapshot): string | undefined => {
  for (const upgrade of upgradesInProgress(snapshot)) {
    const nodesUpgraded = conditionOf(upgrade.status?.conditions, 'NodesUpgraded');
    if (labelOf(upgrade, UPGRADE_STATE_LABEL) === 'UpgradingNodes' || nodesUpgraded?.status === 'Unknown') {
      return `Upgrade ${nameOf(upgrade)}`;
    }
  }
  const plan = upgradePlansInProgress(snapshot).find((p) => p.status?.currentPhase === 'NodeUpgrading');
  return plan ? `UpgradePlan ${nameOf(plan)}` : undefined;
};
