import type {
  Addon,
  BlockDevice,
  ScheduleVMBackup,
  Setting,
  Upgrade,
  UpgradePlan,
  Version,
  VirtualMachineBackup,
} from './harvester.js';
import type { KubeObject } from './kube-object.js';
import type {
  Cdi,
  KubeVirt,
  VirtualMachine,
  VirtualMachineInstance,
  VirtualMachineInstanceMigration,
} from './kubevirt.js';
import type {
  BackingImage,
  InstanceManager,
  LonghornBackupTarget,
  LonghornEngine,
  LonghornNode,
  LonghornReplica,
  LonghornVolume,
} from './longhorn.js';
import type { Machine } from './machine.js';
import type { Node } from './node.js';
import type { DaemonSet, Deployment, Job, Pod, PodDisruptionBudget } from './pod.js';
import type { IpPool } from './whereabouts.js';
import type { CloudInit, NetworkAttachmentDefinition } from './network.js';
import type { CapiCluster, FleetBundle, FleetCluster, ManagedChart, ProvisioningCluster, SucPlan } from './rancher.js';
import type { HelmChartConfig } from './helm-chart-config.js';

/**
 * Every kind the plugin reads. `versions` lists the versions we understand, newest first; live reads use the
 * one the server prefers among them (discovery), bundle reads accept any of them, since old clusters serve
 * older versions (Harvester v1.0 served Cluster API v1alpha4).
 */
export interface ResourceType {
  readonly group: string;
  readonly plural: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly versions: readonly string[];
  /** List as PartialObjectMetadata: the server never sends the object's data (used for Secrets). */
  readonly metadataOnly?: boolean;
  /** Server-side field selector for live reads; bundle reads apply `matches` instead. */
  readonly fieldSelector?: string;
  /** Server-side label selector (`key=value`, comma-joined) for live reads; bundle reads apply `matches` instead. */
  readonly labelSelector?: string;
  readonly matches?: (object: KubeObject) => boolean;
}

export interface ResourceTypes {
  nodes: Node;
  machines: Machine;
  machinePlanSecrets: KubeObject;
  localKubeconfigSecrets: KubeObject;
  fleetHelmReleaseSecrets: KubeObject;
  rancherHelmReleaseSecrets: KubeObject;
  pods: Pod;
  jobs: Job;
  podDisruptionBudgets: PodDisruptionBudget;
  harvesterSettings: Setting;
  upgrades: Upgrade;
  upgradePlans: UpgradePlan;
  versions: Version;
  addons: Addon;
  vmBackups: VirtualMachineBackup;
  vmBackupSchedules: ScheduleVMBackup;
  blockDevices: BlockDevice;
  capiClusters: CapiCluster;
  provisioningClusters: ProvisioningCluster;
  managedCharts: ManagedChart;
  fleetBundles: FleetBundle;
  fleetClusters: FleetCluster;
  sucPlans: SucPlan;
  kubevirts: KubeVirt;
  virtualMachines: VirtualMachine;
  vmis: VirtualMachineInstance;
  vmims: VirtualMachineInstanceMigration;
  longhornVolumes: LonghornVolume;
  longhornReplicas: LonghornReplica;
  longhornEngines: LonghornEngine;
  longhornNodes: LonghornNode;
  longhornSettings: Setting;
  longhornBackingImages: BackingImage;
  longhornInstanceManagers: InstanceManager;
  longhornBackingImageManagers: KubeObject;
  longhornBackupTargets: LonghornBackupTarget;
  whereaboutsIpPools: IpPool;
  networkAttachmentDefinitions: NetworkAttachmentDefinition;
  cloudInits: CloudInit;
  helmChartConfigs: HelmChartConfig;
  longhornDaemonSets: DaemonSet;
  harvesterDeployments: Deployment;
  cdis: Cdi;
  rancherDeployments: Deployment;
  fleetDeployments: Deployment;
  fleetAgentDeployments: Deployment;
}

export type ResourceKey = keyof ResourceTypes;

/** Secrets are only ever listed as metadata, narrowed on the server by `fieldSelector` and in bundles by `matches`. */
function secretMetadata(
  fieldSelector: string,
  matches: (object: KubeObject) => boolean,
  labelSelector?: string,
): ResourceType {
  return {
    ...core('secrets', 'Secret'),
    metadataOnly: true,
    fieldSelector,
    ...(labelSelector === undefined ? {} : { labelSelector }),
    matches,
  };
}

