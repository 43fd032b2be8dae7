import type { Setting, Upgrade } from '../src/model/harvester.js';
import type { Condition, KubeObject } from '../src/model/kube-object.js';
import type { Job, Pod, PodDisruptionBudget } from '../src/model/pod.js';
import type { Machine } from '../src/model/machine.js';
import type { Node, Taint } from '../src/model/node.js';
import type { ProbeKey, ProbeTypes } from '../src/model/probes.js';
import type { ResourceKey, ResourceTypes } from '../src/model/resources.js';
import type { ClusterSnapshot, InputKey, InputState } from '../src/model/snapshot.js';

/** Minimal valid objects for unit tests: a healthy Harvester node/machine pair unless told otherwise. */

export interface NodeOptions {
  readonly ready?: 'True' | 'False' | 'Unknown';
  readonly unschedulable?: boolean;
  readonly providerID?: string | null;
  readonly machine?: string | null;
  readonly machineUid?: string | null;
  readonly managed?: boolean;
  readonly roles?: readonly ('control-plane' | 'etcd' | 'master' | 'witness' | 'worker')[];
  readonly kubeletVersion?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

export const aNode = (name: string, options: NodeOptions = {}): Node => {
  const labels: Record<string, string> = { 'kubernetes.io/hostname': name, ...options.labels };
  if (options.managed ?? true) labels['harvesterhci.io/managed'] = 'true';
  if (options.machineUid !== null) labels['rke.cattle.io/machine'] = options.machineUid ?? `uid-${name}`;
  for (const role of options.roles ?? ['control-plane', 'etcd']) {
    if (role === 'witness') labels['node-role.harvesterhci.io/witness'] = 'true';
    else if (role !== 'worker') labels[`node-role.kubernetes.io/${role}`] = 'true';
  }
  const annotations: Record<string, string> = { ...options.annotations };
  if (options.machine !== null) annotations['cluster.x-k8s.io/machine'] = options.machine ?? `machine-${name}`;
  const providerID = options.providerID === null ? undefined : (options.providerID ?? `rke2://${name}`);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `node-uid-${name}`, labels, annotations },
    spec: { ...(providerID ? { providerID } : {}), ...(options.unschedulable ? { unschedulable: true } : {}) },
    status: {
      conditions: [{ type: 'Ready', status: options.ready ?? 'True', reason: 'KubeletReady' }],
      nodeInfo: { kubeletVersion: options.kubeletVersion ?? 'v1.31.4+rke2r1', osImage: 'Harvester v1.4.2' },
    },
  };
};

/** The node with these taints (aNode writes none). */
export const withTaints = (node: Node, taints: readonly Taint[]): Node => ({ ...node, spec: { ...node.spec, taints } });

/** The node with this allocatable capacity (kubectl quantities). */
export const withAllocatable = (node: Node, allocatable: Record<string, string>): Node => ({
  ...node,
  status: { ...node.status, allocatable },
});

export interface MachineOptions {
  readonly namespace?: string;
  readonly phase?: string;
  readonly node?: string | null;
  readonly providerID?: string | null;
  readonly uid?: string;
  readonly deleting?: boolean;
  readonly conditions?: Machine['status'] extends infer S ? (S extends { conditions?: infer C } ? C : never) : never;
  readonly failureMessage?: string;
  readonly apiVersion?: string;
}

/** A Rancher custom machine for `node` (default: the node named after the machine's suffix). */
export const aMachine = (name: string, node: string | null, options: MachineOptions = {}): Machine => {
  const providerID =
    options.providerID === null ? undefined : (options.providerID ?? (node ? `rke2://${node}` : undefined));
  return {
    apiVersion: options.apiVersion ?? 'cluster.x-k8s.io/v1beta1',
    kind: 'Machine',
    metadata: {
      name,
      namespace: options.namespace ?? 'fleet-local',
      uid: options.uid ?? (node ? `uid-${node}` : `uid-${name}`),
      labels: { 'cluster.x-k8s.io/cluster-name': 'local', 'rke.cattle.io/control-plane-role': 'true' },
      ...(options.deleting ? { deletionTimestamp: '2026-11-20T10:00:00Z' } : {}),
    },
    spec: { clusterName: 'local', ...(providerID ? { providerID } : {}) },
    status: {
      phase: options.phase ?? 'Running',
      ...(node && options.node !== null ? { nodeRef: { name: options.node ?? node } } : {}),
      ...(options.conditions ? { conditions: options.conditions } : {}),
      ...(options.failureMessage ? { failureMessage: options.failureMessage } : {}),
    },
  };
};

export interface PlanSecretOptions {
  readonly namespace?: string;
  /** The name is `<machine>-<suffix>`; default machine-plan. */
  readonly suffix?: string;
  /** The plan handshake Rancher's planner and Harvester write on the Secret (test/stage-builders handshakeAnnotations). */
  readonly annotations?: Record<string, string>;
}

