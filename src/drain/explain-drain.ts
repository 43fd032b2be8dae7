import type { Finding } from '../model/finding.js';
import { nameOf, namespaceOf } from '../model/kube-object.js';
import type { Node } from '../model/node.js';
import type { Pod } from '../model/pod.js';
import { itemsOf, type ClusterSnapshot } from '../model/snapshot.js';
import { HARVESTER_DRAIN_OPTIONS, type PodVerdict } from './drain-types.js';
import { explainPods } from './explain-pods.js';
import { pendingReplacements, replacementNodes } from './replacement-placement.js';
import { upgradeStage, type UpgradeStage } from './upgrade-stage.js';

export interface Replacement {
  readonly node: string;
  readonly fits: boolean;
  readonly reasons: readonly string[];
}

export interface PodExplanation extends PodVerdict {
  /** For a pod a budget holds: where a replacement could run, and replacements already Pending. */
  readonly replacements?: {
    readonly nodes: readonly Replacement[];
    readonly pending: readonly { readonly name: string; readonly message: string }[];
  };
}

export interface DrainExplanation {
  readonly node: string;
  /** Why this node was picked: named, the upgrade's current node, or cordoned. */
  readonly why: string;
  readonly upgrade: UpgradeStage;
  readonly pods: readonly PodExplanation[];
  /** One finding per blocking reason, in the shared `findings` contract. */
  readonly findings: readonly Finding[];
}

const podKey = (namespace: string, name: string): string => `${namespace}/${name}`;

/** Everything explain-drain says about one node, from one snapshot. */
export const explainDrain = (snapshot: ClusterSnapshot, node: Node, why: string): DrainExplanation => {
  const verdicts = explainPods({ snapshot, node, options: HARVESTER_DRAIN_OPTIONS });
  const podsByKey = new Map(
    itemsOf(snapshot, 'pods').map((pod): [string, Pod] => [podKey(namespaceOf(pod), nameOf(pod)), pod]),
  );
  const pods = verdicts.map((verdict): PodExplanation => {
    const pod = podsByKey.get(podKey(verdict.namespace, verdict.name));
    const heldByBudget = verdict.reasons.some((reason) => reason.verdict === 'block' && reason.pdb !== undefined);
    if (!pod || !heldByBudget) return verdict;
    return {
      ...verdict,
      replacements: {
        nodes: replacementNodes(pod, snapshot, nameOf(node)),
        pending: pendingReplacements(pod, snapshot),
      },
    };
  });
  const findings = verdicts.flatMap((verdict) =>
    verdict.reasons
      .filter((reason) => reason.verdict === 'block')
      .map((reason): Finding => ({
        check: reason.filter,
        severity: 'error',
        object: { kind: 'Pod', namespace: verdict.namespace, name: verdict.name },
        message: reason.message,
        ...(reason.remedy ? { remedy: reason.remedy } : {}),
      })),
  );
  return { node: nameOf(node), why, upgrade: upgradeStage(snapshot, nameOf(node)), pods, findings };
};

/** A dry-run eviction agrees with the prediction when a blocked pod is refused and an evictable one allowed. */
export const probeAgrees = (verdict: PodVerdict['verdict'], allowed: boolean): boolean =>
  verdict === 'block' ? !allowed : verdict === 'evict' ? allowed : true;

/** What changed between two reads of one node, for `--watch`: one line per change. */
export const drainChanges = (before: DrainExplanation | undefined, after: DrainExplanation): string[] => {
  const changes: string[] = [];
  if (before?.upgrade.summary !== after.upgrade.summary) changes.push(`stage: ${after.upgrade.summary}`);
  const previous = new Map((before?.pods ?? []).map((pod) => [podKey(pod.namespace, pod.name), pod]));
  for (const pod of after.pods) {
    const key = podKey(pod.namespace, pod.name);
    const old = previous.get(key);
    previous.delete(key);
    const why = pod.reasons.find((reason) => reason.verdict === pod.verdict)?.message ?? '';
    if (!old) changes.push(`pod ${key}: ${pod.verdict} (${why})`);
    else if (old.verdict !== pod.verdict) changes.push(`pod ${key}: ${old.verdict} → ${pod.verdict} (${why})`);
  }
  for (const key of previous.keys()) changes.push(`pod ${key}: gone`);
  return changes;
};

/** Drained: only pods the drain leaves (DaemonSet, mirror, terminating) or finished ones it just deletes remain. */
export const isDrained = (drain: DrainExplanation): boolean =>
  drain.pods.every(
    (pod) =>
      pod.verdict === 'skip' || (pod.verdict === 'evict' && pod.reasons.some((r) => r.filter === 'terminal-pod')),
  );
