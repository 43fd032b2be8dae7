import type { ManagedChart } from '../src/model/rancher.js';
import type { KubeObject } from '../src/model/kube-object.js';
import type {
  BackingImage,
  InstanceManager,
  LonghornDisk,
  LonghornNode,
  LonghornReplica,
  LonghornVolume,
} from '../src/model/longhorn.js';
import type { DaemonSet } from '../src/model/pod.js';
import type { IpPool } from '../src/model/whereabouts.js';

/** Longhorn and Whereabouts objects shaped as longhorn-manager and Whereabouts write them. */

export interface WorkloadOptions {
  readonly podName: string;
  readonly podStatus?: string;
  readonly workloadName?: string;
  readonly workloadType?: string;
}

export interface VolumeOptions {
  readonly replicas?: number;
  readonly state?: string;
  readonly robustness?: string;
  /** `namespace/name` of the bound PVC; null for a volume without a PVC. */
  readonly pvc?: string | null;
  /** Default: one Running virt-launcher pod while attached, none otherwise. */
  readonly workloads?: readonly WorkloadOptions[];
  readonly node?: string;
}

/** A healthy attached 3-replica volume of PVC `default/<name>` used by a Running virt-launcher pod. */
export const aVolume = (name: string, options: VolumeOptions = {}): LonghornVolume => {
  const state = options.state ?? 'attached';
  const attached = state === 'attached';
  const [pvcNamespace, pvcName] = (options.pvc ?? `default/${name}`).split('/');
  const workloads =
    options.workloads ??
    (attached
      ? [{ podName: `virt-launcher-${name}-abcde`, workloadName: name, workloadType: 'VirtualMachineInstance' }]
      : []);
  return {
    apiVersion: 'longhorn.io/v1beta2',
    kind: 'Volume',
    metadata: { name, namespace: 'longhorn-system', labels: { longhornvolume: name } },
    spec: { numberOfReplicas: options.replicas ?? 3, nodeID: attached ? (options.node ?? 'node-1') : '' },
    status: {
      state,
      robustness: options.robustness ?? (attached ? 'healthy' : 'unknown'),
      currentNodeID: attached ? (options.node ?? 'node-1') : '',
      kubernetesStatus: {
        ...(options.pvc === null ? {} : { namespace: pvcNamespace, pvcName, pvName: name }),
        workloadsStatus: workloads.map((workload) => ({
          podName: workload.podName,
          podStatus: workload.podStatus ?? 'Running',
          workloadName: workload.workloadName ?? workload.podName,
          workloadType: workload.workloadType ?? 'VirtualMachineInstance',
        })),
      },
    },
  };
};

export interface ReplicaOptions {
  readonly node?: string;
  /** Leave out `spec.volumeName` (old objects): only the `longhornvolume` label names the volume. */
  readonly labelOnly?: boolean;
  /** `metadata.name`; default `<volume>-r-<index as 8 digits>`. */
  readonly name?: string;
  /** `status.currentState`; default stopped. */
  readonly state?: string;
  /** The spec fields longhorn-manager keeps a replica's health in. */
  readonly health?: { readonly healthyAt?: string; readonly failedAt?: string; readonly desireState?: string };
}

export const aReplica = (volume: string, index: number, options: ReplicaOptions = {}): LonghornReplica => ({
  apiVersion: 'longhorn.io/v1beta2',
  kind: 'Replica',
  metadata: {
    name: options.name ?? `${volume}-r-${String(index).padStart(8, '0')}`,
    namespace: 'longhorn-system',
    labels: { longhornvolume: volume },
  },
  spec: {
    nodeID: options.node ?? `node-${String(index)}`,
    ...(options.labelOnly ? {} : { volumeName: volume }),
    ...options.health,
  },
  status: { currentState: options.state ?? 'stopped' },
});

export interface HealthyReplicaOptions {
  /** `status.currentState` and `spec.desireState`; default running. */
  readonly state?: string;
  /** Never became healthy (empty healthyAt). */
  readonly unused?: boolean;
  readonly failed?: boolean;
}

/** Replica `<volume>-r-<node>` of `volume` on `node` as Longhorn writes it, with the health fields its PDB logic reads. */
export const aLonghornReplica = (
  volume: string,
  node: string,
  options: HealthyReplicaOptions = {},
): LonghornReplica => {
  const state = options.state ?? 'running';
  return aReplica(volume, 0, {
    node,
    name: `${volume}-r-${node}`,
    state,
    health: {
      failedAt: options.failed ? '2026-11-21T20:00:00Z' : '',
      healthyAt: options.unused ? '' : '2026-11-01T10:00:00Z',
      desireState: state,
    },
  });
};

/** `count` replicas of `volume` on node-1…node-count. */
export const replicasOf = (volume: string, count: number): LonghornReplica[] =>
  Array.from({ length: count }, (_, index) => aReplica(volume, index + 1));

export interface LonghornNodeOptions {
  readonly evictionRequested?: boolean;
  readonly disks?: Readonly<Record<string, LonghornDisk>>;
}