function core(plural: string, kind: string): ResourceType {
  return { group: '', plural, kind, namespaced: true, versions: ['v1'] };
}

function harvester(plural: string, kind: string, namespaced = true): ResourceType {
  return { group: 'harvesterhci.io', plural, kind, namespaced, versions: ['v1beta1'] };
}

function kubevirt(plural: string, kind: string): ResourceType {
  return { group: 'kubevirt.io', plural, kind, namespaced: true, versions: ['v1'] };
}

/** Longhorn served v1beta1 until 1.3 and v1beta2 since; old support bundles hold v1beta1. */
function longhorn(plural: string, kind: string): ResourceType {
  return { group: 'longhorn.io', plural, kind, namespaced: true, versions: ['v1beta2', 'v1beta1'] };
}

/**
 * Helm v3 keeps each revision of a release in a Secret `sh.helm.release.v1.<release>.v<revision>` of type
 * `helm.sh/release.v1`, in the release's namespace, labelled owner=helm, name, status and version; the release itself
 * is in `data` (helm/helm pkg/storage/driver/secrets.go newSecretsObject, pkg/storage/storage.go makeKey). The
 * labels say all we need, so only metadata is ever listed.
 */
const HELM_RELEASE_SECRET_TYPE = 'helm.sh/release.v1';
const helmReleaseSecrets = (): ResourceType =>
  secretMetadata(
    `type=${HELM_RELEASE_SECRET_TYPE}`,
    // As for plan secrets: a metadata-only object has no type, so a bundle's Secret is taken by its owner label.
    (object) => {
      const type = (object as { type?: unknown }).type;
      return object.metadata?.labels?.owner === 'helm' && (type === HELM_RELEASE_SECRET_TYPE || type === undefined);
    },
    'owner=helm',
  );

const deployments = (): ResourceType => ({
  group: 'apps',
  plural: 'deployments',
  kind: 'Deployment',
  namespaced: true,
  versions: ['v1'],
});

/** Rancher's machine plan secrets (rancher/rancher pkg/capr/common.go), listed as metadata only. */
const MACHINE_PLAN_SECRET_TYPE = 'rke.cattle.io/machine-plan';

