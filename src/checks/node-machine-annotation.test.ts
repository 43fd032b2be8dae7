import { aMachine, aNode, healthyCluster, snapshotOf } from '../../test/builders.js';
import { nodeMachineAnnotation } from './node-machine-annotation.js';

describe('node-machine-annotation', () => {
  it('stays quiet on a healthy cluster', () => {
    expect(nodeMachineAnnotation.run(healthyCluster(3))).toEqual([]);
  });

  it('reports a node without the annotation', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1'), aNode('node-2', { machine: null })],
      machines: [aMachine('machine-node-1', 'node-1'), aMachine('machine-node-2', 'node-2')],
    });
    expect(nodeMachineAnnotation.run(snapshot)).toEqual([
      expect.objectContaining({
        check: 'node-machine-annotation',
        severity: 'error',
        object: { kind: 'Node', name: 'node-2' },
        message: 'node node-2 has no cluster.x-k8s.io/machine annotation',
      }),
    ]);
  });

  it('reports an empty annotation as missing', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1', { machine: '' })],
      machines: [aMachine('machine-node-1', 'node-1')],
    });
    expect(nodeMachineAnnotation.run(snapshot)).toEqual([
      expect.objectContaining({ message: 'node node-1 has no cluster.x-k8s.io/machine annotation' }),
    ]);
  });

  it('reports an annotation naming a machine that does not exist', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1', { machine: 'custom-gone' })],
      machines: [aMachine('machine-node-1', 'node-1')],
    });
    expect(nodeMachineAnnotation.run(snapshot)).toEqual([
      expect.objectContaining({
        check: 'node-machine-annotation',
        severity: 'error',
        object: { kind: 'Node', name: 'node-1' },
        message: 'node node-1 refers to machine custom-gone, but the machine does not exist',
      }),
    ]);
  });

  it('reports an annotation naming a machine that refers to another node', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1', { machine: 'machine-node-2' }), aNode('node-2')],
      machines: [aMachine('machine-node-1', 'node-1'), aMachine('machine-node-2', 'node-2')],
    });
    expect(nodeMachineAnnotation.run(snapshot)).toEqual([
      expect.objectContaining({
        check: 'node-machine-annotation',
        severity: 'error',
        object: { kind: 'Node', name: 'node-1' },
        message: 'node node-1 refers to machine machine-node-2, but the machine refers to another node node-2',
      }),
    ]);
  });

  it('reports one finding per node', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1', { machine: null }), aNode('node-2', { machine: 'custom-gone' })],
      machines: [aMachine('machine-node-1', 'node-1'), aMachine('machine-node-2', 'node-2')],
    });
    expect(nodeMachineAnnotation.run(snapshot).map((finding) => finding.object.name)).toEqual(['node-1', 'node-2']);
  });
});

describe('node-machine-annotation with a stale Machine being deleted', () => {
  it('says the annotation names the stale Machine while a live one stands for the node', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1', { machine: 'custom-old', machineUid: 'uid-new' })],
      machines: [
        aMachine('custom-old', 'node-1', { uid: 'uid-old', deleting: true }),
        aMachine('custom-new', 'node-1', { uid: 'uid-new' }),
      ],
    });
    expect(nodeMachineAnnotation.run(snapshot)).toEqual([
      expect.objectContaining({
        message:
          'node node-1 refers to machine custom-old, which is being deleted; the live machine custom-new stands for the node',
      }),
    ]);
  });
});
