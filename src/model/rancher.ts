import { withoutTrailingPeriod, type Condition, type KubeObject } from './kube-object.js';

/** Harvester's own cluster, as Rancher and Cluster API know it: namespace `fleet-local`, name `local`. */
export const FLEET_LOCAL = 'fleet-local';
export const LOCAL_CLUSTER = 'local';

/** Two kinds are called Cluster; findings name the group so the reader knows which one. */
export const CAPI_CLUSTER_KIND = 'Cluster.cluster.x-k8s.io';
export const PROVISIONING_CLUSTER_KIND = 'Cluster.provisioning.cattle.io';
export const FLEET_CLUSTER_KIND = 'Cluster.fleet.cattle.io';

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
  /** `spec.values`: the values Fleet gives the chart over its defaults (management.cattle.io/v3 ManagedChartSpec). */
  readonly spec?: { readonly values?: Readonly<Record<string, unknown>> | null };
  readonly status?: { readonly conditions?: readonly Condition[] };
}

/**
 * Fleet `bundles.fleet.cattle.io`. `status.summary` counts BundleDeployments (one per target cluster): `ready` and
 * `desiredReady` are always written, the other counters (`notReady`, `waitApplied`, `errApplied`, `outOfSync`,
 * `modified`, `pending`) and `nonReadyResources` only when non-zero (rancher/fleet
 * pkg/apis/fleet.cattle.io/v1alpha1/bundle_types.go BundleSummary).
 */
export interface FleetBundle extends KubeObject {
  readonly spec?: { readonly helm?: object | null };
  readonly status?: {
    readonly summary?: Readonly<Record<string, unknown>>;
    readonly conditions?: readonly Condition[];
  };
}

/**
 * Fleet `clusters.fleet.cattle.io`: fleet-local/local is Harvester's own cluster as Fleet sees it. Fleet's
 * controller sets the Imported condition once it has registered the cluster's agent and Ready once every bundle
 * deployed to it is ready.
 */
export interface FleetCluster extends KubeObject {
  readonly status?: { readonly conditions?: readonly Condition[] };
}

/**
 * system-upgrade-controller `plans.upgrade.cattle.io`. `applying` lists the nodes the Plan's Jobs are being applied
 * on; `Complete` is False while any are (rancher/system-upgrade-controller pkg/apis/upgrade.cattle.io/v1/types.go
 * PlanStatus).
 */
export interface SucPlan extends KubeObject {
  readonly status?: {
    readonly latestHash?: string;
    readonly latestVersion?: string;
    readonly applying?: readonly string[] | null;
    readonly conditions?: readonly Condition[];
  };
}

/** The fleet-local/local object of a list (the CAPI, provisioning or Fleet cluster), if it was read. */
export const localClusterOf = <T extends KubeObject>(objects: readonly T[]): T | undefined =>
  objects.find((object) => object.metadata?.namespace === FLEET_LOCAL && object.metadata.name === LOCAL_CLUSTER);

/** A counter of a bundle summary; undefined when it is absent or not a number. */
export const bundleCount = (bundle: FleetBundle, key: string): number | undefined => {
  const value = bundle.status?.summary?.[key];
  return typeof value === 'number' ? value : undefined;
};

/** The messages of the conditions that are not True, as `Type: message`, each message said once. */
export const conditionsNotTrue = (conditions: readonly Condition[] | undefined): string[] => {
  const typesByMessage = new Map<string, string[]>();
  for (const condition of conditions ?? []) {
    if (condition.status === 'True' || !condition.message) continue;
    const message = withoutTrailingPeriod(condition.message);
    typesByMessage.set(message, [...(typesByMessage.get(message) ?? []), condition.type ?? 'condition']);
  }
  return [...typesByMessage.entries()].map(([message, types]) => `${types.join(', ')}: ${message}`);
};
