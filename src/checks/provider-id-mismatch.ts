import { naming, type Finding } from '../model/finding.js';
import { nameOf, refOf } from '../model/kube-object.js';
import type { Check } from './check.js';
import { machineNodeIndex } from '../facts/machine-node-index.js';

/**
 * CAPI pairs a Machine with its Node by `spec.providerID` (machine_controller_noderef.go); RKE2 sets it to
 * `rke2://<node name>`. A difference means the pair was made once and has drifted since, e.g. a node rejoined
 * under the same name.
 */
export const providerIdMismatch: Check = {
  id: 'provider-id-mismatch',
  title: 'Machine and node providerIDs agree',
  problem: (findings) => naming(findings, 'Machine and node providerIDs disagree'),
  description: "A Machine's spec.providerID must equal its Node's, which RKE2 sets to rke2://<node name>.",
  needs: ['machines', 'nodes'],
  run: (snapshot) => {
    const index = machineNodeIndex(snapshot);
    return [...index.nodeOfMachine.entries()].flatMap(([machine, node]): Finding[] => {
      const machineID = machine.spec?.providerID ?? '';
      const nodeID = node.spec?.providerID ?? '';
      if (machineID !== nodeID) {
        return [
          {
            check: 'provider-id-mismatch',
            severity: 'warning',
            object: refOf('Machine', machine),
            message: `machine ${nameOf(machine)} has providerID ${machineID || '(none)'} but its node ${nameOf(node)} has ${nodeID || '(none)'}`,
            remedy: 'The registration drifted; rejoin the node through Harvester if the machine stays unhealthy.',
          },
        ];
      }
      const expected = `rke2://${nameOf(node)}`;
      return nodeID && nodeID !== expected
        ? [
            {
              check: 'provider-id-mismatch',
              severity: 'info',
              object: refOf('Node', node),
              message: `node ${nameOf(node)} has providerID ${nodeID}, not the usual ${expected}`,
            },
          ]
        : [];
    });
  },
};
