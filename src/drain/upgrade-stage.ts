import { liveMachineOf, machineNodeIndex } from '../facts/machine-node-index.js';
import type { DrainHandshake, Drainer, UpgradeJob, UpgradeStage, UpgradeStageName } from '../model/drain.js';
import { annotationOf, conditionOf, labelOf, nameOf, namespaceOf, type KubeObject } from '../model/kube-object.js';
import type { Job } from '../model/pod.js';
import { FLEET_LOCAL, localClusterOf } from '../model/rancher.js';
import { inputOf, itemsOf, type ClusterSnapshot } from '../model/snapshot.js';
import { currentUpgrades, isJobRunningState, nodePhase, type ActiveUpgrade, type NodePhase } from './active-upgrade.js';
import { drainerOf } from './node-drainer.js';
import { plural } from '../model/text.js';
import { parseJson } from '../model/json.js';
import { sh } from '../model/shell.js';

/** Annotation names (rancher/rancher pkg/capr/common.go; Harvester pkg/controller/master/upgrade). */
const DRAIN_OPTIONS = 'rke.cattle.io/drain-options';
const PRE_DRAIN = 'rke.cattle.io/pre-drain';
const DRAIN_DONE = 'rke.cattle.io/drain-done';
const DRAIN_ERROR = 'rke.cattle.io/drain-error';
const POST_DRAIN = 'rke.cattle.io/post-drain';
const UNCORDON = 'rke.cattle.io/uncordon';
const MACHINE_ANNOTATION = 'cluster.x-k8s.io/machine';
const MACHINE_NAME_LABEL = 'rke.cattle.io/machine-name';
const PENDING_OS_IMAGE = 'harvesterhci.io/pendingOSImage';

/**
 * The hook annotations Harvester answers with: V1 sets `harvesterhci.io/pre-hook|post-hook`
 * (pkg/controller/master/upgrade/upgrade_controller.go upgradeKubernetes); V2 `management.harvesterhci.io/…`
 * (harvester/upgrade-toolkit pkg/upgradeplan constants). Rancher takes the real names from the drain options.
 */
const DEFAULT_HOOKS: Readonly<Record<ActiveUpgrade['kind'], { readonly pre: string; readonly post: string }>> = {
  Upgrade: { pre: 'harvesterhci.io/pre-hook', post: 'harvesterhci.io/post-hook' },
  UpgradePlan: { pre: 'management.harvesterhci.io/pre-hook', post: 'management.harvesterhci.io/post-hook' },
};

/** Node Job labels: V1 pkg/controller/master/upgrade/common.go applyNodeJob; V2 upgrade-toolkit ConstructNodeJob. */
const JOB_LABELS: Readonly<
  Record<ActiveUpgrade['kind'], { readonly upgrade: string; readonly node: string; readonly type: string }>
> = {
  Upgrade: { upgrade: 'harvesterhci.io/upgrade', node: 'harvesterhci.io/node', type: 'harvesterhci.io/upgradeJobType' },
  UpgradePlan: {
    upgrade: 'management.harvesterhci.io/upgrade-plan',
    node: 'management.harvesterhci.io/node',
    type: 'management.harvesterhci.io/job-type',
  },
};
const UPGRADE_NAMESPACE = 'harvester-system';

/**
 * The hook annotations listed in the drain options JSON (`preDrainHooks` / `postDrainHooks`, each
 * `{annotation}`), which Rancher compares one by one with the drain value
 * (rancher/rancher pkg/controllers/capr/machinedrain/machinedrain.go checkHookAnnotations). Undefined when the
 * value is not JSON of that shape.
 */
