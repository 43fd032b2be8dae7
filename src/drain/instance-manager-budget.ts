import { settingValue } from '../model/harvester.js';
import { labelOf, nameOf } from '../model/kube-object.js';
import {
  LONGHORN_NAMESPACE,
  NODE_DRAIN_POLICY,
  replicaVolume,
  volumePvc,
  volumeState,
  type InstanceManager,
  type LonghornReplica,
  LONGHORN_NODE_LABEL,
} from '../model/longhorn.js';
import type { Node } from '../model/node.js';
import type { Pod, PodDisruptionBudget } from '../model/pod.js';
import { isAvailable, itemsOf, type ClusterSnapshot } from '../model/snapshot.js';
import { budgetsSelecting, drainIndex } from '../facts/drain-index.js';
import { budgetName, listedAtMost, nonEmpty } from '../facts/drain-wording.js';
import { plural } from '../model/text.js';
import { evictionIgnoresBudgets } from '../facts/eviction-semantics.js';
import {
  engineVolume,
  isHealthy,
  isUnused,
  longhornIndex,
  replicaHealth,
  type LonghornIndex,
} from '../facts/instance-manager-drain.js';
import type { DrainFilter } from './drain-types.js';
import { sh } from '../model/shell.js';

const FILTER = 'instance-manager-budget';
const POLICY_SETTING = 'node-drain-policy';

/** What an InstanceManager still hosts (longhorn v1beta2 instancemanager.go); `instances` is the pre-1.5 field. */
interface InstanceManagerInstances {
  readonly currentState?: string;
  readonly instanceEngines?: Readonly<Record<string, unknown>> | null;
  readonly instances?: Readonly<Record<string, unknown>> | null;
}

const instancesOf = (im: InstanceManager): InstanceManagerInstances => im.status ?? {};

const volumeText = (volume: string, index: LonghornIndex): string => {
  const found = index.volumeByName.get(volume);
  if (!found) return volume;
  const pvc = volumePvc(found);
  return `${volume} (${pvc ? `PVC ${pvc}, ` : ''}${volumeState(found)})`;
};

const unique = (items: readonly string[]): string[] => [...new Set(items)].sort();

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
          (replica) => replicaHealth(replica).desireState !== 'stopped' || replica.status?.currentState !== 'stopped',
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

const SET_POLICY = `kubectl -n ${LONGHORN_NAMESPACE} patch settings.longhorn.io ${POLICY_SETTING} --type merge -p '{"value":"${NODE_DRAIN_POLICY.allowIfReplicaIsStopped}"}'`;
const CHECK_VOLUMES = `kubectl -n ${LONGHORN_NAMESPACE} get volumes.longhorn.io -o custom-columns=NAME:.metadata.name,STATE:.status.state,ROBUSTNESS:.status.robustness`;

/** What the budget's gates show so far: the facts for the message, the remedies, and what they amount to. */
interface Findings {
  readonly facts: string[];
  readonly remedies: string[];
  /** The documented workaround applies: check the volumes, then delete the budget with a backup. */
  workaround: boolean;
  /** Something Longhorn visibly waits for explains why the budget stays. */
  explained: boolean;
}

/** The budget, its node and the Longhorn objects every gate reads. */
interface Gates {
  readonly snapshot: ClusterSnapshot;
  readonly node: Node;
  readonly nodeName: string;
  readonly pdb: PodDisruptionBudget;
  readonly index: LonghornIndex;
  /** The instance manager named like the pod, else the one named like the budget. */
  readonly im: InstanceManager | undefined;
  readonly namesake: InstanceManager | undefined;
}

const gatesOf = (pod: Pod, pdb: PodDisruptionBudget, snapshot: ClusterSnapshot, node: Node): Gates => {
  const index = longhornIndex(snapshot);
  const namesake = index.imByName.get(nameOf(pdb));
  const im = index.imByName.get(nameOf(pod)) ?? namesake;
  return { snapshot, node, nodeName: nameOf(node), pdb, index, im, namesake };
};

/** The misconfigured budget of harvester/harvester#3730: named after one node's instance manager, selecting another. */
const misnamedBudget = ({ pdb, namesake }: Gates, found: Findings): boolean => {
  const selectedNode = pdb.spec?.selector?.matchLabels?.[LONGHORN_NODE_LABEL];
  const namesakeNode = namesake?.spec?.nodeID;
  if (!namesakeNode || !selectedNode || namesakeNode === selectedNode) return false;
  found.facts.push(
    `it is named after instance manager ${nameOf(pdb)} of node ${namesakeNode} but selects the one on ${selectedNode}, so Longhorn weighs the wrong node and does not remove it for this drain (the misconfigured budget of harvester/harvester#3730)`,
  );
  found.workaround = true;
  return true;
};

