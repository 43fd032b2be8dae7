import type { Condition, KubeObject } from './kube-object.js';

/** longhorn/longhorn-manager k8s/pkg/apis/longhorn/v1beta2/volume.go */
export interface LonghornVolume extends KubeObject {
  readonly spec?: {
    readonly numberOfReplicas?: number;
    readonly nodeID?: string;
    /** `rwo` or `rwx` (VolumeSpec.AccessMode, v1beta2/volume.go). */
    readonly accessMode?: string;
    /** A volume KubeVirt can live-migrate: attached to two nodes at once during the move (VolumeSpec.Migratable). */
    readonly migratable?: boolean;
  };
  readonly status?: {
    /** creating, attached, detached, attaching, detaching, deleting */
    readonly state?: string;
    /** healthy, degraded, faulted, unknown */
    readonly robustness?: string;
    readonly currentNodeID?: string;
    /** The node a live migration attaches the volume to as well; cleared when the migration ends (v1beta2/volume.go). */
    readonly currentMigrationNodeID?: string;
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
  readonly spec?: {
    readonly nodeID?: string;
    readonly volumeName?: string;
    /** Set once the replica has been in RW mode; empty while it is still being rebuilt (v1beta2/replica.go). */
    readonly healthyAt?: string;
    readonly failedAt?: string;
  };
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

/**
 * What a disk's device reports (Longhorn ≥ 1.9 `status.diskStatus.<disk>.healthData`, keyed by device): the SMART
 * or SPDK verdict `healthStatus` is FAILED, PASSED, UNKNOWN or WARNING (v1beta2/node.go HealthData).
 */
export interface LonghornDiskHealth {
  readonly source?: string;
  readonly modelName?: string;
  readonly serialNumber?: string;
  readonly healthStatus?: string;
}

export type LonghornConditions = readonly Condition[] | Readonly<Record<string, Condition>>;

export interface LonghornDiskStatus {
  /** Ready, Schedulable and (Longhorn ≥ 1.9) Error. */
  readonly conditions?: LonghornConditions | null;
  readonly diskPath?: string;
  readonly healthData?: Readonly<Record<string, LonghornDiskHealth>> | null;
}

export interface LonghornNode extends KubeObject {
  readonly spec?: {
    readonly allowScheduling?: boolean;
    readonly evictionRequested?: boolean;
    readonly disks?: Readonly<Record<string, LonghornDisk>>;
  };
  readonly status?: {
    readonly conditions?: LonghornConditions | null;
    readonly diskStatus?: Readonly<Record<string, LonghornDiskStatus | null>> | null;
  };
}

/**
 * longhorn/longhorn-manager k8s/pkg/apis/longhorn/v1beta2/backuptarget.go: `default` is the one Harvester's
 * backup-target setting drives. `available` false comes with condition Unavailable saying why.
 */
export interface LonghornBackupTarget extends KubeObject {
  readonly spec?: { readonly backupTargetURL?: string; readonly pollInterval?: string };
  readonly status?: {
    readonly available?: boolean;
    readonly conditions?: LonghornConditions | null;
    readonly lastSyncedAt?: string | null;
  };
}

export interface BackingImage extends KubeObject {
  readonly spec?: { readonly minNumberOfCopies?: number };
}

/** longhorn/longhorn-manager k8s/pkg/apis/longhorn/v1beta2/instancemanager.go */
export interface InstanceManager extends KubeObject {
  /** `type` aio, engine or replica; `dataEngine` v1 or v2 (Longhorn ≥ 1.5). */
  readonly spec?: { readonly nodeID?: string; readonly type?: string; readonly dataEngine?: string };
  readonly status?: {
    readonly currentState?: string;
    /** The engine processes it runs, keyed by Engine name (InstanceManagerStatus.InstanceEngines, nullable). */
    readonly instanceEngines?: Readonly<Record<string, unknown>> | null;
  };
}

/**
 * Longhorn v1beta1 (and early v1beta2) wrote conditions as a map keyed by type; later versions write a list.
 * Both shapes appear in real support bundles.
 */
export const longhornConditions = (conditions: LonghornConditions | null | undefined): readonly Condition[] => {
  if (!conditions) return [];
  if (Array.isArray(conditions)) return conditions as readonly Condition[];
  return Object.entries(conditions as Readonly<Record<string, Condition>>).map(([type, condition]) => ({
    type,
    ...condition,
  }));
};

/** Every Longhorn object lives here. */
export const LONGHORN_NAMESPACE = 'longhorn-system';

/** The label Longhorn puts on an instance manager's pod and its budget's selector: the Longhorn node it serves. */
export const LONGHORN_NODE_LABEL = 'longhorn.io/node';

/** Longhorn labels replicas and engines with their volume's name (longhorn/longhorn-manager: types/types.go). */
export const LONGHORN_VOLUME_LABEL = 'longhornvolume';

/** `status.state`: creating, attached, detached, attaching, detaching, deleting (v1beta2/volume.go). */
export const volumeState = (volume: LonghornVolume): string => volume.status?.state ?? 'unknown';
export const volumeRobustness = (volume: LonghornVolume): string => volume.status?.robustness ?? 'unknown';

/** `namespace/pvc` of the PVC bound to the volume, from `status.kubernetesStatus`; undefined when none is bound. */
export const volumePvc = (volume: LonghornVolume): string | undefined => {
  const status = volume.status?.kubernetesStatus;
  if (!status?.pvcName) return undefined;
  return status.namespace ? `${status.namespace}/${status.pvcName}` : status.pvcName;
};

/** The volume a replica belongs to: `spec.volumeName`, or the `longhornvolume` label on objects that omit it. */
export const replicaVolume = (replica: LonghornReplica): string | undefined => {
  const name = replica.spec?.volumeName;
  return name !== undefined && name !== '' ? name : replica.metadata?.labels?.[LONGHORN_VOLUME_LABEL];
};

/** Values of `settings.longhorn.io/node-drain-policy` (longhorn/longhorn-manager: types/setting.go). */
export const NODE_DRAIN_POLICY = {
  blockForEviction: 'block-for-eviction',
  blockForEvictionIfContainsLastReplica: 'block-for-eviction-if-contains-last-replica',
  blockIfContainsLastReplica: 'block-if-contains-last-replica',
  allowIfReplicaIsStopped: 'allow-if-replica-is-stopped',
  alwaysAllow: 'always-allow',
} as const;

/** The names of the disks on a Longhorn node whose `evictionRequested` is true, sorted. */
export const disksWithEvictionRequested = (node: LonghornNode): string[] =>
  Object.entries(node.spec?.disks ?? {})
    .filter(([, disk]) => disk.evictionRequested === true)
    .map(([name]) => name)
    .sort();

/**
 * `spec.values.longhorn.defaultSettings.nodeDrainPolicy` of Harvester's `harvester` ManagedChart, read without a
 * typed schema (the values are free-form Helm values); undefined when the chart does not set it.
 */
export const chartNodeDrainPolicy = (chart: KubeObject): string | undefined => {
  let node: unknown = chart;
  for (const key of ['spec', 'values', 'longhorn', 'defaultSettings', 'nodeDrainPolicy']) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'string' ? node : undefined;
};

/**
 * Support bundles of Longhorn v1beta1 objects write unset strings as the text "null" (`reason: "null"`); such a
 * value, like an empty one, says nothing.
 */
export const meaningful = (text: string | null | undefined): string | undefined =>
  typeof text !== 'string' || text.trim() === '' || text === 'null' ? undefined : text.trim();

/**
 * Longhorn's own test for a replica that holds good data (longhorn/longhorn-manager: datastore/longhorn.go
 * IsAvailableHealthyReplica): not being deleted, never failed since, and once in RW mode (`healthyAt` set). A
 * detached volume's stopped replicas pass it too, which is what matters when its node goes away.
 */
export const isAvailableHealthyReplica = (replica: LonghornReplica): boolean =>
  !replica.metadata?.deletionTimestamp &&
  meaningful(replica.spec?.failedAt) === undefined &&
  meaningful(replica.spec?.healthyAt) !== undefined;
