import type { DrainContext } from '../src/drain/drain-types.js';
import { HARVESTER_DRAIN_OPTIONS, type DrainOptions } from '../src/model/drain.js';
import type { KubeObject } from '../src/model/kube-object.js';
import type { VirtualMachineInstance, VirtualMachineInstanceMigration } from '../src/model/kubevirt.js';
import type { LonghornEngine } from '../src/model/longhorn.js';
import type { Pod, PodDisruptionBudget } from '../src/model/pod.js';
import type { ClusterSnapshot } from '../src/model/snapshot.js';
import { aPdb, aPod, type PdbOptions, type PodOptions } from './builders.js';
import { imName } from './longhorn-builders.js';

/** Pods, budgets and Longhorn/KubeVirt objects as the drain filters see them (src/drain). */

/** The context a filter gets for draining `node` of `snapshot` (Harvester's drain options unless told). */
export const drainOf = (
  snapshot: ClusterSnapshot,
  node = 'node-1',
  options: DrainOptions = HARVESTER_DRAIN_OPTIONS,
): DrainContext => {
  const found = (snapshot.items.nodes ?? []).find((item) => item.metadata?.name === node);
  return { snapshot, node: found ?? { apiVersion: 'v1', kind: 'Node', metadata: { name: node } }, options };
};

/** A Running, Ready pod of ReplicaSet `<name>-rs` on node-1: nothing in it holds the drain. */
export const aReplicaPod = (name: string, options: PodOptions = {}): Pod =>
  aPod(name, { owner: { kind: 'ReplicaSet', name: `${name}-rs` }, ...options });

export const aDaemonSetPod = (name: string, daemonSet: string, options: PodOptions = {}): Pod =>
  aPod(name, { ...options, owner: { kind: 'DaemonSet', name: daemonSet } });

/** The object with these annotations added. */
export const annotated = <T extends KubeObject>(object: T, annotations: Record<string, string>): T => ({
  ...object,
  metadata: { ...object.metadata, annotations: { ...object.metadata?.annotations, ...annotations } },
});

/** The API copy of a static pod, as the kubelet writes it (owned by the Node). */
export const aMirrorPod = (name: string, options: PodOptions = {}): Pod =>
  annotated(
    aPod(name, {
      namespace: 'kube-system',
      owner: { kind: 'Node', name: options.node ?? 'node-1', apiVersion: 'v1' },
      ...options,
    }),
    {
      'kubernetes.io/config.mirror': `hash-${name}`,
      'kubernetes.io/config.source': 'file',
    },
  );

/** The pod with `metadata.deletionTimestamp` at `at` (the time it should be gone by). */
export const deletedAt = (pod: Pod, at: string): Pod => ({
  ...pod,
  metadata: { ...pod.metadata, deletionTimestamp: at },
});

/** The pod with emptyDir volumes of these names. */
export const withEmptyDirs = (pod: Pod, ...names: string[]): Pod => ({
  ...pod,
  spec: { ...pod.spec, volumes: [...(pod.spec?.volumes ?? []), ...names.map((name) => ({ name, emptyDir: {} }))] },
});

export const withPolicy = (pdb: PodDisruptionBudget, unhealthyPodEvictionPolicy: string): PodDisruptionBudget => ({
  ...pdb,
  spec: { ...pdb.spec, unhealthyPodEvictionPolicy },
});

/** A budget over pods labelled `app: <app>` that allows no disruption: 2 desired, 1 healthy. */
export const aTightPdb = (name: string, app: string, options: PdbOptions = {}): PodDisruptionBudget =>
  aPdb(name, {
    matchLabels: { app },
    minAvailable: 2,
    disruptionsAllowed: 0,
    currentHealthy: 1,
    desiredHealthy: 2,
    expectedPods: 2,
    ...options,
  });

/** virt-launcher pod of `vmi`, labelled, annotated and owned as virt-controller creates it. */
export const aLauncherPod = (vmi: VirtualMachineInstance, options: PodOptions & { owned?: boolean } = {}): Pod => {
  const name = vmi.metadata?.name ?? 'vmi';
  const owned = options.owned ?? true;
  const pod = aPod(`virt-launcher-${name}-abcde`, {
    namespace: vmi.metadata?.namespace ?? 'default',
    node: vmi.status?.nodeName ?? 'node-1',
    ...options,
    labels: { 'kubevirt.io': 'virt-launcher', 'kubevirt.io/created-by': vmi.metadata?.uid ?? '', ...options.labels },
    ...(owned ? { owner: { kind: 'VirtualMachineInstance', name, apiVersion: 'kubevirt.io/v1' } } : {}),
  });
  return annotated(pod, { 'kubevirt.io/domain': name });
};

