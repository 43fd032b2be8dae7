import { itemsOf, type ClusterSnapshot } from '../model/snapshot.js';

/**
 * appliesTo for the budget checks: a cluster of one node is upgraded by the `<upgrade>-single-node-upgrade-<node>`
 * Job, which shuts the VMs down and never drains the node, so no eviction meets a budget (harvester/harvester:
 * pkg/controller/master/upgrade/upgrade_controller.go).
 */
export const drainedClustersOnly = (snapshot: ClusterSnapshot): string | undefined => {
  const count = itemsOf(snapshot, 'nodes').length;
  return count > 1
    ? undefined
    : `applies to clusters of two or more nodes; this cluster has ${String(count)}, and a single-node upgrade drains nothing`;
};
