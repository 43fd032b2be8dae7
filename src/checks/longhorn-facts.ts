import { itemsOf, type ClusterSnapshot } from '../model/snapshot.js';

/**
 * appliesTo for volume checks that make no sense with one node: every volume there has its replicas on the one
 * disk, and both the upgrade-helpers script (`check_volumes`) and the webhook's single-replica rule skip it.
 */
export const multiNodeOnly = (snapshot: ClusterSnapshot): string | undefined => {
  const count = itemsOf(snapshot, 'nodes').length;
  return count > 1
    ? undefined
    : `applies to clusters of two or more nodes; this cluster has ${String(count)} (a single node holds every replica and its upgrade drains nothing)`;
};
