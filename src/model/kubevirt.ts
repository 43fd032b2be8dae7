import type { Condition, KubeObject } from './kube-object.js';
import type { Affinity } from './pod.js';

/** kubevirt.io/v1 KubeVirt harvester-system/kubevirt */
export interface KubeVirt extends KubeObject {
  readonly spec?: {
    readonly infra?: { readonly nodePlacement?: object | null } | null;
    readonly configuration?: { readonly evictionStrategy?: string };
  };
  readonly status?: {
    readonly observedKubeVirtVersion?: string;
    readonly targetKubeVirtVersion?: string;
    readonly operatorVersion?: string;
    readonly phase?: string;
  };
}

interface DomainDevices {
  readonly disks?: readonly { readonly name?: string; readonly cdrom?: object }[];
  readonly hostDevices?: readonly { readonly name?: string; readonly deviceName?: string }[];
  readonly gpus?: readonly { readonly name?: string }[];
}

export interface VirtualMachine extends KubeObject {
  readonly spec?: {
    readonly running?: boolean;
    readonly runStrategy?: string;
    readonly template?: {
      readonly spec?: {
        readonly evictionStrategy?: string;
        readonly domain?: { readonly devices?: DomainDevices };
        readonly volumes?: readonly { readonly name?: string }[];
      };
    };
  };
  readonly status?: {
    readonly printableStatus?: string;
    readonly volumeRequests?: readonly unknown[];
  };
}

export interface VirtualMachineInstance extends KubeObject {
  readonly spec?: {
    readonly nodeSelector?: Readonly<Record<string, string>> | null;
    readonly affinity?: Affinity;
    readonly evictionStrategy?: string;
    readonly domain?: { readonly devices?: DomainDevices };
    readonly volumes?: readonly {
      readonly name?: string;
      readonly persistentVolumeClaim?: { readonly claimName?: string; readonly hotpluggable?: boolean };
      readonly dataVolume?: { readonly name?: string; readonly hotpluggable?: boolean };
    }[];
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