const hooksIn = (options: string | undefined, field: 'preDrainHooks' | 'postDrainHooks'): string[] | undefined => {
  if (!options) return undefined;
  const parsed = parseJson(options);
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const hooks = (parsed as Record<string, unknown>)[field];
  if (hooks === undefined || hooks === null) return [];
  if (!Array.isArray(hooks)) return undefined;
  return hooks
    .map((hook: unknown) =>
      typeof hook === 'object' && hook !== null ? (hook as { annotation?: unknown }).annotation : undefined,
    )
    .filter((annotation): annotation is string => typeof annotation === 'string' && annotation !== '');
};

/**
 * The name of the Machine whose plan Secret carries the node's hand-shake: the live Machine that claims the node (a
 * Machine of an earlier registration, still being deleted, is not it), else the one the node's annotation names.
 */
const machineOf = (snapshot: ClusterSnapshot, nodeName: string): string | undefined => {
  const index = machineNodeIndex(snapshot);
  const live = liveMachineOf(index, nodeName);
  if (live) return nameOf(live);
  const annotated = index.nodeByName.get(nodeName);
  return annotated ? annotationOf(annotated, MACHINE_ANNOTATION) : undefined;
};

/**
 * Why the hand-shake cannot be read, or undefined when it can: a bundle without the plan Secrets (support-bundle-kit
 * keeps them only for Harvester v1.1.1 and later, see src/cluster/read-bundle.ts), Secrets that could not be listed,
 * or no plan Secret for the machine. The annotations are then unknown, never "not set".
 */
const handshakeUnknown = (
  snapshot: ClusterSnapshot,
  machine: string | undefined,
  secret: KubeObject | undefined,
): string | undefined => {
  const input = inputOf(snapshot, 'machinePlanSecrets');
  if (input.status !== 'ok') return input.reason;
  if (!machine) return 'no Machine stands for the node';
  return secret ? undefined : `no machine plan Secret names machine ${machine}`;
};

const planSecretOf = (snapshot: ClusterSnapshot, machine: string): KubeObject | undefined => {
  const secrets = itemsOf(snapshot, 'machinePlanSecrets');
  return (
    secrets.find((secret) => labelOf(secret, MACHINE_NAME_LABEL) === machine && namespaceOf(secret) === FLEET_LOCAL) ??
    secrets.find((secret) => labelOf(secret, MACHINE_NAME_LABEL) === machine) ??
    secrets.find((secret) => nameOf(secret) === `${machine}-machine-plan`)
  );
};

interface HandshakeFacts {
  readonly handshake: DrainHandshake;
  /** The hook annotations Rancher waits for before it drains (none: it drains at once) and before it uncordons. */
  readonly preHooks: readonly string[];
  readonly postHooks: readonly string[];
}

const handshakeOf = (snapshot: ClusterSnapshot, nodeName: string, kind: ActiveUpgrade['kind']): HandshakeFacts => {
  const machine = machineOf(snapshot, nodeName);
  const secret = machine ? planSecretOf(snapshot, machine) : undefined;
  const read = (key: string): string => (secret ? (annotationOf(secret, key) ?? '') : '');
  const options = read(DRAIN_OPTIONS);
  const preDrain = read(PRE_DRAIN);
  const postDrain = read(POST_DRAIN);
  const preHooks = hooksIn(options || preDrain, 'preDrainHooks') ?? [DEFAULT_HOOKS[kind].pre];
  const postHooks = hooksIn(options || postDrain, 'postDrainHooks') ?? [DEFAULT_HOOKS[kind].post];
  const answered = (hooks: readonly string[], value: string): boolean =>
    value !== '' && hooks.every((hook) => read(hook) === value);
  const drainError = read(DRAIN_ERROR);
  const unknown = handshakeUnknown(snapshot, machine, secret);
  return {
    handshake: {
      known: unknown === undefined,
      ...(unknown === undefined ? {} : { unknown }),
      ...(machine ? { machine } : {}),
      ...(secret ? { secret: nameOf(secret) } : {}),
      drainOptions: options !== '',
      preDrain: preDrain !== '',
      preHook: answered(preHooks, preDrain),
      drainDone: options !== '' && read(DRAIN_DONE) === options,
      ...(drainError ? { drainError } : {}),
      postDrain: postDrain !== '',
      postHook: answered(postHooks, postDrain),
      uncordon: read(UNCORDON) !== '',
    },
    preHooks,
    postHooks,
  };
};

