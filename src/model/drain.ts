import type { Finding } from './finding.js';
import type { Pod } from './pod.js';

/**
 * The drain analysis as plain data: what the drain filters (src/drain) conclude about pods, what explain-drain
 * reports and what fix planning (src/fix) consumes, so that neither has to import the other.
 */

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

export interface PodVerdict {
  readonly namespace: string;
  readonly name: string;
  readonly verdict: Verdict;
  readonly reasons: readonly DrainReason[];
}

/** What a drain analysis is asked about: the drain of one node, or the pods one budget selects, each on its node. */
export type DrainScope = { readonly node: string } | { readonly namespace: string; readonly name: string };

/** A pod the drain cannot evict, the node it is bound to, and every reason the drain filters give for it. */
export interface BlockedPod {
  readonly pod: Pod;
  readonly node: string;
  readonly reasons: readonly DrainReason[];
}

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

/**
 * Where the node stands in the drain hand-shake between Rancher (rancher/rancher
 * pkg/controllers/capr/machinedrain/machinedrain.go) and Harvester (harvester/harvester
 * pkg/controller/master/upgrade/secret_controller.go, job_controller.go). `single-node-upgrading` is the one-node
 * cluster's path: Rancher drains nothing and a Harvester Job upgrades the node in place.
 */
export type UpgradeStageName =
  | 'not-upgrading'
  | 'images-preloading'
  | 'paused'
  | 'waiting-pre-drain-job'
  | 'rancher-draining'
  | 'drain-done-plan-applying'
  | 'post-drain'
  | 'waiting-reboot'
  | 'single-node-upgrading'
  | 'succeeded'
  | 'failed';

/**
 * The drain annotations on the machine's plan Secret, read as facts. Only when `known`: a bundle may hold no Secrets
 * (support-bundle-kit keeps the machine plan Secrets only for Harvester v1.1.1 and later), Secrets may be forbidden,
 * and no plan Secret may name the machine; then every flag is false and says nothing, and `unknown` says why.
 */
export interface DrainHandshake {
  /** The plan Secret was read: the flags below are facts. */
  readonly known: boolean;
  /** Why the hand-shake is not known (`the bundle holds no secrets`). */
  readonly unknown?: string;
  readonly machine?: string;
  /** `fleet-local/<machine>-machine-plan`, by name. */
  readonly secret?: string;
  /** `rke.cattle.io/drain-options` set: the planner wants the node drained. */
  readonly drainOptions: boolean;
  /** `rke.cattle.io/pre-drain` set: Rancher asks the pre-drain hooks to run. */
  readonly preDrain: boolean;
  /** Every pre-drain hook annotation (`harvesterhci.io/pre-hook`) equals `rke.cattle.io/pre-drain`. */
  readonly preHook: boolean;
  /** `rke.cattle.io/drain-done` equals `rke.cattle.io/drain-options`: the drain itself finished. */
  readonly drainDone: boolean;
  readonly drainError?: string;
  readonly postDrain: boolean;
  /** Every post-drain hook annotation (`harvesterhci.io/post-hook`) equals `rke.cattle.io/post-drain`. */
  readonly postHook: boolean;
  readonly uncordon: boolean;
}

/** Known values: `pre-drain`, `post-drain`, `single-node-upgrade`, `restore-vm`; any other label value is kept. */
export type UpgradeJobType = string;

export interface UpgradeJob {
  readonly name: string;
  readonly type: UpgradeJobType;
  readonly active: number;
  readonly succeeded: number;
  readonly failed: number;
  /** The Job's `Failed` condition message (or reason). */
  readonly failedMessage?: string;
  /**
   * What the report prints: `complete`, `running`, `failed: <message>` (or `failed` when the condition says no
   * more), `pending`, or `pending (retrying after 2 failed pods)` between the retries of its pod.
   */
  readonly state: string;
}

/**
 * Who drains the node, and why. `upgrade`: the running Harvester upgrade works on it (Rancher drains it).
 * `node-removal`: its CAPI Machine is being deleted, and CAPI's machine controller drains the node before it deletes
 * it. `maintenance-mode`: Harvester's maintenance mode. `cordon`: the node is cordoned and none of these explains it
 * (a hand cordon). `none`: nothing drains it.
 */
export interface Drainer {
  readonly by: 'upgrade' | 'node-removal' | 'maintenance-mode' | 'cordon' | 'none';
  /** `node-removal`: the Machine being deleted. */
  readonly machine?: string;
  /** In words, one sentence. */
  readonly message: string;
}

export interface UpgradeStage {
  readonly drainer: Drainer;
  readonly upgrade?: {
    readonly kind: 'Upgrade' | 'UpgradePlan';
    readonly name: string;
    /** V1: label `harvesterhci.io/upgradeState`; V2: `status.currentPhase`. */
    readonly state?: string;
    readonly nodeState?: string;
    readonly nodeReason?: string;
    readonly nodeMessage?: string;
  };
  readonly handshake: DrainHandshake;
  readonly jobs: readonly UpgradeJob[];
  readonly stage: UpgradeStageName;
  /** One sentence in words. */
  readonly summary: string;
}

export interface DrainExplanation {
  readonly node: string;
  /** Why this node was picked: named, the upgrade's current node, or cordoned. */
  readonly why: string;
  readonly upgrade: UpgradeStage;
  readonly pods: readonly PodExplanation[];
  /** The node's Ready condition when it is not True (`Ready Unknown since … (NodeStatusUnknown: …)`). */
  readonly notReady?: string;
  /** One finding per blocking reason, in the shared `findings` contract. */
  readonly findings: readonly Finding[];
}