export const RESOURCES: Readonly<Record<ResourceKey, ResourceType>> = {
  nodes: { group: '', plural: 'nodes', kind: 'Node', namespaced: false, versions: ['v1'] },
  machines: {
    group: 'cluster.x-k8s.io',
    plural: 'machines',
    kind: 'Machine',
    namespaced: true,
    versions: ['v1beta2', 'v1beta1', 'v1alpha4', 'v1alpha3'],
  },
  machinePlanSecrets: secretMetadata(
    `type=${MACHINE_PLAN_SECRET_TYPE}`,
    // A bundle's Secret (if it holds any) carries its type; metadata-only objects never do, so trust the label.
    (object) => {
      const type = (object as { type?: unknown }).type;
      return type === MACHINE_PLAN_SECRET_TYPE || (type === undefined && labelPresent(object));
    },
  ),
  // Only the one Secret the upgrade-helpers Kubeconfig-Secret check looks at, and only its metadata.
  localKubeconfigSecrets: secretMetadata(
    'metadata.name=local-kubeconfig',
    (object) => object.metadata?.name === 'local-kubeconfig',
  ),
  // Two keys for one kind: each is read in the one namespace its releases live in (HARVESTER_NAMESPACES).
  fleetHelmReleaseSecrets: helmReleaseSecrets(),
  rancherHelmReleaseSecrets: helmReleaseSecrets(),
  pods: core('pods', 'Pod'),
  jobs: { group: 'batch', plural: 'jobs', kind: 'Job', namespaced: true, versions: ['v1'] },
  podDisruptionBudgets: {
    group: 'policy',
    plural: 'poddisruptionbudgets',
    kind: 'PodDisruptionBudget',
    namespaced: true,
    versions: ['v1', 'v1beta1'],
  },
  harvesterSettings: harvester('settings', 'Setting', false),
  upgrades: harvester('upgrades', 'Upgrade'),
  versions: harvester('versions', 'Version'),
  addons: harvester('addons', 'Addon'),
  vmBackups: harvester('virtualmachinebackups', 'VirtualMachineBackup'),
  vmBackupSchedules: harvester('schedulevmbackups', 'ScheduleVMBackup'),
  // node-disk-manager's CRD, in Harvester's API group (harvester/node-disk-manager: pkg/apis/harvesterhci.io).
  blockDevices: harvester('blockdevices', 'BlockDevice'),
  upgradePlans: {
    group: 'management.harvesterhci.io',
    plural: 'upgradeplans',
    kind: 'UpgradePlan',
    namespaced: false,
    versions: ['v1beta1'],
  },
  capiClusters: {
    group: 'cluster.x-k8s.io',
    plural: 'clusters',
    kind: 'Cluster',
    namespaced: true,
    versions: ['v1beta2', 'v1beta1', 'v1alpha4', 'v1alpha3'],
  },
  provisioningClusters: {
    group: 'provisioning.cattle.io',
    plural: 'clusters',
    kind: 'Cluster',
    namespaced: true,
    versions: ['v1'],
  },
  managedCharts: {
    group: 'management.cattle.io',
    plural: 'managedcharts',
    kind: 'ManagedChart',
    namespaced: true,
    versions: ['v3'],
  },
  fleetBundles: {
    group: 'fleet.cattle.io',
    plural: 'bundles',
    kind: 'Bundle',
    namespaced: true,
    versions: ['v1alpha1'],
  },
  // Fleet's view of a downstream cluster; Harvester's own is fleet-local/local (rancher/fleet
  // pkg/apis/fleet.cattle.io/v1alpha1/cluster_types.go).
  fleetClusters: {
    group: 'fleet.cattle.io',
    plural: 'clusters',
    kind: 'Cluster',
    namespaced: true,
    versions: ['v1alpha1'],
  },
  sucPlans: { group: 'upgrade.cattle.io', plural: 'plans', kind: 'Plan', namespaced: true, versions: ['v1'] },
  kubevirts: kubevirt('kubevirts', 'KubeVirt'),
  virtualMachines: kubevirt('virtualmachines', 'VirtualMachine'),
  vmis: kubevirt('virtualmachineinstances', 'VirtualMachineInstance'),
  vmims: kubevirt('virtualmachineinstancemigrations', 'VirtualMachineInstanceMigration'),
  longhornVolumes: longhorn('volumes', 'Volume'),
  longhornReplicas: longhorn('replicas', 'Replica'),
  longhornEngines: longhorn('engines', 'Engine'),
  longhornNodes: longhorn('nodes', 'Node'),
  longhornSettings: longhorn('settings', 'Setting'),
  longhornBackingImages: longhorn('backingimages', 'BackingImage'),
  longhornInstanceManagers: longhorn('instancemanagers', 'InstanceManager'),
  longhornBackingImageManagers: longhorn('backingimagemanagers', 'BackingImageManager'),
  longhornBackupTargets: longhorn('backuptargets', 'BackupTarget'),
  whereaboutsIpPools: {
    group: 'whereabouts.cni.cncf.io',
    plural: 'ippools',
    kind: 'IPPool',
    namespaced: true,
    versions: ['v1alpha1'],
  },
  // Multus's CRD: Harvester's VM networks and storage network (harvester-network-controller).
  networkAttachmentDefinitions: {
    group: 'k8s.cni.cncf.io',
    plural: 'network-attachment-definitions',
    kind: 'NetworkAttachmentDefinition',
    namespaced: true,
    versions: ['v1'],
  },
  // node-manager's host configuration files (harvester/node-manager pkg/apis/node.harvesterhci.io/v1beta1).
  cloudInits: {
    group: 'node.harvesterhci.io',
    plural: 'cloudinits',
    kind: 'CloudInit',
    namespaced: false,
    versions: ['v1beta1'],
  },
  // RKE2's embedded helm-controller (k3s-io/helm-controller): the rke2-multus chart's settings.
  helmChartConfigs: {
    group: 'helm.cattle.io',
    plural: 'helmchartconfigs',
    kind: 'HelmChartConfig',
    namespaced: true,
    versions: ['v1'],
  },
  // The DaemonSets of longhorn-system (longhorn-manager, longhorn-csi-plugin, engine-image-ei-*): Harvester's upgrade
  // waits on longhorn-manager's ready count (package/upgrade/upgrade_manifests.sh wait_longhorn_manager).
  longhornDaemonSets: { group: 'apps', plural: 'daemonsets', kind: 'DaemonSet', namespaced: true, versions: ['v1'] },
  // The Deployments of harvester-system, among them the upgrade repository from v1.7.0 (upgrade-repo-<upgrade>),
  // whose Available condition every upgrade job waits for (package/upgrade/lib.sh wait_repo_deployment).
  harvesterDeployments: {
    group: 'apps',
    plural: 'deployments',
    kind: 'Deployment',
    namespaced: true,
    versions: ['v1'],
  },
  // The CDI install object (cluster-scoped, named `cdi`), whose spec.config sets the importer pods' limits
  // (kubevirt/containerized-data-importer staging/src/kubevirt.io/containerized-data-importer-api/pkg/apis/core/v1beta1/types.go).
  cdis: { group: 'cdi.kubevirt.io', plural: 'cdis', kind: 'CDI', namespaced: false, versions: ['v1beta1'] },
  // Three keys for the Deployments whose rollout the upgrade waits for after Rancher's (package/upgrade/
  // upgrade_manifests.sh upgrade_rancher: wait_rollout, wait_rollout_with_loop), each read in its one namespace.
  rancherDeployments: deployments(),
  fleetDeployments: deployments(),
  fleetAgentDeployments: deployments(),
};

