import type { KubeObject } from '../src/model/kube-object.js';
import type { Machine } from '../src/model/machine.js';
import type { Node } from '../src/model/node.js';
import type { ResourceKey, ResourceTypes } from '../src/model/resources.js';
import type { ClusterSnapshot, InputState } from '../src/model/snapshot.js';

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

/** The Rancher plan secret of a machine, as the metadata-only list returns it. */
export const aPlanSecret = (machine: string, namespace = 'fleet-local', suffix = 'machine-plan'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: `${machine}-${suffix}`, namespace, labels: { 'rke.cattle.io/machine-name': machine } },
});

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
  inputs: Partial<Record<ResourceKey, InputState>> = {},
): ClusterSnapshot => {
  const ok: Partial<Record<ResourceKey, InputState>> = {};
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
