import { conditionOf, labelOf, type Condition, type KubeObject, type OwnerReference } from './kube-object.js';
import type { LabelSelector } from './label-selector.js';

export interface ContainerState {
  readonly waiting?: { readonly reason?: string; readonly message?: string };
  readonly running?: { readonly startedAt?: string };
  readonly terminated?: { readonly reason?: string; readonly exitCode?: number; readonly message?: string };
}

export interface ContainerStatus {
  readonly name?: string;
  readonly ready?: boolean;
  readonly restartCount?: number;
  readonly state?: ContainerState;
  readonly lastState?: ContainerState;
}

export interface ResourceRequirements {
  readonly requests?: Readonly<Record<string, string>>;
  readonly limits?: Readonly<Record<string, string>>;
}

export interface NodeSelectorTerm {
  readonly matchExpressions?: readonly {
    readonly key?: string;
    readonly operator?: string;
    readonly values?: readonly string[];
  }[];
  readonly matchFields?: readonly {
    readonly key?: string;
    readonly operator?: string;
    readonly values?: readonly string[];
  }[];
}

export interface Affinity {
  readonly nodeAffinity?: {
    readonly requiredDuringSchedulingIgnoredDuringExecution?: {
      readonly nodeSelectorTerms?: readonly NodeSelectorTerm[];
    };
  };
}

export interface Toleration {
  readonly key?: string;
  readonly operator?: string;
  readonly value?: string;
  readonly effect?: string;
}

export interface Pod extends KubeObject {
  readonly spec?: {
    readonly nodeName?: string;
    readonly nodeSelector?: Readonly<Record<string, string>>;
    readonly affinity?: Affinity;
    readonly tolerations?: readonly Toleration[];
    readonly containers?: readonly { readonly name?: string; readonly resources?: ResourceRequirements }[];
    readonly initContainers?: readonly { readonly name?: string; readonly resources?: ResourceRequirements }[];
    readonly volumes?: readonly { readonly name?: string; readonly emptyDir?: object }[];
    /** Extra pod conditions that must be True before the kubelet reports the pod Ready (ReadinessGatesNotReady). */
    readonly readinessGates?: readonly { readonly conditionType?: string }[];
  };
  readonly status?: {
    readonly phase?: string;
    readonly reason?: string;
    readonly message?: string;
    readonly conditions?: readonly Condition[];
    readonly containerStatuses?: readonly ContainerStatus[];
    readonly initContainerStatuses?: readonly ContainerStatus[];
    readonly startTime?: string;
  };
}

export interface Job extends KubeObject {
  readonly spec?: { readonly backoffLimit?: number; readonly activeDeadlineSeconds?: number };
  readonly status?: {
    readonly active?: number;
    readonly succeeded?: number;
    readonly failed?: number;
    readonly startTime?: string;
    readonly completionTime?: string;
    readonly conditions?: readonly Condition[];
  };
}

/**
 * apps/v1 DaemonSet, with the status counts its controller writes (kubernetes/kubernetes
 * pkg/controller/daemon/daemon_controller.go updateDaemonSetStatus). Only the fields the checks read.
 */
export interface DaemonSet extends KubeObject {
  readonly spec?: {
    readonly template?: { readonly spec?: { readonly containers?: readonly { readonly image?: string }[] } };
  };
  readonly status?: {
    readonly desiredNumberScheduled?: number;
    readonly currentNumberScheduled?: number;
    readonly numberReady?: number;
    readonly numberAvailable?: number;
    readonly numberMisscheduled?: number;
  };
}

/** apps/v1 Deployment: its conditions (Available, Progressing) as the deployment controller writes them. */
export interface Deployment extends KubeObject {
  readonly spec?: { readonly replicas?: number };
  readonly status?: {
    readonly observedGeneration?: number;
    readonly replicas?: number;
    readonly updatedReplicas?: number;
    readonly readyReplicas?: number;
    readonly availableReplicas?: number;
    readonly conditions?: readonly Condition[];
  };
}

export interface PodDisruptionBudget extends KubeObject {
  readonly spec?: {
    readonly minAvailable?: number | string;
    readonly maxUnavailable?: number | string;
    readonly selector?: LabelSelector | null;
    readonly unhealthyPodEvictionPolicy?: string;
  };
  readonly status?: {
    readonly currentHealthy?: number;
    readonly desiredHealthy?: number;
    readonly disruptionsAllowed?: number;
    readonly expectedPods?: number;
    readonly observedGeneration?: number;
    readonly conditions?: readonly Condition[];
  };
}

/** The controller owner (ownerReferences with `controller: true`), as kubectl's drain filters read it. */
export const controllerOf = (object: KubeObject): OwnerReference | undefined =>
  object.metadata?.ownerReferences?.find((owner) => owner.controller === true);

export const podPhase = (pod: Pod): string => pod.status?.phase ?? 'Unknown';

/** Deleted but not gone yet (kubectl prints `Terminating`). */
export const isTerminating = (object: KubeObject): boolean => Boolean(object.metadata?.deletionTimestamp);

/**
 * The Job controller labels its pods with the Job name: `batch.kubernetes.io/job-name` since Kubernetes 1.27, and
 * the legacy `job-name` still (kubernetes/kubernetes: pkg/controller/job/job_controller.go).
 */
export const JOB_NAME_LABELS = ['batch.kubernetes.io/job-name', 'job-name'];

export const jobNameLabelOf = (pod: Pod): string | undefined =>
  JOB_NAME_LABELS.map((key) => labelOf(pod, key)).find((value) => value !== undefined && value !== '');

/** A Job condition (`Complete`, `Failed`, `SuccessCriteriaMet`, `FailureTarget`) with status True. */
export const jobConditionTrue = (job: Job, type: string): boolean =>
  conditionOf(job.status?.conditions, type)?.status === 'True';

/**
 * system-upgrade-controller labels each Job and its pods with the Plan and the node it upgrades, and the node,
 * once the Job completes, with `plan.upgrade.cattle.io/<plan>: <plan hash>`
 * (rancher/system-upgrade-controller: pkg/apis/upgrade.cattle.io/constants.go, pkg/upgrade/job/job.go).
 */
export const SUC_PLAN_LABEL = 'upgrade.cattle.io/plan';
export const SUC_NODE_LABEL = 'upgrade.cattle.io/node';
export const sucPlanHashLabel = (plan: string): string => `plan.upgrade.cattle.io/${plan}`;
