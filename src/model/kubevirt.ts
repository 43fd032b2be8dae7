import type { Condition, KubeObject } from './kube-object.js';
import type { Affinity } from './pod.js';

/** KubeVirt install object: harvester/harvester pkg/util/constants.go `KubeVirtObjectName`. */
export const KUBEVIRT_NAMESPACE = 'harvester-system';
export const KUBEVIRT_NAME = 'kubevirt';

/** kubevirt.io/v1 KubeVirt harvester-system/kubevirt */
export interface KubeVirt extends KubeObject {
  readonly spec?: {
    readonly infra?: { readonly nodePlacement?: object | null } | null;
    readonly configuration?: {
      readonly evictionStrategy?: string | null;
      /** Cluster-wide live-migration tunables (kubevirt.io/api core/v1 MigrationConfiguration). */
      readonly migrations?: Readonly<Record<string, unknown>> | null;
    } | null;
    /** How virt-operator updates running VMIs after its own upgrade (KubeVirtWorkloadUpdateStrategy). */
    readonly workloadUpdateStrategy?: { readonly workloadUpdateMethods?: readonly string[] | null } | null;
  };
  /** kubevirt.io/api core/v1 types.go KubeVirtStatus, the fields read here. */
  readonly status?: {
    readonly observedKubeVirtVersion?: string;
    readonly targetKubeVirtVersion?: string;
    readonly targetKubeVirtRegistry?: string;
    readonly targetDeploymentID?: string;
    readonly operatorVersion?: string;
    readonly phase?: string;
    readonly conditions?: readonly Condition[] | null;
  };
}

/** KubeVirtPhaseDeployed (kubevirt.io/api core/v1 types.go): virt-operator finished installing its target version. */
export const KUBEVIRT_DEPLOYED = 'Deployed';

/**
 * The annotations virt-operator stamps on the pods it owns; a pod without the target's values is "out of date"
 * (kubevirt/kubevirt staging/src/kubevirt.io/api/core/v1/types.go, pkg/virt-operator/util/readycheck.go).
 */
export const INSTALL_STRATEGY_VERSION = 'kubevirt.io/install-strategy-version';
export const INSTALL_STRATEGY_REGISTRY = 'kubevirt.io/install-strategy-registry';
export const INSTALL_STRATEGY_IDENTIFIER = 'kubevirt.io/install-strategy-identifier';

/** cdi.kubevirt.io/v1beta1 CDI, the cluster-scoped object `cdi` Harvester's chart installs. */
export interface Cdi extends KubeObject {
  readonly spec?: {
    readonly config?: {
      readonly podResourceRequirements?: {
        readonly limits?: Readonly<Record<string, string | number>> | null;
      } | null;
    } | null;
  };
}

export interface Disk {
  readonly name?: string;
  /** Present (even `{}`) when the disk is a CD-ROM. */
  readonly cdrom?: object | null;
}

export interface HostDevice {
  readonly name?: string;
  readonly deviceName?: string;
}

export interface DomainDevices {
  readonly disks?: readonly Disk[] | null;
  /** PCI, USB and (from Harvester v1.8.0) vGPU devices passed through from the host. */
  readonly hostDevices?: readonly HostDevice[] | null;
  /** vGPUs before Harvester v1.8.0. */
  readonly gpus?: readonly HostDevice[] | null;
}

/** The guest's CPU topology (kubevirt.io/api core/v1 CPU); KubeVirt defaults each count to 1. */
export interface CpuTopology {
  readonly cores?: number;
  readonly threads?: number;
  readonly sockets?: number;
}

/** kubevirt.io/api core/v1 DomainSpec, the fields read here. */
export interface DomainSpec {
  readonly devices?: DomainDevices;
  readonly cpu?: CpuTopology | null;
  /** `uuid` is what virt-controller persists from KubeVirt v1.6 (kubevirt/kubevirt PR #14130). */
  readonly firmware?: { readonly uuid?: string } | null;
}

