/**
 * Minimal CustomResourceDefinitions of our own for every kind the plugin reads: names, scope, versions and the
 * status subresource where upstream has one. The schema keeps every field (x-kubernetes-preserve-unknown-fields):
 * the tests are about what the plugin does with real API semantics, not about upstream validation.
 * Built-in kinds (v1 nodes and pods, batch/v1 Jobs, policy/v1 budgets, apps/v1 DaemonSets) need none: kube-apiserver
 * serves them, with their own validation, so fixtures of those kinds must be objects the API server accepts.
 */
export interface CrdSpec {
  readonly group: string;
  readonly kind: string;
  readonly plural: string;
  readonly versions: readonly string[];
  readonly namespaced: boolean;
  readonly status: boolean;
}

export const CRDS: readonly CrdSpec[] = [
  {
    group: 'cluster.x-k8s.io',
    kind: 'Machine',
    plural: 'machines',
    versions: ['v1beta1'],
    namespaced: true,
    status: true,
  },
  {
    group: 'cluster.x-k8s.io',
    kind: 'Cluster',
    plural: 'clusters',
    versions: ['v1beta1'],
    namespaced: true,
    status: true,
  },
  {
    group: 'harvesterhci.io',
    kind: 'Upgrade',
    plural: 'upgrades',
    versions: ['v1beta1'],
    namespaced: true,
    status: true,
  },
  {
    group: 'harvesterhci.io',
    kind: 'Version',
    plural: 'versions',
    versions: ['v1beta1'],
    namespaced: true,
    status: false,
  },
  {
    group: 'harvesterhci.io',
    kind: 'Setting',
    plural: 'settings',
    versions: ['v1beta1'],
    namespaced: false,
    status: true,
  },
  { group: 'harvesterhci.io', kind: 'Addon', plural: 'addons', versions: ['v1beta1'], namespaced: true, status: true },
  {
    group: 'harvesterhci.io',
    kind: 'VirtualMachineBackup',
    plural: 'virtualmachinebackups',
    versions: ['v1beta1'],
    namespaced: true,
    status: true,
  },
  {
    group: 'harvesterhci.io',
    kind: 'ScheduleVMBackup',
    plural: 'schedulevmbackups',
    versions: ['v1beta1'],
    namespaced: true,
    status: true,
  },
  {
    group: 'harvesterhci.io',
    kind: 'BlockDevice',
    plural: 'blockdevices',
    versions: ['v1beta1'],
    namespaced: true,
    status: true,
  },
  {
    group: 'management.harvesterhci.io',
    kind: 'UpgradePlan',
    plural: 'upgradeplans',
    versions: ['v1beta1'],
    namespaced: false,
    status: true,
  },
  { group: 'kubevirt.io', kind: 'KubeVirt', plural: 'kubevirts', versions: ['v1'], namespaced: true, status: true },
  { group: 'cdi.kubevirt.io', kind: 'CDI', plural: 'cdis', versions: ['v1beta1'], namespaced: false, status: true },
  {
    group: 'kubevirt.io',
    kind: 'VirtualMachine',
    plural: 'virtualmachines',
    versions: ['v1'],
    namespaced: true,
    status: true,
  },
  {
    group: 'kubevirt.io',
    kind: 'VirtualMachineInstance',
    plural: 'virtualmachineinstances',
    versions: ['v1'],
    namespaced: true,
    status: true,
  },
  {
    group: 'kubevirt.io',
    kind: 'VirtualMachineInstanceMigration',
    plural: 'virtualmachineinstancemigrations',
    versions: ['v1'],
    namespaced: true,
    status: true,
  },
  { group: 'longhorn.io', kind: 'Volume', plural: 'volumes', versions: ['v1beta2'], namespaced: true, status: true },
  { group: 'longhorn.io', kind: 'Engine', plural: 'engines', versions: ['v1beta2'], namespaced: true, status: true },
  { group: 'longhorn.io', kind: 'Replica', plural: 'replicas', versions: ['v1beta2'], namespaced: true, status: true },
  { group: 'longhorn.io', kind: 'Node', plural: 'nodes', versions: ['v1beta2'], namespaced: true, status: true },
  {
    group: 'longhorn.io',
    kind: 'InstanceManager',
    plural: 'instancemanagers',
    versions: ['v1beta2'],
    namespaced: true,
    status: true,
  },
  { group: 'longhorn.io', kind: 'Setting', plural: 'settings', versions: ['v1beta2'], namespaced: true, status: true },
  {
    group: 'longhorn.io',
    kind: 'BackingImage',
    plural: 'backingimages',
    versions: ['v1beta2'],
    namespaced: true,
    status: true,
  },
  {
    group: 'longhorn.io',
    kind: 'BackingImageManager',
    plural: 'backingimagemanagers',
    versions: ['v1beta2'],
    namespaced: true,
    status: true,
  },
  {
    group: 'longhorn.io',
    kind: 'BackupTarget',
    plural: 'backuptargets',
    versions: ['v1beta2'],
    namespaced: true,
    status: true,
  },
  {
    group: 'whereabouts.cni.cncf.io',
    kind: 'IPPool',
    plural: 'ippools',
    versions: ['v1alpha1'],
    namespaced: true,
    status: false,
  },
  {
    group: 'k8s.cni.cncf.io',
    kind: 'NetworkAttachmentDefinition',
    plural: 'network-attachment-definitions',
    versions: ['v1'],
    namespaced: true,
    status: false,
  },
  {
    group: 'node.harvesterhci.io',
    kind: 'CloudInit',
    plural: 'cloudinits',
    versions: ['v1beta1'],
    namespaced: false,
    status: true,
  },
  {
    group: 'management.cattle.io',
    kind: 'ManagedChart',
    plural: 'managedcharts',
    versions: ['v3'],
    namespaced: true,
    status: true,
  },
  {
    group: 'provisioning.cattle.io',
    kind: 'Cluster',
    plural: 'clusters',
    versions: ['v1'],
    namespaced: true,
    status: true,
  },
  {
    group: 'fleet.cattle.io',
    kind: 'Bundle',
    plural: 'bundles',
    versions: ['v1alpha1'],
    namespaced: true,
    status: true,
  },
  {
    group: 'fleet.cattle.io',
    kind: 'Cluster',
    plural: 'clusters',
    versions: ['v1alpha1'],
    namespaced: true,
    status: true,
  },
  { group: 'upgrade.cattle.io', kind: 'Plan', plural: 'plans', versions: ['v1'], namespaced: true, status: true },
  // k3s-io/helm-controller: HelmChartConfig has a spec only.
  {
    group: 'helm.cattle.io',
    kind: 'HelmChartConfig',
    plural: 'helmchartconfigs',
    versions: ['v1'],
    namespaced: true,
    status: false,
  },
];

export const crdManifest = (spec: CrdSpec): unknown => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${spec.plural}.${spec.group}` },
  spec: {
    group: spec.group,
    scope: spec.namespaced ? 'Namespaced' : 'Cluster',
    names: { kind: spec.kind, plural: spec.plural, singular: spec.kind.toLowerCase(), listKind: `${spec.kind}List` },
    versions: spec.versions.map((name, index) => ({
      name,
      served: true,
      storage: index === 0,
      schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      ...(spec.status ? { subresources: { status: {} } } : {}),
    })),
  },
});