export const aLonghornNode = (name: string, options: LonghornNodeOptions = {}): LonghornNode => ({
  apiVersion: 'longhorn.io/v1beta2',
  kind: 'Node',
  metadata: { name, namespace: 'longhorn-system' },
  spec: {
    allowScheduling: true,
    evictionRequested: options.evictionRequested ?? false,
    disks: options.disks ?? {
      [`default-disk-${name}`]: {
        path: '/var/lib/harvester/defaultdisk',
        allowScheduling: true,
        evictionRequested: false,
      },
    },
  },
});

/** A backing image; `copies` undefined leaves `spec.minNumberOfCopies` out, as Longhorn before 1.6 did. */
export const aBackingImage = (name: string, copies?: number): BackingImage => ({
  apiVersion: 'longhorn.io/v1beta2',
  kind: 'BackingImage',
  metadata: { name, namespace: 'longhorn-system' },
  spec: copies === undefined ? {} : { minNumberOfCopies: copies },
});

export const imName = (node: string): string => `instance-manager-${node}`;

/** A running all-in-one InstanceManager on `node`, listing these engines (status.instanceEngines). */
export const anInstanceManager = (node: string, engines: readonly string[] = [], state = 'running'): InstanceManager =>
  ({
    apiVersion: 'longhorn.io/v1beta2',
    kind: 'InstanceManager',
    metadata: { name: imName(node), namespace: 'longhorn-system' },
    spec: { nodeID: node, type: 'aio' },
    status: {
      currentState: state,
      instanceEngines: Object.fromEntries(engines.map((engine) => [engine, { spec: { name: engine } }])),
      instanceReplicas: {},
    },
  }) as InstanceManager;

export const aBackingImageManager = (node: string): KubeObject => ({
  apiVersion: 'longhorn.io/v1beta2',
  kind: 'BackingImageManager',
  metadata: { name: `backing-image-manager-${node}`, namespace: 'longhorn-system' },
});

/** A Whereabouts pool named after `range` with `allocated` addresses handed out (offsets 1…allocated). */
export const anIpPool = (range: string, allocated: number, namespace = 'kube-system'): IpPool => ({
  apiVersion: 'whereabouts.cni.cncf.io/v1alpha1',
  kind: 'IPPool',
  metadata: { name: range.replace(/[:/]/g, '-'), namespace },
  spec: {
    range,
    allocations: Object.fromEntries(
      Array.from({ length: allocated }, (_, index) => [
        String(index + 1),
        { id: `container-${String(index)}`, podref: `longhorn-system/instance-manager-${String(index)}` },
      ]),
    ),
  },
});

/** The `harvester` ManagedChart; `nodeDrainPolicy` set puts it under `spec.values.longhorn.defaultSettings`. */
export const aHarvesterChart = (nodeDrainPolicy?: string): ManagedChart =>
  ({
    apiVersion: 'management.cattle.io/v3',
    kind: 'ManagedChart',
    metadata: { name: 'harvester', namespace: 'fleet-local' },
    spec: {
      chart: 'harvester',
      values: {
        longhorn: {
          enabled: true,
          defaultSettings: {
            defaultDataPath: '/var/lib/harvester/defaultdisk',
            ...(nodeDrainPolicy ? { nodeDrainPolicy } : {}),
          },
        },
      },
    },
  }) as ManagedChart;

/** longhorn-manager's DaemonSet with `ready` of `desired` pods Ready, as the DaemonSet controller counts them. */
export const aLonghornManagerDaemonSet = (ready: number, desired = ready, name = 'longhorn-manager'): DaemonSet => ({
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name, namespace: 'longhorn-system' },
  spec: { template: { spec: { containers: [{ image: 'longhornio/longhorn-manager:v1.8.2' }] } } },
  status: {
    desiredNumberScheduled: desired,
    currentNumberScheduled: desired,
    numberReady: ready,
    numberAvailable: ready,
    numberMisscheduled: 0,
  },
});

export interface InstanceManagerOptions {
  readonly dataEngine?: string;
  readonly state?: string;
  readonly name?: string;
}

/** An all-in-one InstanceManager labelled as Longhorn ≥ 1.6 labels it (types.go GetInstanceManagerLabels). */
export const aLabelledInstanceManager = (node: string, options: InstanceManagerOptions = {}): InstanceManager => {
  const engine = options.dataEngine ?? 'v1';
  return {
    apiVersion: 'longhorn.io/v1beta2',
    kind: 'InstanceManager',
    metadata: {
      name: options.name ?? `instance-manager-${node}-${engine}`,
      namespace: 'longhorn-system',
      labels: {
        'longhorn.io/component': 'instance-manager',
        'longhorn.io/instance-manager-type': 'aio',
        'longhorn.io/node': node,
        'longhorn.io/data-engine': engine,
      },
    },
    spec: { nodeID: node, type: 'aio', dataEngine: engine },
    status: { currentState: options.state ?? 'running', instanceEngines: {} },
  };
};
