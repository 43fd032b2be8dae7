import { nameOf, labelOf } from '../model/kube-object.js';
import {
  LONGHORN_NAMESPACE,
  LONGHORN_VOLUME_LABEL,
  replicaVolume,
  type InstanceManager,
  type LonghornEngine,
  type LonghornReplica,
  type LonghornVolume,
  LONGHORN_NODE_LABEL,
} from '../model/longhorn.js';
import { nodeReadyStatus } from '../model/node.js';
import { isAvailable, itemsOf, type ClusterSnapshot, perSnapshot } from '../model/snapshot.js';
import { isLonghornInstanceManagerPdb } from './budget-owner.js';
import { drainIndex } from './drain-index.js';
import { nonEmpty } from './drain-wording.js';

/**
 * What a node's drain means for Longhorn: the objects longhorn-manager weighs before it lets an instance manager's
 * budget go, and the volumes whose last healthy replica the drain would stop. The drain filter
 * instance-manager-budget and fix planning both read them.
 */

/** The replica fields canDeleteInstanceManagerPDB reads beyond the shared model (longhorn v1beta2 replica.go). */
export interface ReplicaHealth {
  readonly nodeID?: string;
  readonly healthyAt?: string;
  readonly failedAt?: string;
  readonly desireState?: string;
}

export const replicaHealth = (replica: LonghornReplica): ReplicaHealth => replica.spec ?? {};

export const engineVolume = (engine: LonghornEngine): string =>
  nonEmpty(engine.spec?.volumeName) ?? labelOf(engine, LONGHORN_VOLUME_LABEL) ?? nameOf(engine);

/** Longhorn objects indexed once per snapshot. */
export interface LonghornIndex {
  readonly engineByName: ReadonlyMap<string, LonghornEngine>;
  readonly runningEnginesByNode: ReadonlyMap<string, readonly LonghornEngine[]>;
  readonly replicasByNode: ReadonlyMap<string, readonly LonghornReplica[]>;
  readonly replicasByVolume: ReadonlyMap<string, readonly LonghornReplica[]>;
  readonly replicaNames: ReadonlySet<string>;
  readonly volumeByName: ReadonlyMap<string, LonghornVolume>;
  readonly imByName: ReadonlyMap<string, InstanceManager>;
  readonly imsByNode: ReadonlyMap<string, readonly InstanceManager[]>;
  /** Nodes whose instance manager has a budget in longhorn-system. */
  readonly budgetedNodes: ReadonlySet<string>;
}

const push = <T>(map: Map<string, T[]>, group: string | undefined, item: T): void => {
  if (!group) return;
  const list = map.get(group) ?? [];
  list.push(item);
  map.set(group, list);
};

export const longhornIndex = perSnapshot((snapshot): LonghornIndex => {
  const engines = itemsOf(snapshot, 'longhornEngines');
  const replicas = itemsOf(snapshot, 'longhornReplicas');
  const runningEnginesByNode = new Map<string, LonghornEngine[]>();
  for (const engine of engines) {
    if (engine.status?.currentState === 'running') push(runningEnginesByNode, engine.spec?.nodeID, engine);
  }
  const replicasByNode = new Map<string, LonghornReplica[]>();
  const replicasByVolume = new Map<string, LonghornReplica[]>();
  for (const replica of replicas) {
    push(replicasByNode, replica.spec?.nodeID, replica);
    push(replicasByVolume, replicaVolume(replica), replica);
  }
  const imsByNode = new Map<string, InstanceManager[]>();
  const ims = itemsOf(snapshot, 'longhornInstanceManagers');
  for (const im of ims) push(imsByNode, im.spec?.nodeID, im);
  const budgetedNodes = new Set(
    (drainIndex(snapshot).budgetsByNamespace.get(LONGHORN_NAMESPACE) ?? [])
      .filter(isLonghornInstanceManagerPdb)
      .map((pdb) => pdb.spec?.selector?.matchLabels?.[LONGHORN_NODE_LABEL] ?? ''),
  );
  const index: LonghornIndex = {
    engineByName: new Map(engines.map((engine) => [nameOf(engine), engine])),
    runningEnginesByNode,
    replicasByNode,
    replicasByVolume,
    replicaNames: new Set(replicas.map(nameOf)),
    volumeByName: new Map(itemsOf(snapshot, 'longhornVolumes').map((volume) => [nameOf(volume), volume])),
    imByName: new Map(ims.map((im) => [nameOf(im), im])),
    imsByNode,
    budgetedNodes,
  };
  return index;
});

/** healthyAt set and failedAt empty: a replica that finished rebuilding and has not failed since. */
export const isHealthy = (replica: LonghornReplica): boolean => {
  const { healthyAt, failedAt } = replicaHealth(replica);
  return Boolean(healthyAt) && !failedAt;
};

/** Never started: no data, so Longhorn does not keep a budget for it (longhorn/longhorn#2673). */
export const isUnused = (replica: LonghornReplica): boolean => {
  const { healthyAt, failedAt } = replicaHealth(replica);
  return !healthyAt && !failedAt;
};

/**
 * The volumes whose last healthy replica sits on the node, among those still in use: Longhorn reports them other
 * than detached, or their engine runs (a volume missing from a snapshot that did not read volumes counts as in use).
 * A replica elsewhere counts only when it is healthy (healthyAt set, failedAt empty) and its node is not known to be
 * down. Draining the node stops that replica, and the volume is left without healthy data: deleting the node's
 * instance-manager budget then means data loss (harvester-domain §4.5, §4.7). Sorted; empty when replicas were not
 * read, so callers must check that they were.
 */
export const lastHealthyReplicas = (snapshot: ClusterSnapshot, node: string): string[] => {
  const index = longhornIndex(snapshot);
  const nodeByName = drainIndex(snapshot).nodeByName;
  const volumesRead = isAvailable(snapshot, 'longhornVolumes');
  const runningEngineVolumes = new Set([...index.runningEnginesByNode.values()].flat().map(engineVolume));
  const inUse = (volume: string): boolean => {
    const found = index.volumeByName.get(volume);
    if (found) return found.status?.state !== 'detached';
    return runningEngineVolumes.has(volume) || !volumesRead;
  };
  const up = (other: string): boolean => {
    const found = nodeByName.get(other);
    return !found || nodeReadyStatus(found) === 'True';
  };
  const volumes = (index.replicasByNode.get(node) ?? [])
    .filter(isHealthy)
    .map((replica) => replicaVolume(replica) ?? '')
    .filter((volume) => volume !== '' && inUse(volume))
    .filter(
      (volume) =>
        !(index.replicasByVolume.get(volume) ?? []).some((other) => {
          const where = other.spec?.nodeID ?? '';
          return where !== '' && where !== node && isHealthy(other) && up(where);
        }),
    );
  return [...new Set(volumes)].sort();
};
