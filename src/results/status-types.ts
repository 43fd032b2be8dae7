import type { ObjectRef } from '../model/kube-object.js';
import type { LogTail } from '../model/pod-log.js';
import type { SnapshotSource } from '../model/snapshot.js';
import type { ApiVersion, JsonFinding } from './envelope.js';

export type PhaseState = 'done' | 'running' | 'pending' | 'failed' | 'skipped';

/** One step of a node's turn: pre-drain, drain, post-drain, reboot (or the single-node upgrade). */
export interface NodeStep {
  readonly step: 'pre-drain' | 'drain' | 'post-drain' | 'reboot' | 'single-node-upgrade';
  readonly state: PhaseState;
  readonly since?: string;
}

/** A phase of the upgrade, in the order Harvester runs them. */
export interface StatusPhase {
  /** `image`, `repo`, `preload`, `system-services`, `node/<name>`, `cleanup`. */
  readonly id: string;
  readonly title: string;
  readonly state: PhaseState;
  /** Since when it is in that state: a condition's lastTransitionTime, a Job's start or completion. */
  readonly since?: string;
  /** The condition's reason and message, or the node's. */
  readonly detail?: string;
  /** Node phases only. */
  readonly steps?: readonly NodeStep[];
}

/** What a phase in progress waits for, stated as the object and the field it waits on. */
export interface WaitingFor {
  readonly phase: string;
  readonly object: ObjectRef;
  readonly field: string;
  /** The whole sentence: `apply-manifests is waiting for KubeVirt harvester-system/kubevirt to …`. */
  readonly text: string;
  /** The last progress in the upgrade's own fields. */
  readonly since?: string;
  /** No progress for longer than --stall-after while upstream waits without a timeout. */
  readonly stalled: boolean;
  /** The precheck check whose logic found it, and whose remedy applies. */
  readonly check?: string;
  readonly remedy?: string;
}

export interface PodEvidence {
  readonly name: string;
  readonly phase: string;
  readonly node?: string;
  readonly restarts: number;
  /** Exit codes of the containers that terminated, now or in their last run. */
  readonly exitCodes: readonly number[];
  /** A container waiting or terminated, with its reason. */
  readonly reason?: string;
  /** A failed attempt a later one superseded (src/facts/superseded-job-attempt.ts): normal, not a failure. */
  readonly superseded?: string;
  /** The last lines of the current step's log. */
  readonly log?: { readonly container: string; readonly previous: boolean } & LogTail;
}

export interface JobEvidence {
  readonly namespace: string;
  readonly name: string;
  /** `apply-manifests`, `pre-drain`, `post-drain`, `single-node-upgrade`, `preload`, `cleanup`, … */
  readonly step: string;
  readonly node?: string;
  readonly state: 'running' | 'complete' | 'failed' | 'pending';
  readonly message?: string;
  readonly since?: string;
  readonly pods: readonly PodEvidence[];
}

export interface NodeRow {
  readonly node: string;
  /** The state the upgrade records (`Pre-drained`), or `-` when it records none. */
  readonly state: string;
  readonly reason?: string;
  readonly message?: string;
  /** Ready, NotReady or Unknown: a node lost mid-upgrade shows here. */
  readonly ready: string;
  /** The node being drained: explain-drain's one-line verdict and the command that shows the rest. */
  readonly drain?: { readonly verdict: string; readonly command: string };
}

export type StatusVerdict = 'no-upgrade' | 'running' | 'stalled' | 'failed' | 'succeeded';

export interface StatusUpgrade {
  readonly kind: 'Upgrade' | 'UpgradePlan';
  readonly namespace?: string;
  readonly name: string;
  readonly version?: string;
  readonly previousVersion?: string;
  /** V1 label `harvesterhci.io/upgradeState`, V2 `status.currentPhase`. */
  readonly state?: string;
}

/** The `-o json|yaml` document of `status`. */
export interface StatusResult {
  readonly apiVersion: ApiVersion;
  readonly kind: 'StatusReport';
  readonly source: SnapshotSource;
  readonly readAt: string;
  readonly verdict: StatusVerdict;
  readonly upgrade?: StatusUpgrade;
  readonly phases: readonly StatusPhase[];
  readonly waitingFor: readonly WaitingFor[];
  readonly jobs: readonly JobEvidence[];
  readonly nodes: readonly NodeRow[];
  /** Stalls, the failure and a node lost mid-upgrade, in the shared findings contract. */
  readonly findings: readonly JsonFinding[];
  /** Inputs not read, and logs not read, with the reason: never taken as "nothing there". */
  readonly notEvaluated: readonly { readonly input: string; readonly reason: string }[];
}
