import { labelOf, nameOf, type ObjectRef } from '../model/kube-object.js';
import type { Finding } from '../model/finding.js';
import type { Upgrade } from '../model/harvester.js';
import type { PodLogs } from '../model/pod-log.js';
import { HARVESTER_NAMESPACES, type ResourceKey } from '../model/resources.js';
import { inputName, inputOf, type ClusterSnapshot, type ReadRequest } from '../model/snapshot.js';
import { drainReads } from './drain-reads.js';
import { API_VERSION, toJsonFindings } from './envelope.js';
import { EXIT } from './exit-codes.js';
import { jobEvidence, statusLogRequests } from './status-evidence.js';
import { failureFindings, nodeLossFindings } from './status-failures.js';
import { nodePhases, nodeRows, nodeWait } from './status-nodes.js';
import { chooseUpgrade, describeUpgrade, v1Phases, v2Phases, type ChosenUpgrade } from './status-phases.js';
import type { JobEvidence, StatusPhase, StatusResult, StatusVerdict, WaitingFor } from './status-types.js';
import { manifestsWait, preloadWait, repoWait, type Wait } from './status-waits.js';

export type * from './status-types.js';

/** What status cannot do without: the upgrades themselves, and the Jobs, pods and nodes that show where they are. */
export const STATUS_NEEDS: readonly ResourceKey[] = ['upgrades', 'jobs', 'pods', 'nodes'];
const OPTIONAL: readonly ResourceKey[] = [
  'upgradePlans',
  'sucPlans',
  'kubevirts',
  'managedCharts',
  'fleetHelmReleaseSecrets',
  'rancherHelmReleaseSecrets',
  'harvesterDeployments',
  'virtualMachines',
  'longhornVolumes',
  'longhornReplicas',
  'longhornDaemonSets',
  'harvesterSettings',
];

/** Everything status reads: its own inputs, and what explain-drain reads for the node being drained. */
export const statusReads = (): ReadRequest[] => {
  const drain = drainReads();
  const keys = new Set(drain.map((request) => request.key));
  const own = [...STATUS_NEEDS, ...OPTIONAL]
    .filter((key) => !keys.has(key))
    // Jobs of the upgrade live in harvester-system (Harvester's) and cattle-system (SUC's): read them everywhere.
    .map((key) => ({ key, namespace: key === 'jobs' ? undefined : HARVESTER_NAMESPACES[key] }));
  return [...drain.map((request) => (request.key === 'jobs' ? { key: 'jobs' as const } : request)), ...own];
};

export interface StatusOptions {
  /** A wait with no progress for longer than this is stalled (--stall-after, 15m by default). */
  readonly stallAfterMs: number;
  readonly logs: PodLogs;
}

export interface StatusAnalysis {
  readonly snapshot: ClusterSnapshot;
  readonly result: StatusResult;
}

/** The logs status wants for this snapshot: the newest pod of every upgrade Job not yet complete. */
export const logRequestsFor = (snapshot: ClusterSnapshot) => {
  const chosen = chooseUpgrade(snapshot);
  return chosen ? statusLogRequests(snapshot, nameOf(chosen.object)) : [];
};

const time = (text: string | undefined): number | undefined => {
  const ms = text === undefined ? Number.NaN : Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
};

/** The last progress in the upgrade's own fields: its conditions and phase stamps, and its Jobs' start and end. */
/**
 * The last progress in the upgrade's own fields: its conditions and phase stamps, and its Jobs' start and end;
 * its creation only when nothing else is stamped (a server sets creationTimestamp when an object is stored, so
 * a restored object would look new).
 */
