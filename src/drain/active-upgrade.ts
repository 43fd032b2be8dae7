import { LATEST_UPGRADE_LABEL, UPGRADE_STATE_LABEL, type Upgrade, type UpgradePlan } from '../model/harvester.js';
import { labelOf, nameOf } from '../model/kube-object.js';
import { itemsOf, type ClusterSnapshot } from '../model/snapshot.js';

export interface NodeUpgradeStatus {
  readonly state?: string;
  readonly reason?: string;
  readonly message?: string;
}

/**
 * A Harvester upgrade as the drain sees it, whichever flavour: V1 `upgrades.harvesterhci.io` (state in the label
 * `harvesterhci.io/upgradeState`, nodes in `status.nodeStatuses`) or the experimental V2
 * `upgradeplans.management.harvesterhci.io` (state in `status.currentPhase`, nodes in `status.nodeUpgradeStatuses`).
 */
export interface ActiveUpgrade {
  readonly kind: 'Upgrade' | 'UpgradePlan';
  readonly name: string;
  readonly state?: string;
  /** Succeeded or Failed: nothing moves any more. */
  readonly finished: boolean;
  readonly nodeStatuses: Readonly<Record<string, NodeUpgradeStatus>>;
  readonly singleNode?: string;
}

const FINISHED = new Set(['Succeeded', 'Failed']);

const fromUpgrade = (upgrade: Upgrade): ActiveUpgrade => {
  const state = labelOf(upgrade, UPGRADE_STATE_LABEL);
  const singleNode = upgrade.status?.singleNode;
  return {
    kind: 'Upgrade',
    name: nameOf(upgrade),
    ...(state === undefined ? {} : { state }),
    finished: state !== undefined && FINISHED.has(state),
    nodeStatuses: upgrade.status?.nodeStatuses ?? {},
    ...(singleNode ? { singleNode } : {}),
  };
};

const fromPlan = (plan: UpgradePlan): ActiveUpgrade => {
  const state = plan.status?.currentPhase;
  const singleNode = plan.status?.singleNode;
  return {
    kind: 'UpgradePlan',
    name: nameOf(plan),
    ...(state ? { state } : {}),
    finished: state !== undefined && FINISHED.has(state),
    nodeStatuses: plan.status?.nodeUpgradeStatuses ?? {},
    ...(singleNode ? { singleNode } : {}),
  };
};

const newestFirst = (a: UpgradePlan, b: UpgradePlan): number =>
  (b.metadata?.creationTimestamp ?? '').localeCompare(a.metadata?.creationTimestamp ?? '');

/**
 * The upgrades that may be moving nodes, most relevant first: the V1 Upgrade labelled
 * `harvesterhci.io/latestUpgrade=true` (the controller's own lookup, harvester/harvester
 * pkg/controller/master/upgrade/upgrade_controller.go) while it runs, then V2 plans that run (in progress unless
 * Succeeded or Failed, pkg/controller/master/node/node_down_controller.go), then the finished ones for context.
 */
export const currentUpgrades = (snapshot: ClusterSnapshot): readonly ActiveUpgrade[] => {
  const latest = itemsOf(snapshot, 'upgrades')
    .filter((upgrade) => labelOf(upgrade, LATEST_UPGRADE_LABEL) === 'true')
    .map(fromUpgrade);
  const plans = [...itemsOf(snapshot, 'upgradePlans')].sort(newestFirst).map(fromPlan);
  return [
    ...latest.filter((upgrade) => !upgrade.finished),
    ...plans.filter((plan) => !plan.finished),
    ...latest.filter((upgrade) => upgrade.finished),
    ...plans.filter((plan) => plan.finished),
  ];
};

/** Where a node stands, the same word for both flavours. */
export type NodePhase =
  | 'images-preloading'
  | 'images-preloaded'
  | 'paused'
  | 'pre-draining'
  | 'pre-drained'
  | 'post-draining'
  | 'waiting-reboot'
  | 'single-node-upgrading'
  | 'succeeded'
  | 'failed'
  | 'unknown';

/** V1 node states, exact strings (harvester/harvester pkg/controller/master/upgrade/job_controller.go). */
const V1_PHASES: Readonly<Record<string, NodePhase>> = {
  'Images preloading': 'images-preloading',
  'Images preloaded': 'images-preloaded',
  'Node-upgrade paused': 'paused',
  'Pre-draining': 'pre-draining',
  'Pre-drained': 'pre-drained',
  'Post-draining': 'post-draining',
  'Waiting Reboot': 'waiting-reboot',
  Succeeded: 'succeeded',
  Failed: 'failed',
};

/**
 * V2 node states (harvester/upgrade-toolkit api/v1beta1/upgradeplan_types.go). Image cleaning runs after the node
 * finished its upgrade (PostDrained), so for the drain it counts as done.
 */
const V2_PHASES: Readonly<Record<string, NodePhase>> = {
  ImagePreloading: 'images-preloading',
  ImagePreloaded: 'images-preloaded',
  ImagePreloadFailed: 'failed',
  UpgradePaused: 'paused',
  PreDraining: 'pre-draining',
  PreDrained: 'pre-drained',
  PreDrainFailed: 'failed',
  PostDraining: 'post-draining',
  WaitingReboot: 'waiting-reboot',
  PostDrained: 'succeeded',
  PostDrainFailed: 'failed',
  SingleNodeUpgrading: 'single-node-upgrading',
  SingleNodeUpgradeFailed: 'failed',
  SingleNodeUpgraded: 'succeeded',
  ImageCleaning: 'succeeded',
  ImageCleaned: 'succeeded',
  ImageCleanFailed: 'succeeded',
};

export const nodePhase = (upgrade: ActiveUpgrade, state: string | undefined): NodePhase =>
  (state === undefined ? undefined : (upgrade.kind === 'Upgrade' ? V1_PHASES : V2_PHASES)[state]) ?? 'unknown';

/**
 * States in which a node holds the upgrade's one node-job slot: Harvester runs hook Jobs for one node at a time and
 * refuses another while any node is outside Succeeded / Images preloaded (harvester/harvester
 * pkg/controller/master/upgrade/secret_controller.go checkEligibleToDrain). V2 adds its CamelCase twins and the
 * drain-hook and single-node failures; its preload and image-cleanup failures happen outside any drain.
 */
const V1_JOB_STATES = new Set([
  'Pre-draining',
  'Pre-drained',
  'Post-draining',
  'Waiting Reboot',
  'Node-upgrade paused',
  'Failed',
]);
const V2_JOB_STATES = new Set([
  'PreDraining',
  'PreDrained',
  'PreDrainFailed',
  'PostDraining',
  'PostDrainFailed',
  'WaitingReboot',
  'UpgradePaused',
  'SingleNodeUpgrading',
  'SingleNodeUpgradeFailed',
]);

export const isJobRunningState = (upgrade: ActiveUpgrade, state: string | undefined): boolean =>
  state !== undefined && (upgrade.kind === 'Upgrade' ? V1_JOB_STATES : V2_JOB_STATES).has(state);
