import type { Check } from './check.js';
import { machineNodeIndex, staleMachines } from '../facts/machine-node-index.js';
import { naming } from '../model/finding.js';

/**
 * The first rule of Harvester's node/machine match and of the upgrade-helpers script ("CAPI machine count (<m>)
 * is not equal to node count (<n>)"); the orphan checks say which objects differ.
 */
export const machineNodeCount: Check = {
  id: 'machine-node-count',
  title: 'As many machines as nodes',
  problem: (findings) => naming(findings, 'Machines and nodes differ in number'),
  description: 'The number of Cluster API Machines must equal the number of Nodes.',
  needs: ['machines', 'nodes'],
  run: (snapshot) => {
    const index = machineNodeIndex(snapshot);
    const { nodes } = index;
    // A stale Machine being deleted for a node a live Machine stands for is not counted (machines-claim-same-node).
    const stale = new Set(staleMachines(index).map(({ stale: machine }) => machine));
    const machines = index.machines.filter((machine) => !stale.has(machine));
    if (nodes.length === machines.length) return [];
    return [
      {
        check: 'machine-node-count',
        severity: 'error',
        object: { kind: 'Cluster', namespace: 'fleet-local', name: 'local' },
        message: `nodes(${String(nodes.length)}) and machines(${String(machines.length)}) do not match`,
        remedy: 'See the machine-without-node and node-without-machine findings for the objects that differ.',
      },
    ];
  },
};
