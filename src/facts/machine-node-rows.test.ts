import { aMachine, aNode, aPair, snapshotOf } from '../../test/builders.js';
import { machineNodeRows } from './machine-node-rows.js';

describe('machineNodeRows', () => {
  it('makes one row for a machine and its node', () => {
    const pair = aPair('node-1');
    expect(machineNodeRows(snapshotOf({ nodes: [pair.node], machines: [pair.machine] }))).toEqual([
      {
        machine: 'machine-node-1',
        namespace: 'fleet-local',
        phase: 'Running',
        node: 'node-1',
        machineProviderID: 'rke2://node-1',
        nodeProviderID: 'rke2://node-1',
        roles: ['control-plane', 'etcd'],
        ready: 'True',
        kubeletVersion: 'v1.31.4+rke2r1',
      },
    ]);
  });

  it('makes a row for an orphan machine, naming the node from its nodeRef but with no readiness', () => {
    const orphan = aMachine('custom-4d279419a084', 'harv44', { phase: 'Provisioning' });
    const rows = machineNodeRows(snapshotOf({ nodes: [], machines: [orphan] }));
    expect(rows).toEqual([
      {
        machine: 'custom-4d279419a084',
        namespace: 'fleet-local',
        phase: 'Provisioning',
        node: 'harv44',
        machineProviderID: 'rke2://harv44',
        roles: ['control-plane'],
      },
    ]);
    expect(rows[0]?.ready).toBeUndefined();
    expect(rows[0]?.nodeProviderID).toBeUndefined();
  });

  it('makes a row for a node no machine stands for', () => {
    const node = aNode('harv45', { ready: 'False', roles: ['worker'], machine: null });
    const rows = machineNodeRows(snapshotOf({ nodes: [node], machines: [] }));
    expect(rows).toEqual([
      {
        node: 'harv45',
        nodeProviderID: 'rke2://harv45',
        roles: ['worker'],
        ready: 'False',
        kubeletVersion: 'v1.31.4+rke2r1',
      },
    ]);
    expect(rows[0]?.machine).toBeUndefined();
  });

  it('pairs a machine with the node that carries its providerID when it has no nodeRef', () => {
    const rows = machineNodeRows(
      snapshotOf({ nodes: [aNode('node-1')], machines: [aMachine('machine-node-1', 'node-1', { node: null })] }),
    );
    expect(rows).toEqual([expect.objectContaining({ machine: 'machine-node-1', node: 'node-1', ready: 'True' })]);
  });

  it('sorts rows by node name', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-3'), aNode('node-1'), aNode('node-0', { machine: null })],
      machines: [
        aMachine('machine-node-3', 'node-3'),
        aMachine('machine-node-1', 'node-1'),
        aMachine('custom-4d279419a084', 'harv44'),
      ],
    });
    expect(machineNodeRows(snapshot).map((row) => [row.node, row.machine])).toEqual([
      ['harv44', 'custom-4d279419a084'],
      ['node-0', undefined],
      ['node-1', 'machine-node-1'],
      ['node-3', 'machine-node-3'],
    ]);
  });

  it('orders two machines on the same node by machine name', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1')],
      machines: [aMachine('machine-z', 'node-1'), aMachine('machine-a', 'node-1')],
    });
    expect(machineNodeRows(snapshot).map((row) => row.machine)).toEqual(['machine-a', 'machine-z']);
  });
});
