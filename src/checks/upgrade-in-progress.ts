import { UPGRADE_STATE_LABEL, type Upgrade } from '../model/harvester.js';
import type { Finding } from '../model/finding.js';
import { labelOf, nameOf, namespaceOf, refOf } from '../model/kube-object.js';
import type { Check } from './check.js';
import { upgradePlansInProgress, upgradesInProgress } from '../facts/harvester-upgrade.js';
import { sh } from '../model/shell.js';

const target = (upgrade: Upgrade): string => {
  const to = upgrade.spec?.version ?? upgrade.spec?.image;
  return to ? `upgrade to ${to}` : 'upgrade';
};

/**
 * The webhook refuses a new Upgrade while any Upgrade's `harvesterhci.io/upgradeState` label is NotIn (Succeeded,
 * Failed) — which an Upgrade without the label also matches: "cannot proceed until previous upgrade "<name>"
 * completes" (harvester/harvester: pkg/webhook/resources/upgrade/validator.go). Upgrade V2 plans count as running
 * until Succeeded or Failed (pkg/controller/master/node/node_down_controller.go).
 */
export const upgradeInProgress: Check = {
  id: 'upgrade-in-progress',
  title: 'No upgrade is in progress',
  description: 'Harvester refuses a new upgrade while an earlier Upgrade (or Upgrade V2 plan) has not finished.',
  needs: ['upgrades'],
  optional: ['upgradePlans'],
  run: (snapshot) => [
    ...upgradesInProgress(snapshot).map((upgrade): Finding => {
      const state = labelOf(upgrade, UPGRADE_STATE_LABEL);
      return {
        check: 'upgrade-in-progress',
        severity: 'error',
        object: refOf('Upgrade', upgrade),
        message: `${target(upgrade)} has not finished (${state ? `upgradeState ${state}` : 'no upgradeState label'})`,
        remedy:
          `Wait for it to finish, or see where it stands: ${sh`kubectl -n ${namespaceOf(upgrade) || 'harvester-system'} get upgrades.harvesterhci.io ${nameOf(upgrade)} -o yaml`} ` +
          `(status.nodeStatuses, conditions). Do not delete ` +
          'it while it upgrades nodes (condition NodesUpgraded Unknown).',
      };
    }),
    ...upgradePlansInProgress(snapshot).map((plan): Finding => ({
      check: 'upgrade-in-progress',
      severity: 'error',
      object: refOf('UpgradePlan', plan),
      message: plan.status?.currentPhase
        ? `upgrade plan is in phase ${plan.status.currentPhase}, not Succeeded or Failed`
        : 'upgrade plan has no phase yet',
      remedy: `Wait for it to finish, or see where it stands: ${sh`kubectl get upgradeplans.management.harvesterhci.io ${nameOf(plan)} -o yaml`}.`,
    })),
  ],
};