/** The VMI owned by VirtualMachine `vm` (Harvester: same name). */
export const ownedByVm = (vmi: VirtualMachineInstance, vm: string): VirtualMachineInstance => ({
  ...vmi,
  metadata: {
    ...vmi.metadata,
    ownerReferences: [
      { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', name: vm, uid: `vm-uid-${vm}`, controller: true },
    ],
  },
});

export const aVmim = (
  name: string,
  vmi: string,
  phase: string,
  options: { namespace?: string; created?: string; labelOnly?: boolean } = {},
): VirtualMachineInstanceMigration => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachineInstanceMigration',
  metadata: {
    name,
    namespace: options.namespace ?? 'default',
    creationTimestamp: options.created ?? '2026-11-21T23:30:00Z',
    labels: { 'kubevirt.io/vmi-name': vmi },
  },
  spec: options.labelOnly ? {} : { vmiName: vmi },
  status: { phase },
});

/** virt-controller's `kubevirt-disruption-budget-*` for `vmi`: minAvailable 1 over its one launcher pod. */
export const aVmiPdb = (vmi: VirtualMachineInstance, suffix = 'x7k2p'): PodDisruptionBudget =>
  aPdb(`kubevirt-disruption-budget-${suffix}`, {
    namespace: vmi.metadata?.namespace ?? 'default',
    matchLabels: { 'kubevirt.io/created-by': vmi.metadata?.uid ?? '' },
    owner: { kind: 'VirtualMachineInstance', name: vmi.metadata?.name ?? '' },
    disruptionsAllowed: 0,
    currentHealthy: 1,
    desiredHealthy: 1,
    expectedPods: 1,
  });

/** A virt-api or virt-controller replica in harvester-system. */
export const anInfraPod = (component: 'virt-api' | 'virt-controller', suffix: string, options: PodOptions = {}): Pod =>
  aPod(`${component}-${suffix}`, {
    namespace: 'harvester-system',
    owner: { kind: 'ReplicaSet', name: `${component}-6d8f7b` },
    ...options,
    labels: { 'kubevirt.io': component, ...options.labels },
  });

/**
 * virt-operator's `<component>-pdb` (minAvailable 1), labelled as virt-operator labels it from KubeVirt v0.49.0
 * (injectOperatorMetadata: `app.kubernetes.io/managed-by: virt-operator`).
 */
export const anInfraPdb = (component: 'virt-api' | 'virt-controller', options: PdbOptions = {}): PodDisruptionBudget =>
  aPdb(`${component}-pdb`, {
    namespace: 'harvester-system',
    matchLabels: { 'kubevirt.io': component },
    labels: {
      'app.kubernetes.io/component': 'kubevirt',
      'app.kubernetes.io/managed-by': 'virt-operator',
      'kubevirt.io': `${component}-pdb`,
    },
    ...options,
  });

const imLabels = (node: string): Record<string, string> => ({
  'longhorn.io/component': 'instance-manager',
  'longhorn.io/instance-manager-type': 'aio',
  'longhorn.io/node': node,
  'longhorn.io/instance-manager-image': 'imi-4a8c9c1e',
  'longhorn.io/managed-by': 'longhorn-manager',
});

/** The all-in-one instance manager pod of `node` (named like its InstanceManager). */
export const anImPod = (node: string, options: PodOptions = {}): Pod =>
  aPod(imName(node), {
    namespace: 'longhorn-system',
    node,
    owner: { kind: 'InstanceManager', name: imName(node), apiVersion: 'longhorn.io/v1beta2' },
    ...options,
    labels: { ...imLabels(node), ...options.labels },
  });

/** longhorn-manager's budget for the instance manager of `node` (or of `selects` when misconfigured). */
export const anImPdb = (
  node: string,
  options: { selects?: string; disruptionsAllowed?: number } = {},
): PodDisruptionBudget =>
  aPdb(imName(node), {
    namespace: 'longhorn-system',
    matchLabels: imLabels(options.selects ?? node),
    minAvailable: 1,
    disruptionsAllowed: options.disruptionsAllowed ?? 0,
    currentHealthy: 1,
    desiredHealthy: 1,
    expectedPods: 1,
  });

/** The engine of `volume`: running on `node`, or stopped with no node (detached, or an orphan). */
export const anEngine = (
  volume: string,
  node: string | null,
  state = node ? 'running' : 'stopped',
): LonghornEngine => ({
  apiVersion: 'longhorn.io/v1beta2',
  kind: 'Engine',
  metadata: { name: `${volume}-e-0`, namespace: 'longhorn-system', labels: { longhornvolume: volume } },
  spec: { nodeID: node ?? '', volumeName: volume },
  status: { currentState: state },
});