/** The hand-shake's own verdict, in the order Rancher walks it (machinedrain.go drain / unDrain). */
type HandshakeStage =
  | 'not-upgrading'
  | 'waiting-pre-drain-job'
  | 'rancher-draining'
  | 'drain-done-plan-applying'
  | 'post-drain'
  | 'succeeded';

const handshakeStage = ({ handshake: h, preHooks, postHooks }: HandshakeFacts): HandshakeStage => {
  if (!h.drainOptions) return h.postDrain && postHooks.length > 0 && !h.postHook ? 'post-drain' : 'not-upgrading';
  if (preHooks.length > 0 && !h.preHook) return 'waiting-pre-drain-job';
  if (!h.drainDone) return 'rancher-draining';
  if (!h.postDrain) return 'drain-done-plan-applying';
  if (postHooks.length > 0 && !h.postHook) return 'post-drain';
  return 'succeeded';
};

const HANDSHAKE_PHRASES: Readonly<Record<HandshakeStage, string>> = {
  'not-upgrading': 'no drain requested',
  'waiting-pre-drain-job': 'Rancher still waiting for the pre-drain hook',
  'rancher-draining': 'the pre-drain hook answered and Rancher draining',
  'drain-done-plan-applying': 'the drain done',
  'post-drain': 'Rancher asking for the post-drain hook',
  succeeded: 'the post-drain hook answered',
};

interface PhaseRule {
  readonly stage: UpgradeStageName;
  /** Hand-shake stages consistent with the node state (each side lags the other a little). */
  readonly agrees: readonly HandshakeStage[];
  /** The node state spans several hand-shake steps, so an agreeing hand-shake says more precisely where it is. */
  readonly handshakeRefines?: boolean;
}

/**
 * Per node phase of a running upgrade: the stage it means. Harvester moves the node state on Job events
 * (pkg/controller/master/upgrade/job_controller.go), Rancher moves the annotations (machinedrain.go).
 */
const PHASE_RULES: Readonly<Record<Exclude<NodePhase, 'unknown'>, PhaseRule>> = {
  'images-preloading': { stage: 'images-preloading', agrees: ['not-upgrading'] },
  'images-preloaded': {
    stage: 'not-upgrading',
    agrees: ['not-upgrading', 'waiting-pre-drain-job'],
    handshakeRefines: true,
  },
  paused: { stage: 'paused', agrees: ['not-upgrading', 'waiting-pre-drain-job'] },
  'pre-draining': { stage: 'waiting-pre-drain-job', agrees: ['waiting-pre-drain-job'] },
  'pre-drained': {
    stage: 'rancher-draining',
    agrees: ['rancher-draining', 'drain-done-plan-applying', 'post-drain'],
    handshakeRefines: true,
  },
  'post-draining': { stage: 'post-drain', agrees: ['post-drain'] },
  'waiting-reboot': { stage: 'waiting-reboot', agrees: ['post-drain'] },
  'single-node-upgrading': { stage: 'single-node-upgrading', agrees: ['not-upgrading'] },
  succeeded: { stage: 'succeeded', agrees: ['not-upgrading', 'succeeded'] },
  failed: {
    stage: 'failed',
    agrees: [
      'not-upgrading',
      'waiting-pre-drain-job',
      'rancher-draining',
      'drain-done-plan-applying',
      'post-drain',
      'succeeded',
    ],
  },
};

/**
 * Where a Job stands. Only the `Failed` condition makes it failed: a Job retries its pod up to backoffLimit times,
 * so `status.failed` > 0 with `succeeded` > 0 is a Job that completed after a pod died (typically the one killed
 * by the node's reboot), and with neither it waits to retry (k8s.io/api batch/v1 types.go, JobStatus).
 */
