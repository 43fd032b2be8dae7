import { aMachine, aNode, snapshotOf } from '../../test/builders.js';
import { liveMachineOf, machineNodeIndex, nodeNameFromProviderID, staleMachinesOf } from './machine-node-index.js';

describe('machineNodeIndex', () => {
  it('pairs a machine with the node its nodeRef names, else with the node of its providerID', () => {
    const byRef = aMachine('m-1', 'node-1');
    const byProviderID = aMachine('m-2', 'node-2', { node: null });
    const nodes = [aNode('node-1'), aNode('node-2')];
    const index = machineNodeIndex(snapshotOf({ nodes, machines: [byRef, byProviderID] }));
    expect(index.nodeOfMachine.get(byRef)?.metadata?.name).toBe('node-1');
    expect(index.nodeOfMachine.get(byProviderID)?.metadata?.name).toBe('node-2');
    expect(index.machineByName.get('m-2')).toBe(byProviderID);
    expect(index.nodeByProviderID.get('rke2://node-1')?.metadata?.name).toBe('node-1');
  });

  it('pairs no node with a machine whose node does not exist, and lists every machine that claims a node', () => {
    const orphan = aMachine('m-0', 'gone');
    const first = aMachine('m-1', 'node-1');
    const second = aMachine('m-2', 'node-1');
    const index = machineNodeIndex(snapshotOf({ nodes: [aNode('node-1')], machines: [orphan, first, second] }));
    expect(index.nodeOfMachine.has(orphan)).toBe(false);
    expect(index.machinesOfNode.get('node-1')).toEqual([first, second]);
    expect(index.machinesOfNode.has('gone')).toBe(false);
  });

  it('is built once per snapshot', () => {
    const snapshot = snapshotOf({ nodes: [aNode('node-1')], machines: [] });
    expect(machineNodeIndex(snapshot)).toBe(machineNodeIndex(snapshot));
  });
});

describe('nodeNameFromProviderID', () => {
  it('reads the node name from an RKE2 providerID', () => {
    expect(nodeNameFromProviderID('rke2://node-1')).toBe('node-1');
  });

  it('is undefined for a providerID without a scheme or a name', () => {
    expect(nodeNameFromProviderID('node-1')).toBeUndefined();
    expect(nodeNameFromProviderID('rke2://')).toBeUndefined();
  });
});

describe('liveMachineOf and staleMachinesOf', () => {
  it('takes the live Machine over a stale one being deleted for the same node, and names the stale one', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1', { machine: 'custom-old' })],
      machines: [
        aMachine('custom-old', 'node-1', { deleting: true, uid: 'uid-old' }),
        aMachine('custom-new', 'node-1'),
      ],
    });
    const index = machineNodeIndex(snapshot);
    expect(liveMachineOf(index, 'node-1')?.metadata?.name).toBe('custom-new');
    expect(staleMachinesOf(index, 'node-1').map((machine) => machine.metadata?.name)).toEqual(['custom-old']);
  });

  it('finds no stale Machine when the only claimant is being deleted (a node removal)', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1')],
      machines: [aMachine('machine-node-1', 'node-1', { deleting: true })],
    });
    const index = machineNodeIndex(snapshot);
    expect(liveMachineOf(index, 'node-1')?.metadata?.name).toBe('machine-node-1');
    expect(staleMachinesOf(index, 'node-1')).toEqual([]);
  });
});
