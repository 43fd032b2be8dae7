import { aNode, snapshotOf } from '../../test/builders.js';
import type { Node } from '../model/node.js';
import { singleControlPlane } from './single-control-plane.js';

const run = (...nodes: Node[]) => singleControlPlane.run(snapshotOf({ nodes }));
const worker = (name: string, labels: Record<string, string> = {}, annotations: Record<string, string> = {}) =>
  aNode(name, { roles: ['worker'], labels, annotations });

describe('single-control-plane', () => {
  it('stays quiet with three control-plane nodes, and on a single-node cluster', () => {
    expect(run(aNode('harv1'), aNode('harv2'), aNode('harv3'))).toEqual([]);
    expect(run(aNode('harv1'))).toEqual([]);
  });

  it('warns on the seed topology, naming the worker-labelled nodes that are never promoted', () => {
    const workerLabel = { 'node-role.harvesterhci.io/worker': 'true' };
    expect(run(aNode('harv1'), worker('harv2', workerLabel), worker('harv3', workerLabel))).toEqual([
      {
        check: 'single-control-plane',
        severity: 'warning',
        object: { kind: 'Node', name: 'harv1' },
        message:
          'is the only control-plane node of 3 nodes, so workloads that require a control-plane node cannot move while it is drained (harv2, harv3 are labelled node-role.harvesterhci.io/worker and never promoted)',
        remedy: expect.stringContaining('kubevirt-control-plane-placement') as unknown,
      },
    ]);
  });

  it('is only informational on a two-node cluster, where Harvester does not promote, and mentions a failed promotion', () => {
    expect(run(aNode('harv1'), worker('harv2', {}, { 'harvesterhci.io/promote-status': 'failed' }))).toEqual([
      {
        check: 'single-control-plane',
        severity: 'info',
        object: { kind: 'Node', name: 'harv1' },
        message:
          'is the only control-plane node, as expected with 2 non-witness nodes (Harvester promotes from 3), so workloads that require a control-plane node cannot move while it is drained (promotion of harv2 is failed)',
        remedy: expect.stringContaining('A known limitation of clusters this size') as unknown,
      },
    ]);
  });

  it('does not count a witness node as control plane, nor as a node to promote', () => {
    const witness = aNode('witness', { roles: ['etcd', 'witness', 'control-plane'] });
    expect(run(aNode('harv1'), witness, worker('harv3'))).toEqual([
      expect.objectContaining({ severity: 'info', object: { kind: 'Node', name: 'harv1' } }),
    ]);
    expect(run(aNode('harv1'), witness, worker('harv3'), worker('harv4'))).toEqual([
      expect.objectContaining({ severity: 'warning', object: { kind: 'Node', name: 'harv1' } }),
    ]);
  });

  it('stays quiet with two control-plane nodes and a witness', () => {
    expect(run(aNode('harv1'), aNode('harv2'), aNode('witness', { roles: ['etcd', 'witness'] }))).toEqual([]);
  });
});
