import {
  LATEST_UPGRADE_LABEL,
  UPGRADE_CLEANUP_LABEL,
  UPGRADE_STATE_LABEL,
  type Upgrade,
  type UpgradePlan,
} from '../model/harvester.js';
import { conditionOf, labelOf, nameOf, namespaceOf, type Condition } from '../model/kube-object.js';
import { itemsOf, type ClusterSnapshot } from '../model/snapshot.js';
import type { PhaseState, StatusPhase, StatusUpgrade } from './status-types.js';

/** The upgrade `status` reports on: a V1 Upgrade or a V2 UpgradePlan, with its object. */
export type ChosenUpgrade =
  | { readonly kind: 'Upgrade'; readonly object: Upgrade }
  | { readonly kind: 'UpgradePlan'; readonly object: UpgradePlan };

const created = (object: Upgrade | UpgradePlan): string => object.metadata?.creationTimestamp ?? '';
const newest = <T extends Upgrade | UpgradePlan>(objects: readonly T[]): T | undefined =>
  [...objects].sort((a, b) => created(b).localeCompare(created(a)) || nameOf(a).localeCompare(nameOf(b)))[0];

const V2_FINISHED = new Set(['Succeeded', 'Failed']);

/**
 * The newest upgrade. V1: the Upgrade labelled `harvesterhci.io/latestUpgrade=true`, the controller's own lookup
 * (harvester/harvester pkg/controller/master/upgrade/upgrade_controller.go), else the newest Upgrade. V2
 * (harvester/upgrade-toolkit api/v1beta1/upgradeplan_types.go): the newest UpgradePlan. A plan still running wins over
 * a finished V1 Upgrade; otherwise V1 does.
 */
export const chooseUpgrade = (snapshot: ClusterSnapshot): ChosenUpgrade | undefined => {
  const upgrades = itemsOf(snapshot, 'upgrades');
  const latest = upgrades.filter((upgrade) => labelOf(upgrade, LATEST_UPGRADE_LABEL) === 'true');
  const upgrade = newest(latest.length > 0 ? latest : upgrades);
  const plan = newest(itemsOf(snapshot, 'upgradePlans'));
  const v1Finished = upgrade !== undefined && V2_FINISHED.has(labelOf(upgrade, UPGRADE_STATE_LABEL) ?? '');
  const planRuns = plan !== undefined && !V2_FINISHED.has(plan.status?.currentPhase ?? '');
  if (plan && (!upgrade || (v1Finished && planRuns))) return { kind: 'UpgradePlan', object: plan };
  return upgrade ? { kind: 'Upgrade', object: upgrade } : undefined;
};

export const describeUpgrade = (chosen: ChosenUpgrade): StatusUpgrade => {
  const { object } = chosen;
  const version = object.spec?.version;
  const previousVersion = object.status?.previousVersion;
  const state =
    chosen.kind === 'Upgrade' ? labelOf(chosen.object, UPGRADE_STATE_LABEL) : chosen.object.status?.currentPhase;
  const namespace = namespaceOf(object);
  return {
    kind: chosen.kind,
    ...(namespace ? { namespace } : {}),
    name: nameOf(object),
    ...(version ? { version } : {}),
    ...(previousVersion ? { previousVersion } : {}),
    ...(state ? { state } : {}),
  };
};

/** The condition's `reason: message`, when it says anything. */
export const conditionDetail = (condition: Condition | undefined): string | undefined => {
  const text = [condition?.reason, condition?.message].filter((part) => part !== undefined && part !== '').join(': ');
  return text === '' ? undefined : text;
};

/**
 * V1's phases and the condition that closes each (harvester/harvester pkg/apis/harvesterhci.io/v1beta1/upgrade.go,
 * pkg/controller/master/upgrade/upgrade_controller.go): the ISO image is downloaded (ImageReady), the repository
 * serves it (RepoReady), every node preloads the new images (NodesPrepared), the apply-manifests Job upgrades the
 * system services (SystemServicesUpgraded), then the nodes one by one (NodesUpgraded).
 */
const V1_PHASES = [
  { id: 'image', title: 'Upgrade image download', condition: 'ImageReady' },
  { id: 'repo', title: 'Upgrade repository', condition: 'RepoReady' },
  { id: 'preload', title: 'Image preload', condition: 'NodesPrepared' },
  { id: 'system-services', title: 'System services (apply-manifests)', condition: 'SystemServicesUpgraded' },
] as const;

interface TopPhase extends StatusPhase {
  readonly doneAt?: string;
}