type JobProgress = 'failed' | 'complete' | 'running' | 'retrying' | 'pending';

const progressOf = (job: Omit<UpgradeJob, 'state'>, failed: boolean): JobProgress => {
  if (failed) return 'failed';
  if (job.succeeded > 0) return 'complete';
  if (job.active > 0) return 'running';
  if (job.failed > 0) return 'retrying';
  return 'pending';
};

const stateText = (job: Omit<UpgradeJob, 'state'>, progress: JobProgress): string => {
  switch (progress) {
    case 'failed':
      return job.failedMessage === undefined ? 'failed' : `failed: ${job.failedMessage}`;
    case 'retrying':
      return `pending (retrying after ${plural(job.failed, 'failed pod')})`;
    case 'complete':
    case 'running':
    case 'pending':
      return progress;
  }
};

/** Each UpgradeJob's progress, for the summary, which says more than `state`. */
const progressByJob = new WeakMap<UpgradeJob, JobProgress>();

const progressOfJob = (job: UpgradeJob): JobProgress =>
  progressByJob.get(job) ?? progressOf(job, job.failedMessage !== undefined);

const jobOf = (job: Job, typeLabel: string): UpgradeJob => {
  const failedCondition = conditionOf(job.status?.conditions, 'Failed');
  const failed = failedCondition?.status === 'True';
  const failedMessage = failed ? [failedCondition.message, failedCondition.reason].find((text) => text) : undefined;
  const facts = {
    name: nameOf(job),
    type: labelOf(job, typeLabel) ?? '',
    active: job.status?.active ?? 0,
    succeeded: job.status?.succeeded ?? 0,
    failed: job.status?.failed ?? 0,
    ...(failedMessage ? { failedMessage } : {}),
  };
  const progress = progressOf(facts, failed);
  const upgradeJob: UpgradeJob = { ...facts, state: stateText(facts, progress) };
  progressByJob.set(upgradeJob, progress);
  return upgradeJob;
};

const byCreation = (a: Job, b: Job): number =>
  (a.metadata?.creationTimestamp ?? '').localeCompare(b.metadata?.creationTimestamp ?? '') ||
  nameOf(a).localeCompare(nameOf(b));

/** The upgrade's Jobs (any node), oldest first. */
const upgradeJobs = (snapshot: ClusterSnapshot, upgrade: ActiveUpgrade): readonly Job[] => {
  const labels = JOB_LABELS[upgrade.kind];
  return itemsOf(snapshot, 'jobs')
    .filter((job) => namespaceOf(job) === UPGRADE_NAMESPACE && labelOf(job, labels.upgrade) === upgrade.name)
    .sort(byCreation);
};

/** The parts joined with `; ` as one sentence: inner full stops dropped, one at the end. */
const sentence = (parts: readonly (string | undefined)[]): string => {
  const text = parts
    .filter((part): part is string => Boolean(part))
    .map((part) => part.replace(/\.$/, ''))
    .join('; ');
  return /[!?]$/.test(text) ? text : `${text}.`;
};

const logsHint = (job: UpgradeJob): string => sh`kubectl -n ${UPGRADE_NAMESPACE} logs job/${job.name}`;

/** The Job's state in the summary sentence, with where to read its log while it runs or retries. */
const jobState = (job: UpgradeJob): string => {
  switch (progressOfJob(job)) {
    case 'failed':
    case 'complete':
      return job.state;
    case 'running':
      return `running (${logsHint(job)})`;
    case 'retrying':
      return `waiting to retry after ${String(job.failed)} failed pod(s) (${logsHint(job)})`;
    case 'pending':
      return 'not started yet';
  }
};

