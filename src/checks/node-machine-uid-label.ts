import { counted, type Finding } from '../model/finding.js';
import { labelOf, nameOf, refOf } from '../model/kube-object.js';
import type { Check } from './check.js';
import { machineNodeIndex, staleMachinesOf } from '../facts/machine-node-index.js';

const MACHINE_UID_LABEL = 'rke.cattle.io/machine';

/**
 * Rancher passes `--node-label rke.cattle.io/machine=<machine UID>` to RKE2 (visible in `rke2.io/node-args`).
 * A different UID means the node registered for an earlier machine of the same name.
 */
export const nodeMachineUidLabel: Check = {
  id: 'node-machine-uid-label',
  title: 'Node labels carry their machine UID',
  problem: (findings) => counted(findings, 'node lacks its machine UID label', 'nodes lack their machine UID label'),
  description: `A Node's ${MACHINE_UID_LABEL} label must equal the UID of its Machine.`,
  needs: ['machines', 'nodes'],
  run: (snapshot) => {
    const index = machineNodeIndex(snapshot);
    return [...index.nodeOfMachine.entries()].flatMap(([machine, node]): Finding[] => {
      // The label is judged against the live Machine; a stale one being deleted has machines-claim-same-node's finding.
      if (staleMachinesOf(index, nameOf(node)).includes(machine)) return [];
      const label = labelOf(node, MACHINE_UID_LABEL);
      const uid = machine.metadata?.uid;
      if (!uid || label === uid) return [];
      return [
        {
          check: 'node-machine-uid-label',
          severity: 'warning',
          object: refOf('Node', node),
          message: label
            ? `node ${nameOf(node)} is labelled for machine UID ${label}, but its machine ${nameOf(machine)} has UID ${uid}`
            : `node ${nameOf(node)} has no ${MACHINE_UID_LABEL} label (machine ${nameOf(machine)} has UID ${uid})`,
          remedy: 'The node was registered for another machine; check its history before upgrading.',
        },
      ];
    });
  },
};