const stateOf = (condition: Condition | undefined, previousDone: boolean, finished: boolean): PhaseState => {
  if (condition?.status === 'True') return 'done';
  if (condition?.status === 'False') return 'failed';
  return previousDone && !finished ? 'running' : 'pending';
};

/** The phases before the nodes, each from its condition; one runs when all before it are done. */
const v1TopPhases = (upgrade: Upgrade, finished: boolean): TopPhase[] => {
  const phases: TopPhase[] = [];
  let previousDone = true;
  let previousAt: string | undefined = upgrade.metadata?.creationTimestamp;
  for (const { id, title, condition: type } of V1_PHASES) {
    const condition = conditionOf(upgrade.status?.conditions, type);
    const state = stateOf(condition, previousDone, finished);
    const since = state === 'running' ? (condition?.lastTransitionTime ?? previousAt) : condition?.lastTransitionTime;
    const detail = state === 'failed' ? conditionDetail(condition) : undefined;
    phases.push({ id, title, state, ...(since ? { since } : {}), ...(detail ? { detail } : {}) });
    previousDone = state === 'done';
    previousAt = condition?.lastTransitionTime;
  }
  return phases;
};

/**
 * Cleanup runs once the upgrade ended: label `harvesterhci.io/upgradeCleanup` Pending until the cleanup Plan and
 * the repository are gone, then Succeeded (pkg/controller/master/upgrade/upgrade_controller.go cleanup).
 */
const v1Cleanup = (upgrade: Upgrade): StatusPhase => {
  const label = labelOf(upgrade, UPGRADE_CLEANUP_LABEL);
  const state: PhaseState = label === 'Succeeded' ? 'done' : label === 'Pending' ? 'running' : 'pending';
  return { id: 'cleanup', title: 'Cleanup', state };
};

export const v1Phases = (upgrade: Upgrade): { top: StatusPhase[]; cleanup: StatusPhase; nodesRun: boolean } => {
  const state = labelOf(upgrade, UPGRADE_STATE_LABEL);
  const finished = state === 'Succeeded' || state === 'Failed';
  const top = v1TopPhases(upgrade, finished);
  const nodes = conditionOf(upgrade.status?.conditions, 'NodesUpgraded');
  const nodesRun = top.every((phase) => phase.state === 'done') || nodes !== undefined;
  return { top, cleanup: v1Cleanup(upgrade), nodesRun };
};

/** V2's phases in order (upgradeplan_types.go UpgradePlanPhase*), each with the word that starts and ends it. */
const V2_PHASES = [
  { id: 'image', title: 'Upgrade image download', running: ['ISODownloading'], done: 'ISODownloaded' },
  {
    id: 'repo',
    title: 'Upgrade repository',
    running: ['RepoCreating', 'RepoCreated', 'MetadataPopulating'],
    done: 'MetadataPopulated',
  },
  { id: 'preload', title: 'Image preload', running: ['ImagePreloading'], done: 'ImagePreloaded' },
  {
    id: 'system-services',
    title: 'System services (cluster upgrade)',
    running: ['ClusterUpgrading'],
    done: 'ClusterUpgraded',
  },
  { id: 'nodes', title: 'Nodes', running: ['NodeUpgrading'], done: 'NodeUpgraded' },
  { id: 'cleanup', title: 'Cleanup', running: ['CleaningUp'], done: 'CleanedUp' },
] as const;

const V2_ORDER: readonly string[] = [
  'Initializing',
  'Initialized',
  ...V2_PHASES.flatMap((phase) => [...phase.running, phase.done]),
  'Succeeded',
];

/** V2: each phase from `status.currentPhase` and `status.phaseTransitionTimestamps`. */
export const v2Phases = (plan: UpgradePlan): StatusPhase[] => {
  const current = plan.status?.currentPhase ?? 'Initializing';
  const stamps = plan.status?.phaseTransitionTimestamps ?? [];
  const at = (phase: string): string | undefined =>
    stamps.find((stamp) => stamp.phase === phase)?.phaseTransitionTimestamp;
  // Failed keeps no position of its own: the last phase stamped before it is where it failed.
  const reached = current === 'Failed' ? (stamps.at(-2)?.phase ?? 'Initializing') : current;
  const position = V2_ORDER.indexOf(reached);
  return V2_PHASES.map(({ id, title, running, done }): StatusPhase => {
    const start = V2_ORDER.indexOf(running[0]);
    const end = V2_ORDER.indexOf(done);
    const state: PhaseState =
      position >= end ? 'done' : position >= start ? (current === 'Failed' ? 'failed' : 'running') : 'pending';
    const since = state === 'done' ? at(done) : state === 'pending' ? undefined : at(running[0]);
    return { id, title, state, ...(since ? { since } : {}) };
  });
};
