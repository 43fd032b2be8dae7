import type { ScheduleVMBackup, VirtualMachineBackup } from '../src/model/harvester.js';
import type { Condition } from '../src/model/kube-object.js';
import type {
  Cdi,
  HostDevice,
  KubeVirt,
  VirtualMachine,
  VirtualMachineInstance,
  Volume,
  VolumeRequest,
} from '../src/model/kubevirt.js';
import type { NodeSelectorTerm, Pod } from '../src/model/pod.js';
import { aPod } from './builders.js';

/** VMs, VMIs, KubeVirt and Harvester VM backups shaped as the API server returns them. */

export interface VmiOptions {
  readonly namespace?: string;
  /** `status.nodeName` and label `kubevirt.io/nodeName`; null for a VMI not scheduled yet. */
  readonly node?: string | null;
  readonly phase?: string;
  readonly nodeSelector?: Record<string, string>;
  /** Required node affinity terms. */
  readonly affinity?: readonly NodeSelectorTerm[];
  readonly hostDevices?: readonly HostDevice[];
  readonly gpus?: readonly HostDevice[];
  readonly evictionStrategy?: string;
  /** Condition LiveMigratable; default True. null leaves the condition out. */
  readonly liveMigratable?: { readonly status: string; readonly reason?: string; readonly message?: string } | null;
  /** Extra volumes besides the boot disk `disk-0` (a PVC). */
  readonly volumes?: readonly Volume[];
  readonly cdrom?: boolean;
  readonly containerDisk?: boolean;
}

/** A running VMI `name` on node-1 booting from PVC `<name>-disk-0`, live-migratable, as Harvester creates them. */
export const aVmi = (name: string, options: VmiOptions = {}): VirtualMachineInstance => {
  const node = options.node === null ? undefined : (options.node ?? 'node-1');
  const conditions: Condition[] = [{ type: 'Ready', status: 'True' }];
  if (options.liveMigratable !== null) {
    const live = options.liveMigratable ?? { status: 'True' };
    conditions.push({
      type: 'LiveMigratable',
      status: live.status,
      ...(live.reason ? { reason: live.reason } : {}),
      ...(live.message ? { message: live.message } : {}),
    });
  }
  const volumes: Volume[] = [
    { name: 'disk-0', persistentVolumeClaim: { claimName: `${name}-disk-0` } },
    ...(options.containerDisk
      ? [{ name: 'container', containerDisk: { image: 'quay.io/containerdisks/fedora' } }]
      : []),
    ...(options.volumes ?? []),
  ];
  return {
    apiVersion: 'kubevirt.io/v1',
    kind: 'VirtualMachineInstance',
    metadata: {
      name,
      namespace: options.namespace ?? 'default',
      uid: `vmi-uid-${name}`,
      labels: { 'harvesterhci.io/vmName': name, ...(node ? { 'kubevirt.io/nodeName': node } : {}) },
    },
    spec: {
      ...(options.nodeSelector ? { nodeSelector: options.nodeSelector } : {}),
      ...(options.affinity
        ? {
            affinity: {
              nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: options.affinity } },
            },
          }
        : {}),
      ...(options.evictionStrategy ? { evictionStrategy: options.evictionStrategy } : {}),
      domain: {
        devices: {
          disks: [{ name: 'disk-0' }, ...(options.cdrom ? [{ name: 'cdrom-disk', cdrom: { bus: 'sata' } }] : [])],
          ...(options.hostDevices ? { hostDevices: options.hostDevices } : {}),
          ...(options.gpus ? { gpus: options.gpus } : {}),
        },
      },
      volumes,
    },
    status: {
      phase: options.phase ?? 'Running',
      ...(node ? { nodeName: node } : {}),
      conditions,
    },
  };
};

export interface VmOptions {
  readonly namespace?: string;
  /** `status.printableStatus`; default Running. null leaves the status out. */
  readonly printableStatus?: string | null;
  readonly cdrom?: boolean;
  readonly hostDevices?: readonly HostDevice[];
  /** Extra template volumes besides `disk-0`. */
  readonly volumes?: readonly Volume[];
  readonly volumeRequests?: readonly VolumeRequest[];
  readonly evictionStrategy?: string;
}