/** The instance manager exists and runs, and the node is cordoned: syncInstanceManagerPDB's first conditions. */
const managerGate = ({ snapshot, node, nodeName, pdb, im, namesake }: Gates, found: Findings): void => {
  if (isAvailable(snapshot, 'longhornInstanceManagers') && !namesake) {
    found.facts.push(
      `no instance manager is named ${nameOf(pdb)}: longhorn-manager deletes such budgets when it syncs, so check that it runs (kubectl -n ${LONGHORN_NAMESPACE} get pods -l app=longhorn-manager)`,
    );
    found.explained = true;
  }
  const cordoned = node.spec?.unschedulable === true;
  found.facts.push(
    cordoned
      ? `${nodeName} is cordoned`
      : `${nodeName} is not cordoned yet, and Longhorn removes the budget only from an unschedulable node`,
  );
  if (!cordoned) {
    found.remedies.push(
      `Longhorn reconsiders once the drain has cordoned ${nodeName} (${sh`kubectl cordon ${nodeName}`})`,
    );
    found.explained = true;
  }
  const state = im ? instancesOf(im).currentState : undefined;
  if (im && state && state !== 'running') {
    found.facts.push(
      `instance manager ${nameOf(im)} is in state ${state}, and Longhorn handles its budget only while it runs`,
    );
    found.explained = true;
  }
};

/** The attached gate: what the node's engine and all-in-one instance managers still host, and running engines. */
const attachedGate = ({ snapshot, nodeName, index }: Gates, found: Findings): void => {
  const hosting = (index.imsByNode.get(nodeName) ?? []).filter((manager) => manager.spec?.type !== 'replica');
  const hosted = unique(
    hosting.flatMap((manager) => [
      ...Object.keys(instancesOf(manager).instanceEngines ?? {}),
      ...Object.keys(instancesOf(manager).instances ?? {}),
    ]),
  ).filter((instance) => !index.replicaNames.has(instance));
  const belongsHere = (engine: string): boolean => index.engineByName.get(engine)?.spec?.nodeID === nodeName;
  const attached = unique([
    ...(index.runningEnginesByNode.get(nodeName) ?? []).map(engineVolume),
    ...hosted.flatMap((engine) => {
      const engineFound = index.engineByName.get(engine);
      return engineFound && belongsHere(engine) ? [engineVolume(engineFound)] : [];
    }),
  ]);
  if (attached.length > 0) {
    const volumes = listedAtMost(attached.map((volume) => volumeText(volume, index)));
    found.facts.push(`engines of attached volumes still run on ${nodeName}: ${volumes}`);
    found.remedies.push(`shut down or live-migrate the workloads of ${volumes}`);
    found.explained = true;
  }
  orphanEngines(
    hosting,
    hosted.filter((engine) => !belongsHere(engine)),
    isAvailable(snapshot, 'longhornEngines'),
    index,
    found,
  );
};

/** Engines an instance manager still lists that belong to no engine on this node (harvester/harvester#7366). */
const orphanEngines = (
  hosting: readonly InstanceManager[],
  orphans: readonly string[],
  enginesRead: boolean,
  index: LonghornIndex,
  found: Findings,
): void => {
  if (orphans.length === 0) return;
  if (!enginesRead) {
    found.facts.push(
      `instance manager ${hosting.map(nameOf).join(', ')} still hosts ${listedAtMost(orphans)} (engines not read)`,
    );
    found.explained = true;
    return;
  }
  const described = orphans.map((engine) => {
    const engineFound = index.engineByName.get(engine);
    if (!engineFound) return `${engine} (gone)`;
    return `${engine} (${engineFound.status?.currentState ?? 'no state'}, ${engineFound.spec?.nodeID ? `node ${engineFound.spec.nodeID}` : 'no node'})`;
  });
  found.facts.push(
    `instance manager ${hosting.map(nameOf).join(', ')} still lists ${orphans.length === 1 ? 'an engine that no longer runs' : `${String(orphans.length)} engines that no longer run`} here: ${listedAtMost(described)} (the orphan engine of harvester/harvester#7366)`,
  );
  found.workaround = true;
};

