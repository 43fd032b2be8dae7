import { nameOf, namespaceOf } from '../model/kube-object.js';
import { machinePhase, machineRoles } from '../model/machine.js';
import { kubeletVersionOf, nodeReadyStatus, nodeRoles } from '../model/node.js';
import type { ClusterSnapshot } from '../model/snapshot.js';
import { machineNodeIndex } from './machine-node-index.js';

/** One machine/node pair; either side may be missing (an orphan machine or a node no machine stands for). */
export interface MachineNodeRow {
  readonly machine?: string;
  readonly namespace?: string;
  readonly phase?: string;
  readonly node?: string;
  readonly machineProviderID?: string;
  readonly nodeProviderID?: string;
  readonly roles: readonly string[];
  readonly ready?: string;
  readonly kubeletVersion?: string;
}

export const machineNodeRows = (snapshot: ClusterSnapshot): MachineNodeRow[] => {
  const index = machineNodeIndex(snapshot);
  const rows: MachineNodeRow[] = index.machines.map((machine) => {
    const node = index.nodeOfMachine.get(machine);
    return {
      machine: nameOf(machine),
      namespace: namespaceOf(machine),
      phase: machinePhase(machine),
      node: node ? nameOf(node) : machine.status?.nodeRef?.name,
      machineProviderID: machine.spec?.providerID,
      nodeProviderID: node?.spec?.providerID,
      roles: node ? nodeRoles(node) : machineRoles(machine),
      ready: node ? nodeReadyStatus(node) : undefined,
      kubeletVersion: node ? kubeletVersionOf(node) : machine.status?.nodeInfo?.kubeletVersion,
    };
  });
  for (const node of index.nodes) {
    if (index.machinesOfNode.has(nameOf(node))) continue;
    rows.push({
      node: nameOf(node),
      nodeProviderID: node.spec?.providerID,
      roles: nodeRoles(node),
      ready: nodeReadyStatus(node),
      kubeletVersion: kubeletVersionOf(node),
    });
  }
  // Pairs by node name; machines without a node last, where they stand out.
  return rows.sort(
    (a, b) =>
      Number(a.node === undefined) - Number(b.node === undefined) ||
      (a.node ?? '').localeCompare(b.node ?? '') ||
      (a.machine ?? '').localeCompare(b.machine ?? ''),
  );
};