const lastProgress = (chosen: ChosenUpgrade, jobs: readonly JobEvidence[]): string | undefined => {
  const status = chosen.object.status;
  const stamps = [
    ...(status?.conditions ?? []).flatMap((c) => [c.lastTransitionTime, c.lastUpdateTime]),
    ...(chosen.kind === 'UpgradePlan'
      ? (chosen.object.status?.phaseTransitionTimestamps ?? []).map((s) => s.phaseTransitionTimestamp)
      : []),
    ...jobs.map((job) => job.since),
  ];
  const newest = stamps
    .map((stamp) => ({ stamp, ms: time(stamp) }))
    .filter((entry): entry is { stamp: string; ms: number } => entry.ms !== undefined)
    .sort((a, b) => b.ms - a.ms)[0]?.stamp;
  return newest ?? chosen.object.metadata?.creationTimestamp;
};

/** The V1 waits of the phase in progress: one for the phase before the nodes, one for the node in its turn. */
const v1Waits = (
  snapshot: ClusterSnapshot,
  upgrade: Upgrade,
  phases: readonly StatusPhase[],
  jobs: readonly JobEvidence[],
): { phase: string; wait: Wait }[] => {
  const running = phases.find((phase) => phase.state === 'running');
  if (!running) return [];
  if (running.id === 'repo') {
    const wait = repoWait(snapshot, upgrade, 'the upgrade');
    return wait ? [{ phase: 'repo', wait }] : [];
  }
  if (running.id === 'preload') return [{ phase: 'preload', wait: preloadWait(snapshot, upgrade) }];
  if (running.id === 'system-services') {
    const job = jobs.find((j) => j.step === 'apply-manifests');
    const ref: ObjectRef | undefined = job ? { kind: 'Job', namespace: job.namespace, name: job.name } : undefined;
    return [{ phase: 'system-services', wait: manifestsWait(snapshot, upgrade, ref) }];
  }
  if (!running.id.startsWith('node/')) return [];
  const node = running.id.slice('node/'.length);
  const state = upgrade.status?.nodeStatuses?.[node]?.state ?? '';
  const wait = nodeWait(snapshot, upgrade, node, state, jobs);
  return wait ? [{ phase: running.id, wait }] : [];
};