/** The policy gate, for instance managers that host replicas. */
const policyGate = ({ snapshot, nodeName, index, im }: Gates, found: Findings): void => {
  if (im?.spec?.type === 'engine' || !isAvailable(snapshot, 'longhornReplicas')) return;
  const setting = itemsOf(snapshot, 'longhornSettings').find((item) => nameOf(item) === POLICY_SETTING);
  const configured = nonEmpty(settingValue(setting)?.trim());
  const policy = configured ?? NODE_DRAIN_POLICY.blockIfContainsLastReplica;
  const policyText = configured ? `node-drain-policy ${policy}` : `node-drain-policy ${policy} (Longhorn's default)`;
  const here = index.replicasByNode.get(nodeName) ?? [];
  const held = heldReplicas(here, policy, nodeName, drainIndex(snapshot).nodeByName, index);
  const volumes = unique(held.map((replica) => replicaVolume(replica) ?? nameOf(replica)));
  if (volumes.length === 0) return;
  found.explained = true;
  const shown = listedAtMost(volumes.map((volume) => volumeText(volume, index)));
  if (policy === NODE_DRAIN_POLICY.blockForEviction) {
    found.facts.push(
      `${policyText} keeps it until every replica has left ${nodeName} (${plural(held.length, 'replica')} of ${shown})`,
    );
    found.remedies.push(
      `let Longhorn evict the replicas of ${shown} from ${nodeName}, or switch the policy: ${SET_POLICY}`,
    );
    return;
  }
  found.facts.push(`${policyText} keeps it while ${nodeName} holds the last healthy replica of ${shown}`);
  found.remedies.push(
    `let Longhorn rebuild a healthy replica of ${shown} on another node, or stop the workloads using them` +
      (policy === NODE_DRAIN_POLICY.blockIfContainsLastReplica
        ? ` and switch to Harvester's policy, which lets stopped replicas go: ${SET_POLICY}`
        : ''),
  );
};

/** No gate explains the budget: Longhorn should remove it on its next sync. */
const nothingVisible = (found: Findings): void => {
  if (found.explained || found.workaround) return;
  found.facts.push(
    `nothing Longhorn waits for is visible, so it should remove the budget on its next sync; if it stays, look for "removing ... PDB is blocked" in kubectl -n ${LONGHORN_NAMESPACE} logs daemonset/longhorn-manager`,
  );
  found.workaround = true;
};

/**
 * Longhorn gives each instance manager a budget of minAvailable 1 over its single pod, so it always allows 0
 * disruptions, and removes it itself (harvester-domain §4.5; longhorn/longhorn-manager:
 * controller/instance_manager_controller.go syncInstanceManagerPDB, canDeleteInstanceManagerPDB) only while the
 * instance manager runs, only from a cordoned node, only once no engine or all-in-one instance manager on the node
 * hosts an engine ("some volumes are still attached"), and only when node-drain-policy lets the node's replicas go.
 * The known stuck cases (harvester/docs docs/upgrade/v1-1-2-to-v1-2-0.md, v1-4-0-to-v1-4-1.md; harvester/harvester
 * #3730, #7366): a budget named after another node's instance manager, and an orphan engine (stopped, no node)
 * still listedAtMost by the instance manager; their documented workaround is to check that every attached volume is
 * healthy and delete the budget.
 */
export const instanceManagerBudget: DrainFilter = (pod, { snapshot, node }) => {
  if (labelOf(pod, 'longhorn.io/component') !== 'instance-manager' || evictionIgnoresBudgets(pod)) return [];
  const budgets = budgetsSelecting(pod, snapshot);
  const [pdb] = budgets;
  if (budgets.length !== 1 || !pdb || (pdb.status?.disruptionsAllowed ?? 0) > 0) return [];

  const gates = gatesOf(pod, pdb, snapshot, node);
  const found: Findings = { facts: [], remedies: [], workaround: false, explained: false };
  if (!misnamedBudget(gates, found)) {
    managerGate(gates, found);
    attachedGate(gates, found);
    policyGate(gates, found);
    nothingVisible(found);
  }
  if (found.workaround) {
    found.remedies.push(
      `verify that every attached volume is healthy (${CHECK_VOLUMES}), then delete the budget with a backup (fix-pdb refuses while the node holds a volume's last healthy replica): ${sh`kubectl harvester-upgrade fix-pdb -n ${LONGHORN_NAMESPACE} ${nameOf(pdb)} --override-operator-budgets`}`,
    );
  }
  const name = budgetName(pdb);
  const remedy = found.remedies.join('; ');
  return [
    {
      filter: FILTER,
      verdict: 'block',
      pdb: name,
      message: `Longhorn removes PodDisruptionBudget ${name} (disruptionsAllowed 0) itself only from a cordoned node with no attached volume and no replica its node-drain-policy protects: ${found.facts.join('; ')}`,
      ...(remedy ? { remedy: remedy.charAt(0).toUpperCase() + remedy.slice(1) } : {}),
    },
  ];
};