/** What Rancher's provisioning cluster says while it drains or applies the plan (Updated, Provisioned, Ready). */
const rancherMessage = (snapshot: ClusterSnapshot, preferDrain: boolean): string | undefined => {
  const cluster = localClusterOf(itemsOf(snapshot, 'provisioningClusters'));
  const conditions = ['Updated', 'Provisioned', 'Ready']
    .map((type) => conditionOf(cluster?.status?.conditions, type))
    .filter((condition) => condition?.message);
  const drain = preferDrain ? conditions.find((condition) => /drain/i.test(condition?.message ?? '')) : undefined;
  const chosen = drain ?? conditions.find((condition) => condition?.status !== 'True');
  return chosen?.message ? `Rancher reports "${chosen.message}"` : undefined;
};

/**
 * Why Harvester has not created the pre-drain Job: it waits until the upgrade upgrades nodes, the node has its
 * images, no other node holds the one node-Job slot and no Job of the upgrade is still unfinished
 * (pkg/controller/master/upgrade/secret_controller.go checkEligibleToDrain, checkPendingHookJobs).
 */
const preDrainJobWait = (
  snapshot: ClusterSnapshot,
  upgrade: ActiveUpgrade | undefined,
  nodeName: string,
): string | undefined => {
  if (!upgrade) return 'no running Harvester upgrade owns this drain';
  const nodesState = upgrade.kind === 'Upgrade' ? 'UpgradingNodes' : 'NodeUpgrading';
  if (upgrade.state !== nodesState) {
    return `${upgrade.kind} ${upgrade.name} is in state ${upgrade.state ?? '(none)'}, and Harvester creates node Jobs only in ${nodesState}`;
  }
  if (upgrade.kind === 'UpgradePlan') return undefined;
  const busy = Object.entries(upgrade.nodeStatuses)
    .filter(([name]) => name !== nodeName)
    .filter(([, status]) => !['succeeded', 'images-preloaded'].includes(nodePhase(upgrade, status.state)))
    .map(([name, status]) => `${name} is ${status.state ?? 'in no state'}`);
  if (busy.length > 0) return `Harvester upgrades one node at a time and ${busy.join(', ')}`;
  const pending = upgradeJobs(snapshot, upgrade).filter((job) => (job.status?.succeeded ?? 0) === 0);
  if (pending.length > 0) return `Job ${pending.map(nameOf).join(', ')} of the upgrade has not succeeded yet`;
  return undefined;
};

interface Context {
  readonly snapshot: ClusterSnapshot;
  readonly nodeName: string;
  readonly upgrade: ActiveUpgrade | undefined;
  readonly status: { readonly state?: string; readonly reason?: string; readonly message?: string } | undefined;
  readonly facts: HandshakeFacts;
  readonly jobs: readonly UpgradeJob[];
  readonly drainer: Drainer;
}

const lastJob = (jobs: readonly UpgradeJob[], type: string): UpgradeJob | undefined =>
  jobs.filter((job) => job.type === type).at(-1);

/** What one stage's sentence may draw on: the context, the hand-shake's own stage and Rancher's last drain error. */
interface StageFacts extends Context {
  /** Undefined when the plan Secret was not read. */
  readonly handshake: HandshakeStage | undefined;
  readonly error: string | undefined;
}

type Describe = (facts: StageFacts) => (string | undefined)[];

/**
 * Without an upgrade at work on the node, who drains it is the whole story (a Machine deletion, maintenance mode, a
 * hand cordon); what Rancher did is said only when its hand-shake was read.
 */
const notUpgrading: Describe = ({ upgrade, status, handshake }) => {
  if (!upgrade) return [];
  if (upgrade.finished) {
    return [
      `The latest ${upgrade.kind} ${upgrade.name} finished (${upgrade.state ?? ''})` +
        (handshake === 'not-upgrading' ? ' and Rancher is not draining the node' : ''),
    ];
  }
  return [
    `${upgrade.kind} ${upgrade.name} (${upgrade.state ?? 'no state'}) has not reached this node` +
      (status?.state ? ` (node state ${status.state})` : '') +
      (handshake === 'not-upgrading' ? ': Rancher has not asked to drain it' : ''),
  ];
};

