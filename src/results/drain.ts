import { drainTargets } from '../drain/drain-target.js';
import { drainChanges, explainDrain, isDrained, probeAgrees } from '../drain/explain-drain.js';
import type { DrainExplanation, PodExplanation } from '../model/drain.js';
import type { ClusterSnapshot, SnapshotSource } from '../model/snapshot.js';
import { drainReads, unreadDrainInputs, type NotReadInput } from './drain-reads.js';
import { API_VERSION, toJsonFindings, type ApiVersion, type JsonFinding } from './envelope.js';
import { exitCodeFor } from './exit-code.js';
import { EXIT } from './exit-codes.js';
import type { Usage } from './usage.js';

/** The server's answer to a dry-run eviction, beside the prediction. */
export interface ProbeAnswer {
  readonly status: number;
  readonly outcome: 'allowed' | 'refused' | 'gone' | 'error';
  readonly message: string;
  /** Undefined when the answer says neither (the pod is gone, or the probe failed). */
  readonly agrees?: boolean;
}

/** A pod's verdict, with the server's dry-run answer under --probe. */
export type PodRow = PodExplanation & { readonly probe?: ProbeAnswer };

/** One drained node in `drains`: its explanation with the pods as rows (its findings are in `findings`). */
export type DrainEntry = Omit<DrainExplanation, 'findings' | 'pods'> & { readonly pods: readonly PodRow[] };

/** The `-o json|yaml` document of `explain-drain`. */
export interface DrainResult {
  readonly apiVersion: ApiVersion;
  readonly kind: 'DrainExplanation';
  readonly source: SnapshotSource;
  readonly findings: readonly JsonFinding[];
  /** The first (usually only) node, at the top level as the contract names it. */
  readonly node?: string;
  readonly upgrade?: DrainExplanation['upgrade'];
  readonly pods?: readonly PodRow[];
  readonly drains: readonly DrainEntry[];
  /** Inputs that were forbidden or failed to list, with the reason. */
  readonly notRead: readonly NotReadInput[];
}

/** A dry-run eviction's answer for one pod (src/cluster/dry-run-evictions.ts). */
export interface EvictionAnswer extends Omit<ProbeAnswer, 'agrees'> {
  readonly namespace: string;
  readonly name: string;
}

export interface DrainAnalysis {
  readonly snapshot: ClusterSnapshot;
  readonly drains: readonly DrainExplanation[];
  /** The pods of each drain, with the probe's answers when asked for. */
  readonly rows: readonly (readonly PodRow[])[];
  /**
   * An input that could not be read hides what it would have shown (unread VMIs make a launcher pod look
   * evictable): said beside the verdicts, and not only through the exit code.
   */
  readonly notRead: readonly NotReadInput[];
}

/** The drains to explain: the node named, else the upgrade's current node, else every cordoned one. */
export const explainDrains = (snapshot: ClusterSnapshot, named: string | undefined): DrainExplanation[] | Usage => {
  const targets = drainTargets(snapshot, named);
  if (named !== undefined && targets.length === 0) {
    return { usage: `node ${named} not found; list the nodes with 'kubectl get nodes'` };
  }
  return targets.map((target) => explainDrain(snapshot, target.node, target.why));
};

/** The pods the probe asks the server about: every pod the drain would not leave alone. */
export const probedPods = (drain: DrainExplanation): PodExplanation[] =>
  drain.pods.filter((pod) => pod.verdict !== 'skip');

/** The pods of one node, with the server's dry-run answers beside the prediction. */
export const withProbeAnswers = (drain: DrainExplanation, answers: readonly EvictionAnswer[]): PodRow[] => {
  const byPod = new Map(answers.map((answer) => [`${answer.namespace}/${answer.name}`, answer]));
  return drain.pods.map((pod) => {
    const answer = byPod.get(`${pod.namespace}/${pod.name}`);
    if (!answer) return pod;
    const agrees = probeAgrees(pod, answer.outcome);
    return {
      ...pod,
      probe: {
        status: answer.status,
        outcome: answer.outcome,
        message: answer.message,
        ...(agrees === undefined ? {} : { agrees }),
      },
    };
  });
};

export const analyseDrain = (
  snapshot: ClusterSnapshot,
  drains: readonly DrainExplanation[],
  rows: readonly (readonly PodRow[])[],
): DrainAnalysis => ({ snapshot, drains, rows, notRead: unreadDrainInputs(snapshot) });

export const toDrainResult = (analysis: DrainAnalysis): DrainResult => {
  const { drains, rows } = analysis;
  const first = drains[0];
  const firstRows = rows[0];
  return {
    apiVersion: API_VERSION,
    kind: 'DrainExplanation',
    source: analysis.snapshot.source,
    findings: toJsonFindings(drains.flatMap((drain) => drain.findings)),
    ...(first && firstRows ? { node: first.node, upgrade: first.upgrade, pods: firstRows } : {}),
    drains: drains.map(({ findings: _findings, ...drain }, index) => ({ ...drain, pods: rows[index] ?? [] })),
    notRead: analysis.notRead,
  };
};

/** Any unreadable input counts: VMIs that could not be read would leave a launcher pod looking evictable. */
export const drainExitCode = (analysis: DrainAnalysis): number =>
  exitCodeFor(
    analysis.drains.flatMap((drain) => drain.findings),
    analysis.snapshot,
    drainReads().map((request) => request.key),
  );

/** What one read of `--watch` prints, and the exit code when the watch is over. */
export interface WatchStep {
  readonly lines: readonly string[];
  readonly exitCode?: number;
}

/**
 * One read of `--watch`: what changed on each node since the previous read, and whether the watch is over (no
 * node is being drained, every node is drained, or the next read would come after the deadline).
 */
export const watchStep = (
  previous: ReadonlyMap<string, DrainExplanation>,
  drains: readonly DrainExplanation[] | undefined,
  pastDeadline: boolean,
): WatchStep => {
  const lines = (drains ?? []).flatMap((drain) =>
    drainChanges(previous.get(drain.node), drain).map((change) => `${drain.node}  ${change}`),
  );
  if (drains?.length === 0) return { lines: [...lines, 'no node is being drained'], exitCode: EXIT.ok };
  if (drains?.every(isDrained)) return { lines: [...lines, 'drained: nothing left to evict'], exitCode: EXIT.ok };
  if (pastDeadline) return { lines: [...lines, 'timed out: the drain is still blocked'], exitCode: EXIT.findings };
  return { lines };
};
