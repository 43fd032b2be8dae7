import { UPGRADE_STATE_LABEL, type Upgrade } from '../model/harvester.js';
import { counted, type Finding } from '../model/finding.js';
import { labelOf, nameOf, namespaceOf, refOf } from '../model/kube-object.js';
import type { Check } from './check.js';
import type { ClusterSnapshot } from '../model/snapshot.js';
import { failedLatestUpgrade, upgradePlansInProgress, upgradesInProgress } from '../facts/harvester-upgrade.js';
import type { Condition } from '../model/kube-object.js';
import { sh } from '../model/shell.js';

const target = (upgrade: Upgrade): string => {
  const to = upgrade.spec?.version ?? upgrade.spec?.image;
  return to ? `upgrade to ${to}` : 'upgrade';
};

type NodeStatuses = Readonly<Record<string, { readonly state?: string; readonly message?: string }>>;

/** Why it failed: the first False condition's message or reason, `Completed` first. */
const failure = (conditions: readonly Condition[] | undefined): string | undefined => {
  const said = (c: Condition): string | undefined => [c.message, c.reason].find((text) => text);
  const failed = (conditions ?? []).filter((c) => c.status === 'False' && said(c) !== undefined);
  const chosen = failed.find((c) => c.type === 'Completed') ?? failed[0];
  return chosen && said(chosen);
};

/** `node-0 Succeeded, node-2 Failed (Job has reached the specified backoff limit)`, by node name. */
const nodeStates = (statuses: NodeStatuses | undefined): string =>
  Object.entries(statuses ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([node, s]) => `${node} ${s.state ?? 'without a state'}${s.message ? ` (${s.message})` : ''}`)
    .join(', ');

interface FailedFacts {
  readonly object: Finding['object'];
  readonly what: string;
  readonly conditions: readonly Condition[] | undefined;
  readonly statuses: NodeStatuses | undefined;
  readonly get: string;
}

const factsOf = (failed: NonNullable<ReturnType<typeof failedLatestUpgrade>>): FailedFacts =>
  'upgrade' in failed
    ? {
        object: refOf('Upgrade', failed.upgrade),
        what: target(failed.upgrade),
        conditions: failed.upgrade.status?.conditions,
        statuses: failed.upgrade.status?.nodeStatuses,
        get: sh`kubectl -n ${namespaceOf(failed.upgrade) || 'harvester-system'} get upgrades.harvesterhci.io ${nameOf(failed.upgrade)} -o yaml`,
      }
    : {
        object: refOf('UpgradePlan', failed.plan),
        what: 'upgrade plan',
        conditions: failed.plan.status?.conditions,
        statuses: failed.plan.status?.nodeUpgradeStatuses,
        get: sh`kubectl get upgradeplans.management.harvesterhci.io ${nameOf(failed.plan)} -o yaml`,
      };

const failedFinding = (snapshot: ClusterSnapshot): Finding[] => {
  const failed = failedLatestUpgrade(snapshot);
  if (!failed) return [];
  const { object, what, conditions, statuses, get } = factsOf(failed);
  const why = failure(conditions);
  const nodes = nodeStates(statuses);
  return [
    {
      check: 'upgrade-in-progress',
      severity: 'warning',
      object,
      message: `the latest ${what} failed${why ? `: ${why}` : ''}${nodes ? `; nodes: ${nodes}` : ''}`,
      remedy: `Find and fix what stopped it before starting another upgrade (${get}; the failed node's Job logs in harvester-system), so the next one does not start from a half-upgraded cluster.`,
    },
  ];
};

/**
 * The webhook refuses a new Upgrade while any Upgrade's `harvesterhci.io/upgradeState` label is NotIn (Succeeded,
 * Failed) — which an Upgrade without the label also matches: "cannot proceed until previous upgrade "<name>"
 * completes" (harvester/harvester: pkg/webhook/resources/upgrade/validator.go). Upgrade V2 plans count as running
 * until Succeeded or Failed (pkg/controller/master/node/node_down_controller.go). The latest one left Failed is
 * reported too: the webhook no longer blocks on it, but its nodes stay where it stopped.
 */
export const upgradeInProgress: Check = {
  id: 'upgrade-in-progress',
  title: 'No upgrade is in progress or left failed',
  problem: (findings) =>
    counted(findings, 'upgrade is in progress or left failed', 'upgrades are in progress or left failed'),
  description:
    'Harvester refuses a new upgrade while an earlier Upgrade (or Upgrade V2 plan) has not finished; a failed one leaves the cluster where it stopped.',
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
    ...failedFinding(snapshot),
  ],
};