/** The Rancher plan secret of a machine, as the metadata-only list returns it. */
export const aPlanSecret = (machine: string, options: PlanSecretOptions = {}): KubeObject => {
  const name = `${machine}-${options.suffix ?? 'machine-plan'}`;
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name,
      namespace: options.namespace ?? 'fleet-local',
      uid: `uid-${name}`,
      labels: { 'rke.cattle.io/machine-name': machine },
      ...(options.annotations ? { annotations: options.annotations } : {}),
    },
  };
};

/** A healthy pair: node `name`, machine `machine-<name>` pointing at it. */
export const aPair = (name: string): { node: Node; machine: Machine; secret: KubeObject } => ({
  node: aNode(name),
  machine: aMachine(`machine-${name}`, name),
  secret: aPlanSecret(`machine-${name}`),
});

type SnapshotItems = { readonly [K in ResourceKey]?: readonly ResourceTypes[K][] };

/** A snapshot in which every kind given is `ok` (read, possibly empty) and the rest were not read. */
export const snapshotOf = (
  items: SnapshotItems,
  inputs: Partial<Record<InputKey, InputState>> = {},
): ClusterSnapshot => {
  const ok: Partial<Record<InputKey, InputState>> = {};
  for (const key of Object.keys(items) as ResourceKey[]) ok[key] = { status: 'ok' };
  return {
    source: { mode: 'bundle', path: 'test' },
    readAt: '2026-11-22T00:00:00Z',
    items,
    inputs: { ...ok, ...inputs },
  };
};

/** Two healthy node/machine pairs (`node-1`, `node-2`) plus the given extra nodes and machines. */
export const healthyPairsWith = (nodes: readonly Node[], machines: readonly Machine[] = []): ClusterSnapshot => {
  const pairs = [aPair('node-1'), aPair('node-2')];
  return snapshotOf({
    nodes: [...pairs.map((pair) => pair.node), ...nodes],
    machines: [...pairs.map((pair) => pair.machine), ...machines],
  });
};

/** A healthy cluster of `count` node/machine pairs with their plan secrets. */
export const healthyCluster = (count: number): ClusterSnapshot => {
  const pairs = Array.from({ length: count }, (_, index) => aPair(`node-${String(index + 1)}`));
  return snapshotOf({
    nodes: pairs.map((pair) => pair.node),
    machines: pairs.map((pair) => pair.machine),
    machinePlanSecrets: pairs.map((pair) => pair.secret),
  });
};

export interface ContainerOptions {
  readonly name: string;
  readonly ready?: boolean;
  readonly restartCount?: number;
  readonly waiting?: string;
  readonly terminated?: { readonly reason: string; readonly exitCode: number };
}

export interface PodOptions {
  readonly namespace?: string;
  readonly node?: string;
  readonly phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
  readonly containers?: readonly ContainerOptions[];
  readonly labels?: Record<string, string>;
  readonly owner?: { readonly kind: string; readonly name: string; readonly apiVersion?: string };
  readonly conditions?: readonly Condition[];
  readonly reason?: string;
}

/**
 * A pod with kubelet-shaped status (kubernetes/kubernetes pkg/kubelet/status/generate.go): Running pods get Ready
 * True only when every container is ready, with ContainersNotReady otherwise; Succeeded/Failed pods get Ready
 * False with PodCompleted/PodFailed; Pending pods get PodScheduled False and no Ready condition, unless
 * `conditions` replaces them.
 */
export const aPod = (name: string, options: PodOptions = {}): Pod => {
  const phase = options.phase ?? 'Running';
  const containers = options.containers ?? [{ name: 'main', ready: phase === 'Running' }];
  const unready = containers.filter((container) => !(container.ready ?? phase === 'Running'));
  const generated: Condition[] =
    phase === 'Pending'
      ? [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: '0/3 nodes are available.' }]
      : phase === 'Succeeded'
        ? [{ type: 'Ready', status: 'False', reason: 'PodCompleted' }]
        : phase === 'Failed'
          ? [{ type: 'Ready', status: 'False', reason: 'PodFailed' }]
          : unready.length > 0
            ? [
                {
                  type: 'Ready',
                  status: 'False',
                  reason: 'ContainersNotReady',
                  message: `containers with unready status: [${unready.map((c) => c.name).join(' ')}]`,
                },
              ]
            : [{ type: 'Ready', status: 'True' }];
  const owner = options.owner;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: options.namespace ?? 'default',
      uid: `pod-uid-${name}`,
      labels: { ...options.labels },
      ...(owner
        ? {
            ownerReferences: [
              {
                apiVersion: owner.apiVersion ?? (owner.kind === 'Job' ? 'batch/v1' : 'apps/v1'),
                kind: owner.kind,
                name: owner.name,
                uid: `uid-${owner.name}`,
                controller: true,
              },
            ],
          }
        : {}),
    },
    spec: {
      ...(phase === 'Pending' && options.node === undefined ? {} : { nodeName: options.node ?? 'node-1' }),
      containers: containers.map((container) => ({ name: container.name })),
    },
    status: {
      phase,
      ...(options.reason ? { reason: options.reason } : {}),
      conditions: options.conditions ?? generated,
      ...(phase === 'Pending' && options.containers === undefined
        ? {}
        : {
            containerStatuses: containers.map((container) => ({
              name: container.name,
              ready: container.ready ?? phase === 'Running',
              restartCount: container.restartCount ?? 0,
              state: container.waiting
                ? { waiting: { reason: container.waiting } }
                : container.terminated
                  ? { terminated: container.terminated }
                  : { running: { startedAt: '2026-11-20T10:00:00Z' } },
            })),
          }),
    },
  };
};

