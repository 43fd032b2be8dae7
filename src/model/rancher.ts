import type { Condition, KubeObject } from './kube-object.js';

/** Cluster API `clusters.cluster.x-k8s.io` fleet-local/local. */
export interface CapiCluster extends KubeObject {
  readonly spec?: { readonly paused?: boolean };
  readonly status?: { readonly phase?: string; readonly conditions?: readonly Condition[] };
}

/** Rancher `clusters.provisioning.cattle.io` fleet-local/local. */
export interface ProvisioningCluster extends KubeObject {
  readonly spec?: { readonly kubernetesVersion?: string };
  readonly status?: { readonly ready?: boolean; readonly conditions?: readonly Condition[] };
}

export interface ManagedChart extends KubeObject {
  readonly status?: { readonly conditions?: readonly Condition[] };
}

/** Fleet `bundles.fleet.cattle.io`. */
export interface FleetBundle extends KubeObject {
  readonly spec?: { readonly helm?: object | null };
  readonly status?: {
    readonly summary?: Readonly<Record<string, unknown>>;
    readonly conditions?: readonly Condition[];
  };
}

/** system-upgrade-controller `plans.upgrade.cattle.io`. */
export interface SucPlan extends KubeObject {
  readonly status?: { readonly latestHash?: string; readonly latestVersion?: string };
}
