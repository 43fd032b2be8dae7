import {
  aioInstanceManagersOn,
  dataEnginesWaitedFor,
  INSTANCE_MANAGER_WAIT_MIN_NODES,
  isRunningInstanceManager,
  upgradeCountedNodes,
} from '../facts/longhorn-upgrade-waits.js';
import { counted, type Finding } from '../model/finding.js';
import { nameOf, refOf } from '../model/kube-object.js';
import { LONGHORN_NAMESPACE, type LonghornNode } from '../model/longhorn.js';
import { isWitness } from '../model/node.js';
import { sh } from '../model/shell.js';
import { itemsOf, type ClusterSnapshot } from '../model/snapshot.js';
import type { Check } from './check.js';

const ID = 'longhorn-instance-manager-missing';

const describeManagers = (snapshot: ClusterSnapshot, node: string, engine: string): string => {
  const managers = aioInstanceManagersOn(itemsOf(snapshot, 'longhornInstanceManagers'), node, engine);
  if (managers.length === 0) return `no aio instance manager for the ${engine} data engine`;
  return `no running aio instance manager for the ${engine} data engine (${managers
    .map((manager) => `${nameOf(manager)} ${manager.status?.currentState ?? 'no state'}`)
    .join(', ')})`;
};

/** Why this Longhorn node cannot get its instance manager, from the Kubernetes node of the same name. */
const nodeContext = (snapshot: ClusterSnapshot, name: string): { note: string; remedy: string } => {
  const node = itemsOf(snapshot, 'nodes').find((candidate) => nameOf(candidate) === name);
  if (!node) {
    return {
      note: '; no Kubernetes node has this name, so no longhorn-manager will ever start one there',
      remedy: `The node is gone: remove its Longhorn node (Longhorn UI, Node, Remove Node; or ${sh`kubectl -n ${LONGHORN_NAMESPACE} delete nodes.longhorn.io ${name}`} once it holds no replica).`,
    };
  }
  return {
    note: isWitness(node) ? ' (a witness node: the wait counts it too)' : '',
    remedy: `Find why Longhorn starts no instance manager there: ${sh`kubectl -n ${LONGHORN_NAMESPACE} get instancemanagers,pods -o wide`}; a witness node that runs no Longhorn pods must not keep a Longhorn node.`,
  };
};

/**
 * Harvester's upgrade waits, with no timeout, until every `nodes.longhorn.io` (witness nodes included) has exactly
 * one running all-in-one instance manager of the new image for the v1 data engine, and for v2 when Harvester's
 * longhorn-v2-data-engine-enabled is true (harvester/harvester package/upgrade/upgrade_manifests.sh
 * wait_longhorn_instance_manager_aio and check_instance_manager, v1.5.0 through v1.9.0-rc6; skipped below two
 * managed non-witness nodes). A Longhorn node that runs no instance manager today will not run the new one either:
 * "instance-manager (aio) … count is not 1 on node …" (harvester/harvester#6972, #11359).
 */
export const longhornInstanceManagerMissing: Check = {
  id: ID,
  title: 'Every Longhorn node runs its instance manager',
  problem: (findings) =>
    counted(findings, 'Longhorn node runs no instance manager', 'Longhorn nodes run no instance manager'),
  description:
    "Harvester's upgrade waits with no timeout for a running aio instance manager on every Longhorn node, witness nodes included.",
  needs: ['longhornNodes', 'longhornInstanceManagers', 'nodes', 'harvesterSettings'],
  appliesTo: (snapshot) => {
    const counted = upgradeCountedNodes(itemsOf(snapshot, 'nodes')).length;
    return counted < INSTANCE_MANAGER_WAIT_MIN_NODES
      ? `Harvester's upgrade skips the instance-manager wait with ${String(counted)} managed non-witness node(s)`
      : undefined;
  },
  run: (snapshot) => {
    const engines = dataEnginesWaitedFor(itemsOf(snapshot, 'harvesterSettings'));
    const managers = itemsOf(snapshot, 'longhornInstanceManagers');
    return itemsOf(snapshot, 'longhornNodes').flatMap((longhornNode: LonghornNode): Finding[] => {
      const name = nameOf(longhornNode);
      const lacking = engines.filter(
        (engine) => !aioInstanceManagersOn(managers, name, engine).some(isRunningInstanceManager),
      );
      if (lacking.length === 0) return [];
      const { note, remedy } = nodeContext(snapshot, name);
      return [
        {
          check: ID,
          severity: 'error',
          object: refOf('Node', longhornNode),
          message: `Longhorn node ${name} has ${lacking.map((engine) => describeManagers(snapshot, name, engine)).join(' and ')}${note}; the upgrade waits for one forever`,
          remedy,
        },
      ];
    });
  },
};
