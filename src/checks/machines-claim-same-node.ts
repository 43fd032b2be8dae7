import { naming, type Finding } from '../model/finding.js';
import { nameOf, refOf } from '../model/kube-object.js';
import type { Check } from './check.js';
import { machineNodeIndex, staleMachineRemedy, staleMachinesOf, liveMachineOf } from '../facts/machine-node-index.js';

/** Two Machines for one Node: CAPI itself refuses ("unexpectedly found more than one Node matching the providerID"). */
export const machinesClaimSameNode: Check = {
  id: 'machines-claim-same-node',
  title: 'One machine per node',
  problem: (findings) => naming(findings, 'Several machines claim one node'),
  description:
    "Two Machines must never claim the same Node; Harvester's webhook and Rancher's planner both fail on it.",
  needs: ['machines', 'nodes'],
  run: (snapshot) => {
    const index = machineNodeIndex(snapshot);
    return [...index.machinesOfNode.entries()]
      .filter(([, machines]) => machines.length > 1)
      .flatMap(([node, machines]): Finding[] => {
        // A node joined again under its name: the Machine of the earlier registration, still being deleted, claims it
        // too. Only that stale Machine is wrong, and it is named with the command that lets it go.
        const live = liveMachineOf(index, node);
        const stale = staleMachinesOf(index, node);
        if (live && stale.length === machines.length - 1) {
          return stale.map((machine) => ({
            check: 'machines-claim-same-node',
            severity: 'error',
            object: refOf('Machine', machine),
            message: `machine ${nameOf(machine)}, being deleted since ${machine.metadata?.deletionTimestamp ?? ''}, still claims node ${node}, which the live machine ${nameOf(live)} stands for`,
            remedy: staleMachineRemedy(machine, live, node),
          }));
        }
        return [
          {
            check: 'machines-claim-same-node',
            severity: 'error',
            object: { kind: 'Node', name: node },
            message: `${String(machines.length)} machines claim node ${node}: ${machines.map(nameOf).join(', ')}`,
            remedy:
              'Keep the machine whose UID matches the node label rke.cattle.io/machine and remove the stale one through Harvester or Rancher.',
          },
        ];
      });
  },
};