const labelPresent = (object: KubeObject): boolean =>
  object.metadata?.labels?.['rke.cattle.io/machine-name'] !== undefined;

/** `machines.cluster.x-k8s.io`, `nodes`: what kubectl and RBAC call the resource. */
export const resourceName = (type: ResourceType): string => (type.group ? `${type.plural}.${type.group}` : type.plural);

/**
 * Where Harvester keeps each kind it owns (harvester-domain.md §0). Reads of these stay in that namespace; every
 * other kind is read across all namespaces.
 */
export const HARVESTER_NAMESPACES: Readonly<Partial<Record<ResourceKey, string>>> = {
  machines: 'fleet-local',
  machinePlanSecrets: 'fleet-local',
  localKubeconfigSecrets: 'fleet-local',
  // Where Rancher installs its Helm releases: fleet and fleet-crd in cattle-fleet-system, rancher and
  // rancher-webhook in cattle-system (harvester/harvester package/upgrade/upgrade_manifests.sh wait_helm_release).
  fleetHelmReleaseSecrets: 'cattle-fleet-system',
  rancherHelmReleaseSecrets: 'cattle-system',
  fleetClusters: 'fleet-local',
  capiClusters: 'fleet-local',
  provisioningClusters: 'fleet-local',
  managedCharts: 'fleet-local',
  upgrades: 'harvester-system',
  versions: 'harvester-system',
  kubevirts: 'harvester-system',
  longhornVolumes: 'longhorn-system',
  longhornReplicas: 'longhorn-system',
  longhornEngines: 'longhorn-system',
  longhornNodes: 'longhorn-system',
  longhornSettings: 'longhorn-system',
  longhornBackingImages: 'longhorn-system',
  longhornInstanceManagers: 'longhorn-system',
  longhornBackingImageManagers: 'longhorn-system',
  longhornBackupTargets: 'longhorn-system',
  // NDM keeps its block devices beside Longhorn's objects.
  blockDevices: 'longhorn-system',
  whereaboutsIpPools: 'kube-system',
  // RKE2 deploys its charts, and reads their HelmChartConfigs, in kube-system.
  helmChartConfigs: 'kube-system',
  longhornDaemonSets: 'longhorn-system',
  harvesterDeployments: 'harvester-system',
  // rancher and rancher-webhook in cattle-system, fleet-controller in cattle-fleet-system, the local cluster's
  // fleet-agent in cattle-fleet-local-system (the namespaces upgrade_rancher's wait_rollout calls name).
  rancherDeployments: 'cattle-system',
  fleetDeployments: 'cattle-fleet-system',
  fleetAgentDeployments: 'cattle-fleet-local-system',
};
