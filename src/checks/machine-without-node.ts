import { counted, type Finding } from '../model/finding.js';
import { nameOf, namespaceOf, refOf } from '../model/kube-object.js';
import type { Machine } from '../model/machine.js';
import type { Check } from './check.js';
import { machineNodeIndex, nodeNameFromProviderID, type MachineNodeIndex } from '../facts/machine-node-index.js';
import { sh } from '../model/shell.js';

const describeOrphan = (machine: Machine, index: MachineNodeIndex): string | undefined => {
  const refName = machine.status?.nodeRef?.name;
  const providerID = machine.spec?.providerID;
  if (refName) {
    return index.nodeByName.has(refName) ? undefined : `has a nodeRef to node ${refName}, which does not exist`;
  }
  if (!providerID) return 'has no nodeRef and no providerID: no node ever joined for it';
  const matched = index.nodeByProviderID.get(providerID);
  if (matched) {
    return `has no nodeRef although node ${nameOf(matched)} carries its providerID ${providerID}`;
  }
  const named = nodeNameFromProviderID(providerID);
  return named
    ? `has no nodeRef and its providerID ${providerID} names node ${named}, which does not exist`
    : `has no nodeRef and no node has its providerID ${providerID}`;
};

/**
 * A Machine with no matching Node (an orphan, or a providerID naming a node that is gone) stalls the upgrade:
 * Harvester's webhook wants every machine's nodeRef ("machine <m> has empty NodeRef, check the cluster
 * provision") and Rancher waits for the machine forever (harvester/harvester#8179, #8236).
 */
export const machineWithoutNode: Check = {
  id: 'machine-without-node',
  title: 'Every machine has its node',
  problem: (findings) => counted(findings, 'machine has no node', 'machines have no node'),
  description:
    'Each Machine must reference an existing Node (status.nodeRef, matched by providerID); an orphan machine stalls the upgrade.',
  needs: ['machines', 'nodes'],
  run: (snapshot) => {
    const index = machineNodeIndex(snapshot);
    return index.machines.flatMap((machine): Finding[] => {
      if (machine.metadata?.deletionTimestamp) return [];
      const problem = describeOrphan(machine, index);
      return problem
        ? [
            {
              check: 'machine-without-node',
              severity: 'error',
              object: refOf('Machine', machine),
              message: `machine ${nameOf(machine)} ${problem}`,
              remedy: `If the node is gone for good, remove the machine from the cluster (Harvester UI, or ${sh`kubectl -n ${namespaceOf(machine)} delete machine ${nameOf(machine)}`}) before upgrading; if the node should exist, rejoin it.`,
            },
          ]
        : [];
    });
  },
};
