import type { BlockDevice } from '../src/model/harvester.js';
import type { Condition } from '../src/model/kube-object.js';
import type { LonghornBackupTarget, LonghornDiskStatus, LonghornNode } from '../src/model/longhorn.js';
import type { Pod } from '../src/model/pod.js';
import { aPod } from './builders.js';
import { aLauncherPod } from './drain-builders.js';
import { aVmi } from './kubevirt-builders.js';
import { aLonghornNode } from './longhorn-builders.js';

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

/** The Running virt-launcher pod of VM `vm` on `node`, requesting `cpu` and `memory`. */
export const aLauncher = (vm: string, node: string, cpu: string, memory: string, namespace = 'default'): Pod => {
  const pod = aLauncherPod(aVmi(vm, { node, namespace }), { labels: { 'vm.kubevirt.io/name': vm } });
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