const ageText = (ms: number): string => {
  const minutes = Math.floor(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  const days = Math.floor(hours / 24);
  if (days > 0) return `${String(days)}d${String(hours % 24)}h`;
  return hours > 0 ? `${String(hours)}h${String(minutes % 60)}m` : `${String(minutes)}m`;
};

const toWaiting = (
  entries: readonly { phase: string; wait: Wait }[],
  since: string | undefined,
  now: number,
  stallAfterMs: number,
): WaitingFor[] =>
  entries.map(({ phase, wait }) => {
    const at = time(since);
    return {
      phase,
      ...wait,
      ...(since ? { since } : {}),
      stalled: at !== undefined && now - at > stallAfterMs,
    };
  });

const stallFindings = (waits: readonly WaitingFor[], now: number): Finding[] =>
  waits
    .filter((wait) => wait.stalled)
    .map((wait) => ({
      check: 'upgrade-stalled',
      severity: 'error',
      object: wait.object,
      message: `no progress in the upgrade since ${wait.since ?? ''} (${ageText(now - (time(wait.since) ?? now))}), and upstream waits without a timeout: ${wait.text}`,
      remedy:
        wait.remedy ??
        `Find why ${wait.object.kind} ${wait.object.namespace ? `${wait.object.namespace}/` : ''}${wait.object.name} does not move (${wait.field}); the log of the step's Job is above.`,
    }));

const phasesOf = (chosen: ChosenUpgrade, jobs: readonly JobEvidence[]): StatusPhase[] => {
  if (chosen.kind === 'UpgradePlan') {
    const phases = v2Phases(chosen.object);
    const nodes = nodePhases(
      chosen.object.status?.nodeUpgradeStatuses ?? {},
      jobs,
      phases.find((p) => p.id === 'nodes')?.state !== 'pending',
    );
    return phases.flatMap((phase) => (phase.id === 'nodes' ? nodes : [phase]));
  }
  const { top, cleanup, nodesRun } = v1Phases(chosen.object);
  return [...top, ...nodePhases(chosen.object.status?.nodeStatuses ?? {}, jobs, nodesRun), cleanup];
};

const verdictOf = (
  chosen: ChosenUpgrade,
  phases: readonly StatusPhase[],
  waits: readonly WaitingFor[],
): StatusVerdict => {
  const state =
    chosen.kind === 'Upgrade'
      ? labelOf(chosen.object, 'harvesterhci.io/upgradeState')
      : chosen.object.status?.currentPhase;
  if (state === 'Failed' || phases.some((phase) => phase.state === 'failed')) return 'failed';
  if (state === 'Succeeded') return 'succeeded';
  return waits.some((wait) => wait.stalled) ? 'stalled' : 'running';
};

const notEvaluated = (snapshot: ClusterSnapshot, logs: PodLogs): StatusResult['notEvaluated'] => [
  ...statusReads().flatMap(({ key }) => {
    const input = inputOf(snapshot, key);
    return input.status === 'forbidden' || input.status === 'failed'
      ? [{ input: inputName(key), reason: input.reason }]
      : [];
  }),
  ...(logs.notRead ? [{ input: 'pods/log', reason: logs.notRead }] : []),
];

const statuses = (chosen: ChosenUpgrade) =>
  chosen.kind === 'Upgrade'
    ? (chosen.object.status?.nodeStatuses ?? {})
    : (chosen.object.status?.nodeUpgradeStatuses ?? {});

/**
 * Where the newest upgrade is, phase by phase, and what the phase in progress waits for: a pure function of the
 * snapshot, the time it is judged at and the logs read for it, so that a watch can call it again on every change.
 */
export const analyseStatus = (snapshot: ClusterSnapshot, now: Date, options: StatusOptions): StatusAnalysis => {
  const base = {
    apiVersion: API_VERSION,
    kind: 'StatusReport' as const,
    source: snapshot.source,
    readAt: snapshot.readAt,
  };
  const missing = notEvaluated(snapshot, options.logs);
  const chosen = chooseUpgrade(snapshot);
  if (!chosen) {
    const result: StatusResult = {
      ...base,
      verdict: 'no-upgrade',
      phases: [],
      waitingFor: [],
      jobs: [],
      nodes: [],
      findings: [],
      notEvaluated: missing,
    };
    return { snapshot, result };
  }
  const jobs = jobEvidence(snapshot, nameOf(chosen.object), options.logs);
  const phases = phasesOf(chosen, jobs);
  const entries = chosen.kind === 'Upgrade' ? v1Waits(snapshot, chosen.object, phases, jobs) : [];
  const waits = toWaiting(entries, lastProgress(chosen, jobs), now.getTime(), options.stallAfterMs);
  const nodes = nodeRows(snapshot, statuses(chosen));
  const verdict = verdictOf(chosen, phases, waits);
  const findings = [
    ...(verdict === 'failed' ? failureFindings(chosen, phases, jobs) : []),
    ...stallFindings(waits, now.getTime()),
    ...(verdict === 'succeeded' ? [] : nodeLossFindings(snapshot, chosen, nodes)),
  ];
  const result: StatusResult = {
    ...base,
    verdict,
    upgrade: describeUpgrade(chosen),
    phases,
    waitingFor: waits,
    jobs,
    nodes,
    findings: toJsonFindings(findings),
    notEvaluated: missing,
  };
  return { snapshot, result };
};

/** 1 when the upgrade failed or stalled; 3 when what it needs was not read; 0 otherwise (no upgrade included). */
export const statusExitCode = ({ snapshot, result }: StatusAnalysis): number => {
  if (
    result.verdict === 'failed' ||
    result.verdict === 'stalled' ||
    result.findings.some((f) => f.severity === 'error')
  )
    return EXIT.findings;
  const unreadable = STATUS_NEEDS.some((key) => ['forbidden', 'failed'].includes(inputOf(snapshot, key).status));
  return unreadable || (snapshot.unread?.length ?? 0) > 0 ? EXIT.notEvaluated : EXIT.ok;
};
