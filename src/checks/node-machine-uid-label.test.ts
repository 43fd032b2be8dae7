import { aMachine, aNode, healthyCluster, snapshotOf } from '../../test/builders.js';
import { nodeMachineUidLabel } from './node-machine-uid-label.js';

describe('node-machine-uid-label', () => {
  it('stays quiet on a healthy cluster', () => {
    expect(nodeMachineUidLabel.run(healthyCluster(3))).toEqual([]);
  });

  it('warns when the node is labelled with another machine UID', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1', { machineUid: 'e5f54ba4-old' })],
      machines: [aMachine('machine-node-1', 'node-1', { uid: 'e5f54ba4-new' })],
    });
    expect(nodeMachineUidLabel.run(snapshot)).toEqual([
      expect.objectContaining({
        check: 'node-machine-uid-label',
        severity: 'warning',
        object: { kind: 'Node', name: 'node-1' },
        message:
          'node node-1 is labelled for machine UID e5f54ba4-old, but its machine machine-node-1 has UID e5f54ba4-new',
      }),
    ]);
  });

  it('warns when the node has no machine UID label', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1', { machineUid: null })],
      machines: [aMachine('machine-node-1', 'node-1')],
    });
    expect(nodeMachineUidLabel.run(snapshot)).toEqual([
      expect.objectContaining({
        severity: 'warning',
        object: { kind: 'Node', name: 'node-1' },
        message: 'node node-1 has no rke.cattle.io/machine label (machine machine-node-1 has UID uid-node-1)',
      }),
    ]);
  });

  it('stays quiet when the machine has no UID to compare', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1', { machineUid: 'something' })],
      machines: [aMachine('machine-node-1', 'node-1', { uid: '' })],
    });
    expect(nodeMachineUidLabel.run(snapshot)).toEqual([]);
  });

  it('compares the node matched by providerID when the machine has no nodeRef', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1', { machineUid: 'stale' })],
      machines: [aMachine('machine-node-1', 'node-1', { node: null })],
    });
    expect(nodeMachineUidLabel.run(snapshot)).toEqual([
      expect.objectContaining({ object: { kind: 'Node', name: 'node-1' }, severity: 'warning' }),
    ]);
  });
});

describe('node-machine-uid-label with a stale Machine being deleted', () => {
  it('judges the label against the live Machine, not the stale one', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1', { machine: 'custom-new', machineUid: 'uid-new' })],
      machines: [
        aMachine('custom-old', 'node-1', { uid: 'uid-old', deleting: true }),
        aMachine('custom-new', 'node-1', { uid: 'uid-new' }),
      ],
    });
    expect(nodeMachineUidLabel.run(snapshot)).toEqual([]);
  });
});