/** A volume as VMs and VMIs list it (kubevirt.io/api core/v1 types.go VolumeSource, the fields read here). */
export interface Volume {
  readonly name?: string;
  readonly persistentVolumeClaim?: { readonly claimName?: string; readonly hotpluggable?: boolean } | null;
  readonly dataVolume?: { readonly name?: string; readonly hotpluggable?: boolean } | null;
  readonly containerDisk?: { readonly image?: string } | null;
}

/** One entry of `vm.status.volumeRequests`: a hotplug (add) or unplug (remove) not yet applied. */
export interface VolumeRequest {
  readonly addVolumeOptions?: { readonly name?: string } | null;
  readonly removeVolumeOptions?: { readonly name?: string } | null;
}

export interface VirtualMachine extends KubeObject {
  readonly spec?: {
    readonly running?: boolean;
    readonly runStrategy?: string;
    readonly template?: {
      readonly spec?: {
        readonly evictionStrategy?: string;
        readonly domain?: DomainSpec;
        readonly volumes?: readonly Volume[] | null;
      };
    } | null;
  };
  readonly status?: {
    readonly printableStatus?: string;
    readonly volumeRequests?: readonly VolumeRequest[] | null;
    /** `RestartRequired` among them: a change that takes effect on the next restart (kubevirt.io/api core/v1). */
    readonly conditions?: readonly Condition[] | null;
  };
}

export interface VirtualMachineInstance extends KubeObject {
  readonly spec?: {
    readonly nodeSelector?: Readonly<Record<string, string>> | null;
    readonly affinity?: Affinity | null;
    readonly evictionStrategy?: string | null;
    readonly domain?: DomainSpec;
    readonly volumes?: readonly Volume[] | null;
  };
  readonly status?: {
    readonly phase?: string;
    readonly nodeName?: string;
    readonly conditions?: readonly Condition[];
    readonly evacuationNodeName?: string;
  };
}

export interface VirtualMachineInstanceMigration extends KubeObject {
  readonly spec?: { readonly vmiName?: string };
  readonly status?: { readonly phase?: string };
}

/** `vmi.IsRunning()` (kubevirt.io/api core/v1): phase Running. */
export const isVmiRunning = (vmi: VirtualMachineInstance): boolean => vmi.status?.phase === 'Running';

/** The VMI condition KubeVirt's virt-handler keeps: `LiveMigratable` (types.go VirtualMachineInstanceIsMigratable). */
export const LIVE_MIGRATABLE_CONDITION = 'LiveMigratable';

export interface EffectiveEvictionStrategy {
  readonly strategy: string;
  /** Where it came from: the VMI, KubeVirt's cluster-wide default, or neither (no action on eviction). */
  readonly source: 'vmi' | 'kubevirt' | 'unset';
}

/**
 * The VMI's own `spec.evictionStrategy`, else the cluster default `KubeVirt.spec.configuration.evictionStrategy`;
 * with neither KubeVirt takes no action on eviction, which behaves as None (kubevirt/kubevirt
 * pkg/util/migrations/migrations.go VMIEvictionStrategy).
 */
export const effectiveEvictionStrategy = (
  vmi: VirtualMachineInstance,
  kubevirt: KubeVirt | undefined,
): EffectiveEvictionStrategy => {
  const own = vmi.spec?.evictionStrategy;
  if (own) return { strategy: own, source: 'vmi' };
  const cluster = kubevirt?.spec?.configuration?.evictionStrategy;
  if (cluster) return { strategy: cluster, source: 'kubevirt' };
  return { strategy: 'None', source: 'unset' };
};

/** Harvester's rule for hot-plugged volumes (pkg/webhook/resources/upgrade/validator.go isHotpluggableVolume). */
export const isHotpluggable = (volume: Volume): boolean =>
  volume.persistentVolumeClaim?.hotpluggable === true || volume.dataVolume?.hotpluggable === true;