const waitingPreDrainJob: Describe = ({ facts, jobs, snapshot, upgrade, nodeName, error }) => {
  const job = lastJob(jobs, 'pre-drain');
  if (facts.handshake.known && !facts.handshake.preDrain) {
    return [`Rancher wants to drain the node but has not asked for the pre-drain hook yet`, error];
  }
  if (job && !facts.handshake.known) {
    // Harvester creates the pre-drain Job only once the plan Secret carries rke.cattle.io/pre-drain
    // (pkg/controller/master/upgrade/secret_controller.go OnChanged), so the Job proves the request.
    return [
      `Harvester's pre-drain Job ${job.name} is ${jobState(job)}; Rancher drains the node once it answers the hook`,
    ];
  }
  if (job) {
    return [`Rancher cordoned the node and waits for Harvester's pre-drain Job ${job.name}, ${jobState(job)}`, error];
  }
  return [
    `Rancher cordoned the node and waits for Harvester's pre-drain hook, but Harvester has not created the pre-drain Job`,
    preDrainJobWait(snapshot, upgrade, nodeName),
    error,
  ];
};

const rancherDraining: Describe = ({ handshake, status, snapshot, error }) =>
  handshake === 'rancher-draining'
    ? ['Rancher is draining the node', rancherMessage(snapshot, true), error]
    : [
        `Harvester's pre-drain work is done (node state ${status?.state ?? ''}), so Rancher should be draining the node`,
        error,
      ];

const drainDonePlanApplying: Describe = ({ facts: { handshake: h }, snapshot }) => [
  h.uncordon
    ? `Rancher drained the node and applied the new RKE2 plan to machine ${h.machine ?? ''}; it is about to ask for the post-drain hook`
    : `Rancher drained the node and is applying the new RKE2 plan to machine ${h.machine ?? ''}, waiting for its probes`,
  rancherMessage(snapshot, false),
];

const postDrain: Describe = ({ jobs }) => {
  const job = lastJob(jobs, 'post-drain');
  return [
    job
      ? `Harvester's post-drain Job ${job.name} (RKE2 wait, OS upgrade, reboot) is ${jobState(job)}`
      : 'Rancher asked for the post-drain hook and Harvester has not created the post-drain Job yet',
  ];
};

const waitingReboot: Describe = ({ snapshot, nodeName }) => {
  const node = machineNodeIndex(snapshot).nodeByName.get(nodeName);
  const expected = node ? annotationOf(node, PENDING_OS_IMAGE) : undefined;
  const running = node?.status?.nodeInfo?.osImage;
  return [
    'The post-drain Job finished and Harvester waits for the node to reboot into the new OS' +
      (expected ? ` (expects ${expected}${running ? `, runs ${running}` : ''})` : ''),
  ];
};

const singleNodeUpgrading: Describe = ({ jobs }) => {
  const job = lastJob(jobs, 'single-node-upgrade');
  return [
    'Single-node cluster: Rancher drains nothing and ' +
      (job
        ? `Harvester's single-node-upgrade Job ${job.name} is ${jobState(job)}`
        : 'Harvester upgrades the node in place'),
  ];
};

const succeeded: Describe = ({ handshake, upgrade }) => {
  if (handshake === 'succeeded') {
    return ['The post-drain hook answered; Rancher is uncordoning the node and clearing the drain annotations'];
  }
  return upgrade?.finished
    ? [`The node finished its upgrade (${upgrade.kind} ${upgrade.name} ${upgrade.state ?? ''})`]
    : ['The node finished its upgrade'];
};

