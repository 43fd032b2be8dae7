import type { KubeObject } from './kube-object.js';

/** whereabouts.cni.cncf.io/v1alpha1 IPPool: Harvester's storage and RWX networks allocate pod IPs from these. */
export interface IpPool extends KubeObject {
  readonly spec?: {
    readonly range?: string;
    /** Keyed by the offset of the address from the start of the range. */
    readonly allocations?: Readonly<Record<string, { readonly id?: string; readonly podref?: string }>>;
  };
}
