import type { BlockDevice } from '../src/model/harvester.js';
import type { Condition } from '../src/model/kube-object.js';
import type { LonghornBackupTarget, LonghornDiskStatus, LonghornNode, LonghornReplica } from '../src/model/longhorn.js';
import type { Node } from '../src/model/node.js';
import type { Pod } from '../src/model/pod.js';
import { aPod } from './builders.js';
import { aLonghornNode, aReplica } from './longhorn-builders.js';

/** Objects for the node-loss checks, shaped as node-disk-manager, Longhorn and KubeVirt write them. */

export interface BlockDeviceOptions {
  readonly state?: string;
  /** provisionPhase; null leaves it out (NDM before 0.6 only had spec.fileSystem.provisioned). */
  readonly phase?: string | null;
  readonly provisioned?: boolean;
  readonly corrupted?: boolean;
  readonly readOnly?: boolean;
  readonly conditions?: readonly Condition[];
}

/** A provisioned, Active disk /dev/sdb on `node`. */
export const aBlockDevice = (name: string, node: string, options: BlockDeviceOptions = {}): BlockDevice => ({
  apiVersion: 'harvesterhci.io/v1beta1',
  kind: 'BlockDevice',
  metadata: { name, namespace: 'longhorn-system' },
  spec: { nodeName: node, devPath: '/dev/sdb', fileSystem: { provisioned: options.provisioned ?? true } },
  status: {
    state: options.state ?? 'Active',
    ...(options.phase === null ? {} : { provisionPhase: options.phase ?? 'Provisioned' }),
    conditions: options.conditions ?? [{ type: 'Mounted', status: 'True' }],
    deviceStatus: {
      devPath: '/dev/sdb',
      details: { deviceType: 'disk', model: 'SAMSUNG MZ7L3', serialNumber: 'S6ESNE0T' },
      fileSystem: {
        mountPoint: `/var/lib/harvester/extra-disks/${name}`,
        ...(options.corrupted ? { corrupted: true } : {}),
        ...(options.readOnly ? { isReadOnly: true } : {}),
      },
    },
  },
});

const ready = (status = 'True', reason = '', message = ''): Condition => ({
  type: 'Ready',
  status,
  ...(reason ? { reason } : {}),
  ...(message ? { message } : {}),
});

/** A Longhorn node whose one disk `default-disk-<name>` has the given status (healthy by default). */
export const aLonghornNodeWithDisk = (name: string, disk: LonghornDiskStatus | null = {}): LonghornNode => {
  const base = aLonghornNode(name);
  const diskName = `default-disk-${name}`;
  return {
    ...base,
    status: {
      conditions: [ready(), { type: 'Schedulable', status: 'True' }],
      diskStatus:
        disk === null
          ? {}
          : {
              [diskName]: {
                diskPath: '/var/lib/harvester/defaultdisk',
                conditions: [ready(), { type: 'Schedulable', status: 'True' }],
                ...disk,
              },
            },
    },
  };
};

export const diskConditions = (readyStatus: string, reason = '', message = '', schedulable = 'True'): Condition[] => [
  ready(readyStatus, reason, message),
  { type: 'Schedulable', status: schedulable, ...(schedulable === 'True' ? {} : { reason: 'DiskPressure' }) },
];

/** Replica `index` of `volume` on `node`, healthy (healthyAt set) unless `failed`. */
export const aHealthyReplica = (volume: string, node: string, index: number, failed = false): LonghornReplica => {
  const base = aReplica(volume, index, { node });
  return {
    ...base,
    spec: {
      ...base.spec,
      healthyAt: '2026-11-20T09:05:00Z',
      ...(failed ? { failedAt: '2026-11-21T03:00:00Z' } : {}),
    },
    status: { currentState: failed ? 'stopped' : 'running' },
  };
};

export const aBackupTarget = (url: string, available: boolean, message?: string): LonghornBackupTarget => ({
  apiVersion: 'longhorn.io/v1beta2',
  kind: 'BackupTarget',
  metadata: { name: 'default', namespace: 'longhorn-system' },
  spec: { backupTargetURL: url, pollInterval: '5m0s' },
  status: {
    available,
    conditions: available
      ? []
      : [{ type: 'Unavailable', status: 'True', reason: 'Unavailable', ...(message ? { message } : {}) }],
  },
});

/** `node` with allocatable CPU and memory (kubectl quantities). */
export const withAllocatable = (node: Node, cpu: string, memory: string): Node => ({
  ...node,
  status: { ...node.status, allocatable: { cpu, memory, pods: '200' } },
});

export const withTaints = (node: Node, taints: NonNullable<NonNullable<Node['spec']>['taints']>): Node => ({
  ...node,
  spec: { ...node.spec, taints },
});

/** The Running virt-launcher pod of VM `vm` on `node`, requesting `cpu` and `memory`. */
export const aLauncher = (vm: string, node: string, cpu: string, memory: string, namespace = 'default'): Pod => {
  const pod = aPod(`virt-launcher-${vm}-abcde`, {
    namespace,
    node,
    containers: [{ name: 'compute' }],
    labels: { 'kubevirt.io': 'virt-launcher', 'vm.kubevirt.io/name': vm },
    owner: { kind: 'VirtualMachineInstance', name: vm, apiVersion: 'kubevirt.io/v1' },
  });
  return {
    ...pod,
    spec: { ...pod.spec, containers: [{ name: 'compute', resources: { requests: { cpu, memory } } }] },
  };
};

/** A pod of `podSpec` requesting resources, owned by a ReplicaSet. */
export const aRequestingPod = (name: string, node: string, cpu: string, memory: string): Pod => {
  const pod = aPod(name, { node, owner: { kind: 'ReplicaSet', name: `${name}-rs` } });
  return { ...pod, spec: { ...pod.spec, containers: [{ name: 'main', resources: { requests: { cpu, memory } } }] } };
};

/** `pod` with a nodeSelector and, optionally, tolerations. */
export const pinnedPod = (pod: Pod, nodeSelector: Record<string, string>): Pod => ({
  ...pod,
  spec: { ...pod.spec, nodeSelector },
});
