import { isWitness, type Node } from '../model/node.js';
import { itemsOf, type ClusterSnapshot } from '../model/snapshot.js';

/**
 * Nodes that can hold Longhorn replicas: a witness node only runs etcd. Harvester's pre-drain job counts nodes the
 * same way before deciding how healthy a volume must be (harvester/harvester: package/upgrade/upgrade_node.sh
 * wait_longhorn_engines selects `node-role.harvesterhci.io/witness!=true`).
 */
export const nonWitnessNodes = (nodes: readonly Node[]): readonly Node[] => nodes.filter((node) => !isWitness(node));

/**
 * appliesTo for volume checks that make no sense with one data node: every volume there has its replicas on the
 * one disk, and both the upgrade-helpers script (`check_volumes`) and the webhook's single-replica rule skip it.
 */
export const multiNodeOnly = (snapshot: ClusterSnapshot): string | undefined => {
  const count = nonWitnessNodes(itemsOf(snapshot, 'nodes')).length;
  return count > 1
    ? undefined
    : `applies to clusters of two or more non-witness nodes; this cluster has ${String(count)} (a single node holds every replica and its upgrade drains nothing)`;
};