/** A Harvester VM `name` with runStrategy RerunOnFailure and one PVC disk. */
export const aVm = (name: string, options: VmOptions = {}): VirtualMachine => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachine',
  metadata: { name, namespace: options.namespace ?? 'default', uid: `vm-uid-${name}` },
  spec: {
    runStrategy: 'RerunOnFailure',
    template: {
      spec: {
        evictionStrategy: options.evictionStrategy ?? 'LiveMigrateIfPossible',
        domain: {
          devices: {
            disks: [{ name: 'disk-0' }, ...(options.cdrom ? [{ name: 'cdrom-disk', cdrom: { bus: 'sata' } }] : [])],
            ...(options.hostDevices ? { hostDevices: options.hostDevices } : {}),
          },
        },
        volumes: [
          { name: 'disk-0', persistentVolumeClaim: { claimName: `${name}-disk-0` } },
          ...(options.volumes ?? []),
        ],
      },
    },
  },
  ...(options.printableStatus === null
    ? {}
    : {
        status: {
          printableStatus: options.printableStatus ?? 'Running',
          ...(options.volumeRequests ? { volumeRequests: options.volumeRequests } : {}),
        },
      }),
});

export interface KubeVirtOptions {
  readonly observed?: string | null;
  readonly target?: string;
  readonly operator?: string;
  /** `undefined`: no spec.infra; `null`: infra without nodePlacement; an object: that nodePlacement. */
  readonly nodePlacement?: object | null;
  readonly name?: string;
  /** `spec.configuration.evictionStrategy`, default Harvester's LiveMigrateIfPossible; null sets none. */
  readonly evictionStrategy?: string | null;
  /** `status.phase`, default Deployed; null leaves it out. */
  readonly phase?: string | null;
  /** Condition Available: true/false as its status, or the condition itself; undefined leaves it out. */
  readonly available?: boolean | { readonly status: string; readonly reason?: string; readonly message?: string };
  /** `spec.workloadUpdateStrategy.workloadUpdateMethods`; undefined leaves the strategy out. */
  readonly workloadUpdateMethods?: readonly string[];
  /** `spec.configuration.migrations`. */
  readonly migrations?: Readonly<Record<string, unknown>>;
}

const availableCondition = (available: NonNullable<KubeVirtOptions['available']>): Condition =>
  typeof available === 'boolean'
    ? {
        type: 'Available',
        status: available ? 'True' : 'False',
        reason: available ? 'AllComponentsReady' : 'DeploymentInProgress',
      }
    : { type: 'Available', ...available };

/** The `kubevirt.io/v1` KubeVirt CR harvester-system/kubevirt, deployed at `observed` (default 1.3.1). */
export const aKubeVirt = (options: KubeVirtOptions = {}): KubeVirt => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'KubeVirt',
  metadata: { name: options.name ?? 'kubevirt', namespace: 'harvester-system' },
  spec: {
    configuration: {
      ...(options.evictionStrategy === null
        ? {}
        : { evictionStrategy: options.evictionStrategy ?? 'LiveMigrateIfPossible' }),
      ...(options.migrations ? { migrations: options.migrations } : {}),
    },
    ...(options.nodePlacement === undefined
      ? {}
      : { infra: options.nodePlacement === null ? {} : { nodePlacement: options.nodePlacement } }),
    ...(options.workloadUpdateMethods
      ? { workloadUpdateStrategy: { workloadUpdateMethods: options.workloadUpdateMethods } }
      : {}),
  },
  status: {
    ...(options.phase === null ? {} : { phase: options.phase ?? 'Deployed' }),
    ...(options.observed === null ? {} : { observedKubeVirtVersion: options.observed ?? 'v1.3.1' }),
    ...(options.target ? { targetKubeVirtVersion: options.target } : {}),
    ...(options.operator ? { operatorVersion: options.operator } : {}),
    ...(options.available === undefined ? {} : { conditions: [availableCondition(options.available)] }),
  },
});

