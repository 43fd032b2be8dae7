import { annotationOf, nameOf, namespaceOf } from '../model/kube-object.js';
import { isDeleting, type Machine } from '../model/machine.js';
import type { Node } from '../model/node.js';
import { sh } from '../model/shell.js';
import { itemsOf, perSnapshot } from '../model/snapshot.js';

/** CAPI writes this annotation, the name of the node's Machine, on every node it owns. */
export const MACHINE_ANNOTATION = 'cluster.x-k8s.io/machine';

/** Machines and Nodes indexed once per snapshot; every machine check reads the same index. */
export interface MachineNodeIndex {
  readonly nodes: readonly Node[];
  readonly machines: readonly Machine[];
  readonly nodeByName: ReadonlyMap<string, Node>;
  readonly machineByName: ReadonlyMap<string, Machine>;
  readonly nodeByProviderID: ReadonlyMap<string, Node>;
  /** The node a machine stands for: its nodeRef, else (as CAPI itself matches) the node with its providerID. */
  readonly nodeOfMachine: ReadonlyMap<Machine, Node>;
  /** Every machine that claims a node, by node name. More than one is a conflict. */
  readonly machinesOfNode: ReadonlyMap<string, readonly Machine[]>;
}

export const machineNodeIndex = perSnapshot((snapshot): MachineNodeIndex => {
  const nodes = itemsOf(snapshot, 'nodes');
  const machines = itemsOf(snapshot, 'machines');
  const nodeByName = new Map(nodes.map((node) => [nameOf(node), node]));
  const machineByName = new Map(machines.map((machine) => [nameOf(machine), machine]));
  const nodeByProviderID = new Map<string, Node>();
  for (const node of nodes) {
    const providerID = node.spec?.providerID;
    if (providerID) nodeByProviderID.set(providerID, node);
  }
  const nodeOfMachine = new Map<Machine, Node>();
  const machinesOfNode = new Map<string, Machine[]>();
  for (const machine of machines) {
    const refName = machine.status?.nodeRef?.name;
    const providerID = machine.spec?.providerID;
    const node = refName ? nodeByName.get(refName) : providerID ? nodeByProviderID.get(providerID) : undefined;
    if (!node) continue;
    nodeOfMachine.set(machine, node);
    const claimed = machinesOfNode.get(nameOf(node)) ?? [];
    claimed.push(machine);
    machinesOfNode.set(nameOf(node), claimed);
  }
  const index = { nodes, machines, nodeByName, machineByName, nodeByProviderID, nodeOfMachine, machinesOfNode };
  return index;
});

/**
 * The Machine that stands for the node. A node that was removed and joined again keeps its name, so the Machine of
 * its earlier registration may still claim it while that Machine's deletion hangs on a finalizer: of the machines
 * that claim the node, the one not being deleted (the one the node's annotation names, if several); with none alive,
 * the one the annotation names, else the first claimant.
 */
export const liveMachineOf = (index: MachineNodeIndex, nodeName: string): Machine | undefined => {
  const claimants = index.machinesOfNode.get(nodeName) ?? [];
  const node = index.nodeByName.get(nodeName);
  const named = node ? annotationOf(node, MACHINE_ANNOTATION) : undefined;
  const live = claimants.filter((machine) => !isDeleting(machine));
  const namedMachine = named ? index.machineByName.get(named) : undefined;
  return (
    live.find((machine) => nameOf(machine) === named) ??
    live[0] ??
    (namedMachine && index.nodeOfMachine.get(namedMachine) === node ? namedMachine : undefined) ??
    namedMachine ??
    claimants[0]
  );
};

/** Machines being deleted that still claim a node a live Machine stands for: stale registrations of that node. */
export const staleMachinesOf = (index: MachineNodeIndex, nodeName: string): Machine[] => {
  const live = liveMachineOf(index, nodeName);
  if (!live || isDeleting(live)) return [];
  return (index.machinesOfNode.get(nodeName) ?? []).filter((machine) => machine !== live && isDeleting(machine));
};

/** Every stale Machine of the snapshot (see staleMachinesOf), with the live Machine and the node it claims. */
export const staleMachines = (
  index: MachineNodeIndex,
): { readonly stale: Machine; readonly live: Machine; readonly node: string }[] =>
  [...index.machinesOfNode.keys()].flatMap((node) => {
    const live = liveMachineOf(index, node);
    return live ? staleMachinesOf(index, node).map((stale) => ({ stale, live, node })) : [];
  });

/**
 * What lets a stale Machine go. Finishing its deletion would drain and delete the node its nodeRef names
 * (cluster-api reconcileDelete), which the live Machine now stands for; once its drain is over it waits only on its
 * finalizer, which Harvester's maintainers remove by hand for Machines stuck deleting (harvester/harvester#1389).
 */
export const staleMachineRemedy = (stale: Machine, live: Machine, node: string): string =>
  `Machine ${namespaceOf(stale)}/${nameOf(stale)} is a stale registration of node ${node}; the live machine ${nameOf(live)} stands for it. ` +
  `See what holds it (${sh`kubectl -n ${namespaceOf(stale)} get machine ${nameOf(stale)} -o yaml`}), then let it go without CAPI draining and deleting node ${node}: ` +
  sh`kubectl -n ${namespaceOf(stale)} patch machine ${nameOf(stale)} --type merge -p '{"metadata":{"finalizers":null}}'`;

/** RKE2 names its nodes' providerID `rke2://<node name>` (Harvester sample bundles, CAPI nodeRef matching). */
export const nodeNameFromProviderID = (providerID: string): string | undefined => {
  const match = /^[a-z0-9]+:\/\/(.+)$/.exec(providerID);
  return match?.[1];
};
