import type { Node } from '../model/node.js';
import type { Pod } from '../model/pod.js';
import type { ClusterSnapshot } from '../model/snapshot.js';

/**
 * What the drain does with a pod. `evict`: it will be evicted (or deleted) and go. `skip`: the drain leaves it
 * (DaemonSet, mirror, already terminating). `block`: the eviction will be refused, so the drain cannot finish.
 */
export type Verdict = 'evict' | 'skip' | 'block';

/** One reason from one filter; a pod gets every reason that applies, not just the first. */
export interface DrainReason {
  /** Stable kebab-case id of the filter (the file name), part of `-o json`. */
  readonly filter: string;
  readonly verdict: Verdict;
  /** The fact, one sentence, lowercase start. */
  readonly message: string;
  /** `namespace/name` of the PodDisruptionBudget involved. */
  readonly pdb?: string;
  readonly remedy?: string;
}

/**
 * The drain options Rancher uses for Harvester's upgrade (harvester/harvester
 * pkg/controller/master/upgrade/upgrade_controller.go upgradeKubernetes): force, ignore DaemonSets, delete emptyDir
 * data. `kubectl drain` defaults are all false.
 */
export interface DrainOptions {
  readonly force: boolean;
  readonly ignoreDaemonSets: boolean;
  readonly deleteEmptyDirData: boolean;
}

export const HARVESTER_DRAIN_OPTIONS: DrainOptions = { force: true, ignoreDaemonSets: true, deleteEmptyDirData: true };

export interface DrainContext {
  readonly snapshot: ClusterSnapshot;
  /** The node being drained. */
  readonly node: Node;
  readonly options: DrainOptions;
}

/** A pure function from a pod on the node to the reasons it contributes; empty when it has nothing to say. */
export type DrainFilter = (pod: Pod, context: DrainContext) => readonly DrainReason[];

export interface PodVerdict {
  readonly namespace: string;
  readonly name: string;
  readonly verdict: Verdict;
  readonly reasons: readonly DrainReason[];
}