export interface JobOptions {
  readonly namespace?: string;
  readonly succeeded?: number;
  readonly failed?: number;
  readonly active?: number;
  readonly condition?: 'Complete' | 'Failed';
  readonly labels?: Record<string, string>;
}

export const aJob = (name: string, options: JobOptions = {}): Job => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name, namespace: options.namespace ?? 'default', uid: `uid-${name}`, labels: { ...options.labels } },
  spec: { backoffLimit: 2 },
  status: {
    ...(options.active ? { active: options.active } : {}),
    ...(options.succeeded ? { succeeded: options.succeeded } : {}),
    ...(options.failed ? { failed: options.failed } : {}),
    ...(options.condition ? { conditions: [{ type: options.condition, status: 'True' }] } : {}),
  },
});

export interface PdbOptions {
  readonly namespace?: string;
  readonly matchLabels?: Record<string, string>;
  readonly minAvailable?: number | string;
  readonly maxUnavailable?: number | string;
  readonly disruptionsAllowed?: number;
  readonly currentHealthy?: number;
  readonly desiredHealthy?: number;
  readonly expectedPods?: number;
  readonly labels?: Record<string, string>;
  readonly owner?: { readonly kind: string; readonly name: string };
}

export const aPdb = (name: string, options: PdbOptions = {}): PodDisruptionBudget => ({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: {
    name,
    namespace: options.namespace ?? 'default',
    uid: `uid-${name}`,
    labels: { ...options.labels },
    ...(options.owner
      ? {
          ownerReferences: [
            { ...options.owner, apiVersion: 'kubevirt.io/v1', uid: `uid-${options.owner.name}`, controller: true },
          ],
        }
      : {}),
  },
  spec: {
    ...(options.maxUnavailable === undefined ? { minAvailable: options.minAvailable ?? 1 } : {}),
    ...(options.maxUnavailable === undefined ? {} : { maxUnavailable: options.maxUnavailable }),
    selector: { matchLabels: options.matchLabels ?? { app: name } },
  },
  status: {
    disruptionsAllowed: options.disruptionsAllowed ?? 1,
    currentHealthy: options.currentHealthy ?? 2,
    desiredHealthy: options.desiredHealthy ?? 1,
    expectedPods: options.expectedPods ?? 2,
  },
});

/** A `settings.harvesterhci.io` (cluster-scoped) or, with a namespace, a `settings.longhorn.io`. */
export const aSetting = (name: string, value: string, namespace?: string): Setting => ({
  apiVersion: namespace ? 'longhorn.io/v1beta2' : 'harvesterhci.io/v1beta1',
  kind: 'Setting',
  metadata: namespace ? { name, namespace } : { name },
  value,
});

export interface UpgradeOptions {
  readonly state?: string;
  readonly cleanup?: string;
  readonly latest?: boolean;
  readonly conditions?: readonly Condition[];
  readonly nodeStatuses?: Record<string, { state: string; reason?: string; message?: string }>;
  readonly annotations?: Record<string, string>;
  readonly version?: string;
}

export const anUpgrade = (name: string, options: UpgradeOptions = {}): Upgrade => {
  const labels: Record<string, string> = {};
  if (options.state !== undefined) labels['harvesterhci.io/upgradeState'] = options.state;
  if (options.cleanup !== undefined) labels['harvesterhci.io/upgradeCleanup'] = options.cleanup;
  if (options.latest ?? true) labels['harvesterhci.io/latestUpgrade'] = 'true';
  return {
    apiVersion: 'harvesterhci.io/v1beta1',
    kind: 'Upgrade',
    metadata: { name, namespace: 'harvester-system', labels, annotations: { ...options.annotations } },
    spec: { version: options.version ?? 'v1.4.2' },
    status: {
      ...(options.conditions ? { conditions: options.conditions } : {}),
      ...(options.nodeStatuses ? { nodeStatuses: options.nodeStatuses } : {}),
    },
  };
};

/** The snapshot with one probe read (kubelet stats, serving certificate). */
export const withProbe = <K extends ProbeKey>(
  snapshot: ClusterSnapshot,
  key: K,
  value: ProbeTypes[K],
  state: InputState = { status: 'ok' },
): ClusterSnapshot => ({
  ...snapshot,
  probes: { ...snapshot.probes, [key]: value },
  inputs: { ...snapshot.inputs, [key]: state },
});
