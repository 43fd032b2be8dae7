import { settingValue } from '../model/harvester.js';
import { labelOf, nameOf } from '../model/kube-object.js';
import {
  LONGHORN_NAMESPACE,
  LONGHORN_VOLUME_LABEL,
  NODE_DRAIN_POLICY,
  replicaVolume,
  volumePvc,
  volumeState,
  type InstanceManager,
  type LonghornEngine,
  type LonghornReplica,
  type LonghornVolume,
} from '../model/longhorn.js';
import { nodeReadyStatus, type Node } from '../model/node.js';
import { isAvailable, itemsOf, type ClusterSnapshot } from '../model/snapshot.js';
import { isLonghornInstanceManagerPdb } from '../facts/budget-owner.js';
import { budgetName, listed, nonEmpty } from './drain-facts.js';
import { plural } from '../model/text.js';
import { budgetsSelecting, drainIndex } from './drain-index.js';
import type { DrainFilter } from './drain-types.js';
import { evictionIgnoresBudgets } from './terminal-pod.js';
import { sh } from '../model/shell.js';

const FILTER = 'instance-manager-budget';
const NODE_LABEL = 'longhorn.io/node';
const POLICY_SETTING = 'node-drain-policy';

/** What an InstanceManager still hosts (longhorn v1beta2 instancemanager.go); `instances` is the pre-1.5 field. */
interface InstanceManagerInstances {
  readonly currentState?: string;
  readonly instanceEngines?: Readonly<Record<string, unknown>> | null;
  readonly instances?: Readonly<Record<string, unknown>> | null;
}

/** The replica fields canDeleteInstanceManagerPDB reads beyond the shared model (longhorn v1beta2 replica.go). */
interface ReplicaHealth {
  readonly nodeID?: string;
  readonly healthyAt?: string;
  readonly failedAt?: string;
  readonly desireState?: string;
}

const instancesOf = (im: InstanceManager): InstanceManagerInstances => im.status ?? {};
const healthOf = (replica: LonghornReplica): ReplicaHealth => replica.spec ?? {};

const engineVolume = (engine: LonghornEngine): string =>
  nonEmpty(engine.spec?.volumeName) ?? labelOf(engine, LONGHORN_VOLUME_LABEL) ?? nameOf(engine);