/**
 * A virt-handler pod in harvester-system, stamped by virt-operator for `version` (registry and id left out, as the
 * KubeVirt builder records no target registry or id); null leaves the annotations out (harvester#10447).
 */
export const aVirtHandler = (name: string, version: string | null, phase: 'Running' | 'Failed' = 'Running'): Pod => {
  const pod = aPod(name, { namespace: 'harvester-system', labels: { 'kubevirt.io': 'virt-handler' }, phase });
  return version === null
    ? pod
    : {
        ...pod,
        metadata: {
          ...pod.metadata,
          annotations: {
            'kubevirt.io/install-strategy-version': version,
            'kubevirt.io/install-strategy-registry': 'registry.suse.com/suse/sles/15.7',
            'kubevirt.io/install-strategy-identifier': '9890638436fb4150e2046eff9f500bc4f18812f8',
          },
        },
      };
};

/** The CDI object `cdi` with the importer memory limit `memory`; undefined leaves podResourceRequirements out. */
export const aCdi = (memory?: string): Cdi => ({
  apiVersion: 'cdi.kubevirt.io/v1beta1',
  kind: 'CDI',
  metadata: { name: 'cdi' },
  spec: { config: memory === undefined ? {} : { podResourceRequirements: { limits: { memory } } } },
});

export interface VmBackupOptions {
  readonly namespace?: string;
  /** `status.readyToUse`; null leaves it out (a backup that just started). */
  readonly readyToUse?: boolean | null;
  readonly error?: string;
  readonly type?: 'backup' | 'snapshot';
  readonly progress?: number;
  readonly source?: string;
  /** No status at all (the controller has not picked it up). */
  readonly noStatus?: boolean;
}

/** A finished (readyToUse) VM backup of VM `source` (default `vm-1`). */
export const aVmBackup = (name: string, options: VmBackupOptions = {}): VirtualMachineBackup => {
  const readyToUse = options.readyToUse === undefined ? true : options.readyToUse;
  const backup = {
    apiVersion: 'harvesterhci.io/v1beta1',
    kind: 'VirtualMachineBackup',
    metadata: { name, namespace: options.namespace ?? 'default', uid: `backup-uid-${name}` },
    spec: {
      type: options.type ?? 'backup',
      source: { apiGroup: 'kubevirt.io', kind: 'VirtualMachine', name: options.source ?? 'vm-1' },
    },
    ...(options.noStatus
      ? {}
      : {
          status: {
            ...(readyToUse === null ? {} : { readyToUse }),
            ...(options.error ? { error: { message: options.error, time: '2026-11-20T10:00:00Z' } } : {}),
            ...(options.progress === undefined ? {} : { progress: options.progress }),
          },
        }),
  };
  return backup;
};

export interface ScheduleOptions {
  readonly namespace?: string;
  readonly suspend?: boolean;
  /** `status.suspended`; default: equal to `suspend`. null leaves it out. */
  readonly suspended?: boolean | null;
  readonly cron?: string;
  readonly source?: string;
  readonly type?: 'backup' | 'snapshot';
}

/** A ScheduleVMBackup for VM `source` (default `vm-1`), active unless `suspend`. */
export const aBackupSchedule = (name: string, options: ScheduleOptions = {}): ScheduleVMBackup => {
  const suspend = options.suspend ?? false;
  const suspended = options.suspended === undefined ? suspend : options.suspended;
  return {
    apiVersion: 'harvesterhci.io/v1beta1',
    kind: 'ScheduleVMBackup',
    metadata: { name, namespace: options.namespace ?? 'default', uid: `svmbackup-uid-${name}` },
    spec: {
      cron: options.cron ?? '0 2 * * *',
      suspend,
      ...{
        retain: 8,
        maxFailure: 4,
        vmbackup: {
          type: options.type ?? 'backup',
          source: { apiGroup: 'kubevirt.io', kind: 'VirtualMachine', name: options.source ?? 'vm-1' },
        },
      },
    },
    status: suspended === null ? {} : { suspended },
  };
};