const failed: Describe = ({ jobs, status, error }) => {
  const failedJob = jobs.filter((job) => progressOfJob(job) === 'failed').at(-1);
  const why = [status?.reason, status?.message].filter(Boolean).join(': ');
  return [
    `The node's upgrade failed${why ? `: ${why}` : ''}`,
    failedJob ? `Job ${failedJob.name} ${failedJob.state}` : undefined,
    error,
  ];
};

/** Each stage's sentence, in parts that `sentence` joins. */
const DESCRIBE: Readonly<Record<UpgradeStageName, Describe>> = {
  'not-upgrading': notUpgrading,
  'images-preloading': () => ['Images are being preloaded on the node; its drain has not started'],
  paused: ({ status }) => [
    `The node's upgrade is paused${status?.message ? ` (${status.message})` : ' on request'}`,
    "Harvester starts no pre-drain Job for it until it is resumed, so Rancher's drain waits",
  ],
  'waiting-pre-drain-job': waitingPreDrainJob,
  'rancher-draining': rancherDraining,
  'drain-done-plan-applying': drainDonePlanApplying,
  'post-drain': postDrain,
  'waiting-reboot': waitingReboot,
  'single-node-upgrading': singleNodeUpgrading,
  succeeded,
  failed,
};

const describeStage = (
  stage: UpgradeStageName,
  handshake: HandshakeStage | undefined,
  context: Context,
): (string | undefined)[] => {
  const drainError = context.facts.handshake.drainError;
  return DESCRIBE[stage]({ ...context, handshake, error: drainError ? `last drain error: ${drainError}` : undefined });
};

/**
 * What the objects a bundle does hold prove about Rancher's hand-shake when its Secret was not read: Harvester
 * creates the pre-drain Job only after Rancher asks for the pre-drain hook, and the post-drain Job only after Rancher
 * finished the drain and asks for the post-drain hook (secret_controller.go); the rest (drain-done, the last drain
 * error) is unknown.
 */
const unknownHandshake = ({ facts, jobs }: Context): string => {
  const why = `Rancher's drain hand-shake is unknown (${facts.handshake.unknown ?? 'not read'})`;
  if (lastJob(jobs, 'post-drain')) {
    return `${why}; the post-drain Job shows that Rancher finished the drain and asked for the post-drain hook`;
  }
  if (lastJob(jobs, 'pre-drain')) {
    return `${why}; the pre-drain Job shows that Rancher asked for the pre-drain hook, but not whether a drain finished or failed`;
  }
  return `${why}, so whether Rancher asked to drain the node is unknown`;
};

/** The running upgrade works on the node: its node state holds a node Job, or Rancher's hand-shake is under way. */
const upgradeDrainer = (
  upgrade: ActiveUpgrade | undefined,
  state: string | undefined,
  fromHandshake: HandshakeStage | undefined,
): Drainer | undefined => {
  if (!upgrade || upgrade.finished) return undefined;
  if (!isJobRunningState(upgrade, state) && (fromHandshake ?? 'not-upgrading') === 'not-upgrading') return undefined;
  return {
    by: 'upgrade',
    message: `${upgrade.kind} ${upgrade.name} works on the node${state ? ` (node state ${state})` : ''}: Rancher drains it for the upgrade`,
  };
};

interface StageInputs {
  readonly upgrade: ActiveUpgrade | undefined;
  readonly status: Context['status'];
  readonly nodeName: string;
  readonly phase: NodePhase;
  readonly fromHandshake: HandshakeStage | undefined;
  readonly facts: HandshakeFacts;
  readonly jobs: readonly UpgradeJob[];
}

/**
 * The stage: the running upgrade's node state, refined by the hand-shake where the two agree (and the disagreement
 * in words where they do not); a finished upgrade's last node state; else the hand-shake's own stage.
 */
