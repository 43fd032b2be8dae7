import type { Condition, KubeObject } from './kube-object.js';

/** longhorn/longhorn-manager k8s/pkg/apis/longhorn/v1beta2/volume.go */
export interface LonghornVolume extends KubeObject {
  readonly spec?: { readonly numberOfReplicas?: number; readonly nodeID?: string };
  readonly status?: {
    /** creating, attached, detached, attaching, detaching, deleting */
    readonly state?: string;
    /** healthy, degraded, faulted, unknown */
    readonly robustness?: string;
    readonly currentNodeID?: string;
    readonly kubernetesStatus?: {
      readonly namespace?: string;
      readonly pvcName?: string;
      readonly pvName?: string;
      readonly workloadsStatus?: readonly {
        readonly podName?: string;
        readonly podStatus?: string;
        readonly workloadName?: string;
        readonly workloadType?: string;
      }[];
    };
  };
}

export interface LonghornReplica extends KubeObject {
  readonly spec?: { readonly nodeID?: string; readonly volumeName?: string; readonly failedAt?: string };
  readonly status?: { readonly currentState?: string };
}

export interface LonghornEngine extends KubeObject {
  readonly spec?: { readonly nodeID?: string; readonly volumeName?: string };
  readonly status?: { readonly currentState?: string };
}

export interface LonghornDisk {
  readonly path?: string;
  readonly allowScheduling?: boolean;
  readonly evictionRequested?: boolean;
}

export interface LonghornNode extends KubeObject {
  readonly spec?: {
    readonly allowScheduling?: boolean;
    readonly evictionRequested?: boolean;
    readonly disks?: Readonly<Record<string, LonghornDisk>>;
  };
  readonly status?: {
    readonly conditions?: readonly Condition[] | Readonly<Record<string, Condition>>;
    readonly diskStatus?: Readonly<
      Record<string, { readonly conditions?: readonly Condition[] | Readonly<Record<string, Condition>> }>
    >;
  };
}

export interface BackingImage extends KubeObject {
  readonly spec?: { readonly minNumberOfCopies?: number };
}

export interface InstanceManager extends KubeObject {
  readonly spec?: { readonly nodeID?: string; readonly type?: string };
  readonly status?: { readonly currentState?: string };
}

/**
 * Longhorn v1beta1 (and early v1beta2) wrote conditions as a map keyed by type; later versions write a list.
 * Both shapes appear in real support bundles.
 */
export const longhornConditions = (
  conditions: readonly Condition[] | Readonly<Record<string, Condition>> | undefined,
): readonly Condition[] => {
  if (!conditions) return [];
  if (Array.isArray(conditions)) return conditions as readonly Condition[];
  return Object.entries(conditions as Readonly<Record<string, Condition>>).map(([type, condition]) => ({
    type,
    ...condition,
  }));
};
