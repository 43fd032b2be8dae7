import { aMachine, aNode, healthyCluster, healthyPairsWith } from '../../test/builders.js';
import { machineWithoutNode } from './machine-without-node.js';

describe('machine-without-node', () => {
  it('stays quiet on a healthy cluster', () => {
    expect(machineWithoutNode.run(healthyCluster(3))).toEqual([]);
  });

  it('reports a nodeRef naming a node that does not exist', () => {
    const findings = machineWithoutNode.run(healthyPairsWith([], [aMachine('custom-aaa', 'harv9')]));
    expect(findings).toEqual([
      expect.objectContaining({
        check: 'machine-without-node',
        severity: 'error',
        object: { kind: 'Machine', namespace: 'fleet-local', name: 'custom-aaa' },
        message: expect.stringMatching(
          /^machine custom-aaa has a nodeRef to node harv9, which does not exist$/,
        ) as unknown,
        remedy: expect.stringContaining('kubectl -n fleet-local delete machine custom-aaa') as unknown,
      }),
    ]);
  });

  it('reports a machine without nodeRef whose providerID names a node that does not exist (custom-4d279419a084)', () => {
    const orphan = aMachine('custom-4d279419a084', null, { providerID: 'rke2://harv44' });
    expect(machineWithoutNode.run(healthyPairsWith([], [orphan]))).toEqual([
      expect.objectContaining({
        check: 'machine-without-node',
        severity: 'error',
        object: { kind: 'Machine', namespace: 'fleet-local', name: 'custom-4d279419a084' },
        message:
          'machine custom-4d279419a084 has no nodeRef and its providerID rke2://harv44 names node harv44, which does not exist',
      }),
    ]);
  });

  it('reports a machine without nodeRef whose providerID names no node at all', () => {
    const orphan = aMachine('custom-bbb', null, { providerID: 'harv44' });
    expect(machineWithoutNode.run(healthyPairsWith([], [orphan]))).toEqual([
      expect.objectContaining({
        object: { kind: 'Machine', namespace: 'fleet-local', name: 'custom-bbb' },
        message: 'machine custom-bbb has no nodeRef and no node has its providerID harv44',
      }),
    ]);
  });

  it('reports a machine without nodeRef although a node carries its providerID', () => {
    const unlinked = aMachine('custom-ccc', 'harv3', { node: null });
    expect(machineWithoutNode.run(healthyPairsWith([aNode('harv3', { machine: 'custom-ccc' })], [unlinked]))).toEqual([
      expect.objectContaining({
        object: { kind: 'Machine', namespace: 'fleet-local', name: 'custom-ccc' },
        message: 'machine custom-ccc has no nodeRef although node harv3 carries its providerID rke2://harv3',
      }),
    ]);
  });

  it('reports a machine with neither nodeRef nor providerID', () => {
    expect(machineWithoutNode.run(healthyPairsWith([], [aMachine('custom-ddd', null)]))).toEqual([
      expect.objectContaining({
        object: { kind: 'Machine', namespace: 'fleet-local', name: 'custom-ddd' },
        message: 'machine custom-ddd has no nodeRef and no providerID: no node ever joined for it',
      }),
    ]);
  });

  it('skips a machine being deleted', () => {
    const deleting = aMachine('custom-eee', 'harv9', { deleting: true });
    const deletingOrphan = aMachine('custom-fff', null, { providerID: 'rke2://harv44', deleting: true });
    expect(machineWithoutNode.run(healthyPairsWith([], [deleting, deletingOrphan]))).toEqual([]);
  });

  it('reports each orphan machine once', () => {
    const findings = machineWithoutNode.run(
      healthyPairsWith([], [aMachine('custom-1', null), aMachine('custom-2', null, { providerID: 'rke2://harv44' })]),
    );
    expect(findings.map((finding) => finding.object.name)).toEqual(['custom-1', 'custom-2']);
  });
});