const stageOf = ({ upgrade, status, nodeName, phase, fromHandshake, facts, jobs }: StageInputs) => {
  if (upgrade && !upgrade.finished && phase !== 'unknown') {
    const rule = PHASE_RULES[phase];
    if (upgrade.singleNode === nodeName && phase === 'images-preloaded' && lastJob(jobs, 'single-node-upgrade')) {
      return { stage: 'single-node-upgrading' as const, disagreement: undefined };
    }
    if (fromHandshake === undefined) return { stage: rule.stage, disagreement: undefined };
    if (rule.agrees.includes(fromHandshake)) {
      return { stage: rule.handshakeRefines ? fromHandshake : rule.stage, disagreement: undefined };
    }
    return {
      stage: rule.stage,
      disagreement: `the plan Secret ${facts.handshake.secret ?? ''} shows ${HANDSHAKE_PHRASES[fromHandshake]}, but the ${upgrade.kind}'s node state ${status?.state ?? ''} wins`,
    };
  }
  const quiet = (fromHandshake ?? 'not-upgrading') === 'not-upgrading';
  if (upgrade?.finished && quiet && (phase === 'succeeded' || phase === 'failed')) {
    return { stage: phase, disagreement: undefined };
  }
  return { stage: fromHandshake ?? ('not-upgrading' as const), disagreement: undefined };
};

/**
 * The node's place in Harvester's upgrade and Rancher's drain: the Upgrade's node state (authoritative where the
 * two disagree), the plan Secret's hand-shake annotations and the node's upgrade Jobs.
 */
export const upgradeStage = (snapshot: ClusterSnapshot, nodeName: string): UpgradeStage => {
  const upgrade = currentUpgrades(snapshot)[0];
  const status = upgrade?.nodeStatuses[nodeName];
  const facts = handshakeOf(snapshot, nodeName, upgrade?.kind ?? 'Upgrade');
  const labels = upgrade ? JOB_LABELS[upgrade.kind] : undefined;
  const jobs =
    upgrade && labels
      ? upgradeJobs(snapshot, upgrade)
          .filter((job) => labelOf(job, labels.node) === nodeName)
          .map((job) => jobOf(job, labels.type))
      : [];
  // Only a plan Secret that was read says where Rancher stands; without it the node state and the Jobs do.
  const fromHandshake = facts.handshake.known ? handshakeStage(facts) : undefined;
  const phase = upgrade ? nodePhase(upgrade, status?.state) : 'unknown';
  const drainer = upgradeDrainer(upgrade, status?.state, fromHandshake) ?? drainerOf(snapshot, nodeName);

  const { stage, disagreement } = stageOf({ upgrade, status, nodeName, phase, fromHandshake, facts, jobs });
  const context: Context = { snapshot, nodeName, upgrade, status, facts, jobs, drainer };
  const parts = [
    ...describeStage(stage, fromHandshake, context),
    disagreement,
    !facts.handshake.known && drainer.by === 'upgrade' && stage !== 'single-node-upgrading'
      ? unknownHandshake(context)
      : undefined,
  ].filter((part): part is string => Boolean(part));
  // Who drains the node, when it is not this upgrade, in a sentence of its own ("nothing" only when all else is silent).
  const other = drainer.by !== 'upgrade' && (drainer.by !== 'none' || parts.length === 0);
  const summary = [parts.length > 0 ? sentence(parts) : '', other ? sentence([drainer.message]) : '']
    .filter(Boolean)
    .join(' ');
  return {
    drainer,
    ...(upgrade
      ? {
          upgrade: {
            kind: upgrade.kind,
            name: upgrade.name,
            ...(upgrade.state === undefined ? {} : { state: upgrade.state }),
            ...(status?.state ? { nodeState: status.state } : {}),
            ...(status?.reason ? { nodeReason: status.reason } : {}),
            ...(status?.message ? { nodeMessage: status.message } : {}),
          },
        }
      : {}),
    handshake: facts.handshake,
    jobs,
    stage,
    summary,
  };
};