/** Longhorn objects indexed once per snapshot. */
interface LonghornIndex {
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

const cache = new WeakMap<ClusterSnapshot, LonghornIndex>();

const longhornIndex = (snapshot: ClusterSnapshot): LonghornIndex => {
  const cached = cache.get(snapshot);
  if (cached) return cached;
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
      .map((pdb) => pdb.spec?.selector?.matchLabels?.[NODE_LABEL] ?? ''),
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
  cache.set(snapshot, index);
  return index;
};

const volumeText = (volume: string, index: LonghornIndex): string => {
  const found = index.volumeByName.get(volume);
  if (!found) return volume;
  const pvc = volumePvc(found);
  return `${volume} (${pvc ? `PVC ${pvc}, ` : ''}${volumeState(found)})`;
};

const unique = (items: readonly string[]): string[] => [...new Set(items)].sort();

/** healthyAt set and failedAt empty: a replica that finished rebuilding and has not failed since. */
const isHealthy = (replica: LonghornReplica): boolean => {
  const { healthyAt, failedAt } = healthOf(replica);
  return Boolean(healthyAt) && !failedAt;
};

/** Never started: no data, so Longhorn does not keep a budget for it (longhorn/longhorn#2673). */
const isUnused = (replica: LonghornReplica): boolean => {
  const { healthyAt, failedAt } = healthOf(replica);
  return !healthyAt && !failedAt;
};

/**
 * The replicas on the node that keep the budget under the policy (longhorn/longhorn-manager:
 * controller/instance_manager_controller.go canDeleteInstanceManagerPDB): `always-allow` none; `block-for-eviction`
 * every replica; `allow-if-replica-is-stopped` those not both desired and currently stopped; the other policies
 * every replica. A replica holds unless a healthy replica of its volume sits on another schedulable node whose
 * instance manager has a budget (ListVolumePDBProtectedHealthyReplicasRO), or it never started.
 */
const heldReplicas = (
  here: readonly LonghornReplica[],
  policy: string,
  nodeName: string,
  nodeByName: ReadonlyMap<string, Node>,
  index: LonghornIndex,
): readonly LonghornReplica[] => {
  if (policy === NODE_DRAIN_POLICY.alwaysAllow) return [];
  if (policy === NODE_DRAIN_POLICY.blockForEviction) return here;
  const targets =
    policy === NODE_DRAIN_POLICY.allowIfReplicaIsStopped
      ? here.filter(
          (replica) => healthOf(replica).desireState !== 'stopped' || replica.status?.currentState !== 'stopped',
        )
      : here;
  const protectedElsewhere = (replica: LonghornReplica): boolean =>
    (index.replicasByVolume.get(replicaVolume(replica) ?? '') ?? []).some((other) => {
      const node = other.spec?.nodeID ?? '';
      return (
        node !== nodeName &&
        node !== '' &&
        isHealthy(other) &&
        nodeByName.get(node)?.spec?.unschedulable !== true &&
        index.budgetedNodes.has(node)
      );
    });
  return targets.filter((replica) => !protectedElsewhere(replica) && !isUnused(replica));
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
  return unique(volumes);
};

const SET_POLICY = `kubectl -n ${LONGHORN_NAMESPACE} patch settings.longhorn.io ${POLICY_SETTING} --type merge -p '{"value":"${NODE_DRAIN_POLICY.allowIfReplicaIsStopped}"}'`;
const CHECK_VOLUMES = `kubectl -n ${LONGHORN_NAMESPACE} get volumes.longhorn.io -o custom-columns=NAME:.metadata.name,STATE:.status.state,ROBUSTNESS:.status.robustness`;

/**
 * Longhorn gives each instance manager a budget of minAvailable 1 over its single pod, so it always allows 0
 * disruptions, and removes it itself (harvester-domain §4.5; longhorn/longhorn-manager:
 * controller/instance_manager_controller.go syncInstanceManagerPDB, canDeleteInstanceManagerPDB) only while the
 * instance manager runs, only from a cordoned node, only once no engine or all-in-one instance manager on the node
 * hosts an engine ("some volumes are still attached"), and only when node-drain-policy lets the node's replicas go.
 * The known stuck cases (harvester/docs docs/upgrade/v1-1-2-to-v1-2-0.md, v1-4-0-to-v1-4-1.md; harvester/harvester
 * #3730, #7366): a budget named after another node's instance manager, and an orphan engine (stopped, no node)
 * still listed by the instance manager; their documented workaround is to check that every attached volume is
 * healthy and delete the budget.
 */
export const instanceManagerBudget: DrainFilter = (pod, { snapshot, node }) => {
  if (labelOf(pod, 'longhorn.io/component') !== 'instance-manager' || evictionIgnoresBudgets(pod)) return [];
  const budgets = budgetsSelecting(pod, snapshot);
  const [pdb] = budgets;
  if (budgets.length !== 1 || !pdb || (pdb.status?.disruptionsAllowed ?? 0) > 0) return [];

  const index = longhornIndex(snapshot);
  const nodeByName = drainIndex(snapshot).nodeByName;
  const nodeName = nameOf(node);
  const name = budgetName(pdb);
  const deleteBudget = `verify that every attached volume is healthy (${CHECK_VOLUMES}), then delete the budget with a backup (fix-pdb refuses while the node holds a volume's last healthy replica): ${sh`kubectl harvester-upgrade fix-pdb -n ${LONGHORN_NAMESPACE} ${nameOf(pdb)} --override-operator-budgets`}`;
  const facts: string[] = [];
  const remedies: string[] = [];
  let workaround = false;
  let explained = false;

  const selectedNode = pdb.spec?.selector?.matchLabels?.[NODE_LABEL];
  const namesake = index.imByName.get(nameOf(pdb));
  const im = index.imByName.get(nameOf(pod)) ?? namesake;
  const namesakeNode = namesake?.spec?.nodeID;
  if (namesakeNode && selectedNode && namesakeNode !== selectedNode) {
    facts.push(
      `it is named after instance manager ${nameOf(pdb)} of node ${namesakeNode} but selects the one on ${selectedNode}, so Longhorn weighs the wrong node and does not remove it for this drain (the misconfigured budget of harvester/harvester#3730)`,
    );
    workaround = true;
  } else {
    if (isAvailable(snapshot, 'longhornInstanceManagers') && !namesake) {
      facts.push(
        `no instance manager is named ${nameOf(pdb)}: longhorn-manager deletes such budgets when it syncs, so check that it runs (kubectl -n ${LONGHORN_NAMESPACE} get pods -l app=longhorn-manager)`,
      );
      explained = true;
    }
    const cordoned = node.spec?.unschedulable === true;
    facts.push(
      cordoned
        ? `${nodeName} is cordoned`
        : `${nodeName} is not cordoned yet, and Longhorn removes the budget only from an unschedulable node`,
    );
    if (!cordoned) {
      remedies.push(`Longhorn reconsiders once the drain has cordoned ${nodeName} (${sh`kubectl cordon ${nodeName}`})`);
      explained = true;
    }
    const state = im ? instancesOf(im).currentState : undefined;
    if (im && state && state !== 'running') {
      facts.push(
        `instance manager ${nameOf(im)} is in state ${state}, and Longhorn handles its budget only while it runs`,
      );
      explained = true;
    }

    // The attached gate: what the node's engine and all-in-one instance managers still host, and running engines.
    const hosting = (index.imsByNode.get(nodeName) ?? []).filter((manager) => manager.spec?.type !== 'replica');
    const hosted = unique(
      hosting.flatMap((manager) => [
        ...Object.keys(instancesOf(manager).instanceEngines ?? {}),
        ...Object.keys(instancesOf(manager).instances ?? {}),
      ]),
    ).filter((instance) => !index.replicaNames.has(instance));
    const enginesRead = isAvailable(snapshot, 'longhornEngines');
    const belongsHere = (engine: string): boolean => index.engineByName.get(engine)?.spec?.nodeID === nodeName;
    const attached = unique([
      ...(index.runningEnginesByNode.get(nodeName) ?? []).map(engineVolume),
      ...hosted.flatMap((engine) => {
        const found = index.engineByName.get(engine);
        return found && belongsHere(engine) ? [engineVolume(found)] : [];
      }),
    ]);
    if (attached.length > 0) {
      const volumes = listed(attached.map((volume) => volumeText(volume, index)));
      facts.push(`engines of attached volumes still run on ${nodeName}: ${volumes}`);
      remedies.push(`shut down or live-migrate the workloads of ${volumes}`);
      explained = true;
    }
    const orphans = hosted.filter((engine) => !belongsHere(engine));
    if (orphans.length > 0 && !enginesRead) {
      facts.push(
        `instance manager ${hosting.map(nameOf).join(', ')} still hosts ${listed(orphans)} (engines not read)`,
      );
      explained = true;
    } else if (orphans.length > 0) {
      const described = orphans.map((engine) => {
        const found = index.engineByName.get(engine);
        if (!found) return `${engine} (gone)`;
        return `${engine} (${found.status?.currentState ?? 'no state'}, ${found.spec?.nodeID ? `node ${found.spec.nodeID}` : 'no node'})`;
      });
      facts.push(
        `instance manager ${hosting.map(nameOf).join(', ')} still lists ${orphans.length === 1 ? 'an engine that no longer runs' : `${String(orphans.length)} engines that no longer run`} here: ${listed(described)} (the orphan engine of harvester/harvester#7366)`,
      );
      workaround = true;
    }

    // The policy gate, for instance managers that host replicas.
    if (im?.spec?.type !== 'engine' && isAvailable(snapshot, 'longhornReplicas')) {
      const setting = itemsOf(snapshot, 'longhornSettings').find((item) => nameOf(item) === POLICY_SETTING);
      const configured = nonEmpty(settingValue(setting)?.trim());
      const policy = configured ?? NODE_DRAIN_POLICY.blockIfContainsLastReplica;
      const policyText = configured
        ? `node-drain-policy ${policy}`
        : `node-drain-policy ${policy} (Longhorn's default)`;
      const here = index.replicasByNode.get(nodeName) ?? [];
      const held = heldReplicas(here, policy, nodeName, nodeByName, index);
      const volumes = unique(held.map((replica) => replicaVolume(replica) ?? nameOf(replica)));
      if (volumes.length > 0) {
        explained = true;
        const shown = listed(volumes.map((volume) => volumeText(volume, index)));
        if (policy === NODE_DRAIN_POLICY.blockForEviction) {
          facts.push(
            `${policyText} keeps it until every replica has left ${nodeName} (${plural(held.length, 'replica')} of ${shown})`,
          );
          remedies.push(
            `let Longhorn evict the replicas of ${shown} from ${nodeName}, or switch the policy: ${SET_POLICY}`,
          );
        } else {
          facts.push(`${policyText} keeps it while ${nodeName} holds the last healthy replica of ${shown}`);
          remedies.push(
            `let Longhorn rebuild a healthy replica of ${shown} on another node, or stop the workloads using them` +
              (policy === NODE_DRAIN_POLICY.blockIfContainsLastReplica
                ? ` and switch to Harvester's policy, which lets stopped replicas go: ${SET_POLICY}`
                : ''),
          );
        }
      }
    }

    if (!explained && !workaround) {
      facts.push(
        `nothing Longhorn waits for is visible, so it should remove the budget on its next sync; if it stays, look for "removing ... PDB is blocked" in kubectl -n ${LONGHORN_NAMESPACE} logs daemonset/longhorn-manager`,
      );
      workaround = true;
    }
  }

  if (workaround) remedies.push(deleteBudget);
  const remedy = remedies.join('; ');
  return [
    {
      filter: FILTER,
      verdict: 'block',
      pdb: name,
      message: `Longhorn removes PodDisruptionBudget ${name} (disruptionsAllowed 0) itself only from a cordoned node with no attached volume and no replica its node-drain-policy protects: ${facts.join('; ')}`,
      ...(remedy ? { remedy: remedy.charAt(0).toUpperCase() + remedy.slice(1) } : {}),
    },
  ];
};
