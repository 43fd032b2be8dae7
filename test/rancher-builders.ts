import type { Addon, UpgradePlan } from '../src/model/harvester.js';
import type { Condition, KubeObject } from '../src/model/kube-object.js';
import type {
  CapiCluster,
  FleetBundle,
  FleetCluster,
  ManagedChart,
  ProvisioningCluster,
} from '../src/model/rancher.js';

/** Builders for the cluster-level objects precheck reads: healthy unless told otherwise. */

export interface CapiClusterOptions {
  readonly namespace?: string;
  readonly name?: string;
  /** `null` writes no phase at all. */
  readonly phase?: string | null;
  readonly paused?: boolean;
  readonly conditions?: readonly Condition[];
}

/** Cluster API `clusters.cluster.x-k8s.io` fleet-local/local, Provisioned. */
export const aCapiCluster = (options: CapiClusterOptions = {}): CapiCluster => ({
  apiVersion: 'cluster.x-k8s.io/v1beta1',
  kind: 'Cluster',
  metadata: { name: options.name ?? 'local', namespace: options.namespace ?? 'fleet-local', uid: 'uid-capi-local' },
  spec: options.paused === undefined ? {} : { paused: options.paused },
  status: {
    ...(options.phase === null ? {} : { phase: options.phase ?? 'Provisioned' }),
    ...(options.conditions ? { conditions: options.conditions } : {}),
  },
});

export interface ProvisioningClusterOptions {
  readonly namespace?: string;
  readonly name?: string;
  /** Replaces the default conditions (Ready, Updated, Provisioned all True). */
  readonly conditions?: readonly Condition[];
}

/** Rancher `clusters.provisioning.cattle.io` fleet-local/local, Ready. */
export const aProvisioningCluster = (options: ProvisioningClusterOptions = {}): ProvisioningCluster => ({
  apiVersion: 'provisioning.cattle.io/v1',
  kind: 'Cluster',
  metadata: { name: options.name ?? 'local', namespace: options.namespace ?? 'fleet-local', uid: 'uid-prov-local' },
  spec: { kubernetesVersion: 'v1.31.4+rke2r1' },
  status: {
    ready: (options.conditions ?? []).every((c) => c.type !== 'Ready' || c.status === 'True'),
    conditions: options.conditions ?? [
      { type: 'Ready', status: 'True' },
      { type: 'Updated', status: 'True' },
      { type: 'Provisioned', status: 'True' },
    ],
  },
});

/** A ManagedChart in fleet-local with Ready True unless `conditions` replaces it (`[]` = no conditions). */
export const aManagedChart = (
  name: string,
  conditions: readonly Condition[] = [{ type: 'Ready', status: 'True' }],
  namespace = 'fleet-local',
): ManagedChart => ({
  apiVersion: 'management.cattle.io/v3',
  kind: 'ManagedChart',
  metadata: { name, namespace, uid: `uid-${name}` },
  status: { conditions },
});

export interface BundleOptions {
  readonly namespace?: string;
  /** Default true: a Helm bundle (`spec.helm` set). */
  readonly helm?: boolean;
  readonly ready?: number;
  readonly desiredReady?: number;
  /** Extra summary fields (`notReady`, `nonReadyResources`, …), or `null` for a bundle with no status at all. */
  readonly summary?: Record<string, unknown> | null;
}

/** A Fleet Bundle whose one BundleDeployment is ready (summary `{desiredReady: 1, ready: 1}`). */
export const aBundle = (name: string, options: BundleOptions = {}): FleetBundle => ({
  apiVersion: 'fleet.cattle.io/v1alpha1',
  kind: 'Bundle',
  metadata: { name, namespace: options.namespace ?? 'fleet-local', uid: `uid-${name}` },
  spec: options.helm === false ? {} : { helm: { chart: name, releaseName: name } },
  ...(options.summary === null
    ? {}
    : {
        status: {
          summary: { desiredReady: options.desiredReady ?? 1, ready: options.ready ?? 1, ...options.summary },
        },
      }),
});

/** A Harvester Addon; `status` defaults to the settled one for `enabled`. */
export const anAddon = (
  name: string,
  enabled: boolean,
  status: string = enabled ? 'AddonDeploySuccessful' : '',
  namespace = 'harvester-system',
): Addon => ({
  apiVersion: 'harvesterhci.io/v1beta1',
  kind: 'Addon',
  metadata: { name, namespace, uid: `uid-${name}` },
  spec: { enabled },
  status: { status },
});

/** A Secret as the metadata-only list returns it (no type, no data). */
export const aSecretMeta = (name: string, namespace: string, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, namespace, uid: `uid-${name}`, labels },
});

/** fleet-local/local-kubeconfig labelled for Cluster API, as Rancher writes it. */
export const aLocalKubeconfigSecret = (labels: Record<string, string> = { 'cluster.x-k8s.io/cluster-name': 'local' }) =>
  aSecretMeta('local-kubeconfig', 'fleet-local', labels);

/**
 * An Upgrade V2 plan (cluster-scoped); `phase` null writes no status, `nodes` the per-node states
 * (`status.nodeUpgradeStatuses`).
 */
export const anUpgradePlan = (
  name: string,
  phase: string | null,
  nodes?: Record<string, { state: string; reason?: string; message?: string }>,
  created = '2026-11-21T09:00:00Z',
): UpgradePlan => ({
  apiVersion: 'management.harvesterhci.io/v1beta1',
  kind: 'UpgradePlan',
  metadata: { name, uid: `uid-${name}`, creationTimestamp: created },
  ...(phase === null ? {} : { status: { currentPhase: phase, ...(nodes ? { nodeUpgradeStatuses: nodes } : {}) } }),
});

/** The node-manager NTP annotation value. */
export const ntpAnnotation = (
  ntpSyncStatus: string,
  currentNtpServers = '0.suse.pool.ntp.org',
): Record<string, string> => ({
  'node.harvesterhci.io/ntp-service': JSON.stringify({ ntpSyncStatus, currentNtpServers }),
});

/**
 * The metadata of one revision's Secret of a Helm v3 release, as Helm writes it (helm/helm
 * pkg/storage/driver/secrets.go): `sh.helm.release.v1.<release>.v<revision>`, labels owner, name, status, version.
 */
export const aHelmReleaseSecret = (
  release: string,
  namespace: string,
  revision: number,
  status: string,
  modifiedAt?: number,
): KubeObject =>
  aSecretMeta(`sh.helm.release.v1.${release}.v${String(revision)}`, namespace, {
    name: release,
    owner: 'helm',
    status,
    version: String(revision),
    ...(modifiedAt === undefined ? {} : { modifiedAt: String(modifiedAt) }),
  });

/** Fleet's `clusters.fleet.cattle.io` fleet-local/local with these conditions (default: Imported and Ready True). */
export const aFleetCluster = (
  conditions: readonly Condition[] = [
    { type: 'Imported', status: 'True' },
    { type: 'Ready', status: 'True' },
  ],
  name = 'local',
): FleetCluster => ({
  apiVersion: 'fleet.cattle.io/v1alpha1',
  kind: 'Cluster',
  metadata: { name, namespace: 'fleet-local', uid: `uid-fleet-${name}` },
  status: { conditions },
});
