import { nameOf } from '../model/kube-object.js';
import type { Check } from './check.js';
import { machineNodeIndex } from '../facts/machine-node-index.js';

/** Two Machines for one Node: CAPI itself refuses ("unexpectedly found more than one Node matching the providerID"). */
export const machinesClaimSameNode: Check = {
  id: 'machines-claim-same-node',
  title: 'One machine per node',
  description:
    "Two Machines must never claim the same Node; Harvester's webhook and Rancher's planner both fail on it.",
  needs: ['machines', 'nodes'],
  run: (snapshot) =>
    [...machineNodeIndex(snapshot).machinesOfNode.entries()]
      .filter(([, machines]) => machines.length > 1)
      .map(([node, machines]) => ({
        check: 'machines-claim-same-node',
        severity: 'error' as const,
        object: { kind: 'Node', name: node },
        message: `${String(machines.length)} machines claim node ${node}: ${machines.map(nameOf).join(', ')}`,
        remedy:
          'Keep the machine whose UID matches the node label rke.cattle.io/machine and remove the stale one through Harvester or Rancher.',
      })),
};
