import { aMachine, aNode, healthyCluster, healthyPairsWith } from '../../test/builders.js';
import { nodeWithoutMachine } from './node-without-machine.js';

describe('node-without-machine', () => {
  it('stays quiet on a healthy cluster', () => {
    expect(nodeWithoutMachine.run(healthyCluster(3))).toEqual([]);
  });

  it('reports a node that no machine stands for', () => {
    expect(nodeWithoutMachine.run(healthyPairsWith([aNode('harv44', { managed: false, machine: null })]))).toEqual([
      expect.objectContaining({
        check: 'node-without-machine',
        severity: 'error',
        object: { kind: 'Node', name: 'harv44' },
        message: 'no Machine refers to node harv44 (neither by nodeRef nor by providerID rke2://harv44)',
      }),
    ]);
  });

  it('says (none) for a node without providerID', () => {
    expect(nodeWithoutMachine.run(healthyPairsWith([aNode('harv45', { providerID: null })]))).toEqual([
      expect.objectContaining({
        object: { kind: 'Node', name: 'harv45' },
        message: 'no Machine refers to node harv45 (neither by nodeRef nor by providerID (none))',
      }),
    ]);
  });

  it('counts a machine that matches the node only by providerID', () => {
    expect(
      nodeWithoutMachine.run(healthyPairsWith([aNode('harv3')], [aMachine('custom-3', 'harv3', { node: null })])),
    ).toEqual([]);
  });

  it('still reports the node when the only machine naming it by providerID has a nodeRef elsewhere', () => {
    const elsewhere = aMachine('custom-3', 'node-1', { providerID: 'rke2://harv3' });
    expect(nodeWithoutMachine.run(healthyPairsWith([aNode('harv3')], [elsewhere]))).toEqual([
      expect.objectContaining({ object: { kind: 'Node', name: 'harv3' } }),
    ]);
  });
});
