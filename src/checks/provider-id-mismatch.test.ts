import { aMachine, aNode, healthyCluster, snapshotOf } from '../../test/builders.js';
import { providerIdMismatch } from './provider-id-mismatch.js';

describe('provider-id-mismatch', () => {
  it('stays quiet on a healthy cluster', () => {
    expect(providerIdMismatch.run(healthyCluster(3))).toEqual([]);
  });

  it('warns when the machine and its node have different providerIDs', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1')],
      machines: [aMachine('custom-4d279419a084', 'node-1', { providerID: 'rke2://harv44' })],
    });
    expect(providerIdMismatch.run(snapshot)).toEqual([
      expect.objectContaining({
        check: 'provider-id-mismatch',
        severity: 'warning',
        object: { kind: 'Machine', namespace: 'fleet-local', name: 'custom-4d279419a084' },
        message: 'machine custom-4d279419a084 has providerID rke2://harv44 but its node node-1 has rke2://node-1',
      }),
    ]);
  });

  it('says (none) for a missing providerID on either side', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1'), aNode('node-2', { providerID: null })],
      machines: [aMachine('machine-node-1', 'node-1', { providerID: null }), aMachine('machine-node-2', 'node-2')],
    });
    expect(providerIdMismatch.run(snapshot)).toEqual([
      expect.objectContaining({
        severity: 'warning',
        object: { kind: 'Machine', namespace: 'fleet-local', name: 'machine-node-1' },
        message: 'machine machine-node-1 has providerID (none) but its node node-1 has rke2://node-1',
      }),
      expect.objectContaining({
        severity: 'warning',
        object: { kind: 'Machine', namespace: 'fleet-local', name: 'machine-node-2' },
        message: 'machine machine-node-2 has providerID rke2://node-2 but its node node-2 has (none)',
      }),
    ]);
  });

  it('notes an agreed providerID that is not rke2://<node name>', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1', { providerID: 'k3s://node-1' })],
      machines: [aMachine('machine-node-1', 'node-1', { providerID: 'k3s://node-1' })],
    });
    const findings = providerIdMismatch.run(snapshot);
    expect(findings).toEqual([
      expect.objectContaining({
        check: 'provider-id-mismatch',
        severity: 'info',
        object: { kind: 'Node', name: 'node-1' },
        message: 'node node-1 has providerID k3s://node-1, not the usual rke2://node-1',
      }),
    ]);
  });

  it('stays quiet when neither side has a providerID', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1', { providerID: null })],
      machines: [aMachine('machine-node-1', 'node-1', { providerID: null })],
    });
    expect(providerIdMismatch.run(snapshot)).toEqual([]);
  });

  it('ignores machines with no node', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1')],
      machines: [aMachine('machine-node-1', 'node-1'), aMachine('custom-x', null, { providerID: 'rke2://harv44' })],
    });
    expect(providerIdMismatch.run(snapshot)).toEqual([]);
  });
});
