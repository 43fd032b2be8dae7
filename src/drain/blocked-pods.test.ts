import { aNode, snapshotOf } from '../../test/builders.js';
import { aReplicaPod, aTightPdb } from '../../test/drain-builders.js';
import { seedSnapshot } from '../../test/fix-builders.js';
import { nameOf } from '../model/kube-object.js';
import type { BlockedPod } from '../model/drain.js';
import type { Pod } from '../model/pod.js';
import { blockedPods } from './blocked-pods.js';

const web = (name: string, node: string): Pod => aReplicaPod(name, { node, labels: { app: 'web' } });

const rows = (blocked: readonly BlockedPod[]) =>
  blocked.map(({ pod, node, reasons }) => ({
    pod: nameOf(pod),
    node,
    filters: reasons.map((reason) => reason.filter),
  }));

describe('blockedPods', () => {
  it("gives the node's blocked pods with every reason, as explain-drain finds them", () => {
    expect(rows(blockedPods(seedSnapshot(), { node: 'harv1' }))).toEqual([
      { pod: 'virt-api-a', node: 'harv1', filters: ['pdb-eviction', 'kubevirt-placement-trap'] },
      { pod: 'virt-controller-a', node: 'harv1', filters: ['pdb-eviction', 'kubevirt-placement-trap'] },
    ]);
  });

  it("gives the budget's blocked pods on every node, each as its own node's drain sees it, by name", () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1'), aNode('node-2')],
      pods: [web('web-b', 'node-2'), web('web-a', 'node-1'), aReplicaPod('db-1', { node: 'node-1' })],
      podDisruptionBudgets: [aTightPdb('web', 'web')],
    });
    expect(rows(blockedPods(snapshot, { namespace: 'default', name: 'web' }))).toEqual([
      { pod: 'web-a', node: 'node-1', filters: ['pdb-eviction'] },
      { pod: 'web-b', node: 'node-2', filters: ['pdb-eviction'] },
    ]);
  });

  it('leaves out pods that go, and finds nothing for a node or budget that does not exist', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1'), aNode('node-2')],
      pods: [aReplicaPod('db-1', { node: 'node-1' })],
    });
    expect(blockedPods(snapshot, { node: 'node-1' })).toEqual([]);
    expect(blockedPods(snapshot, { node: 'node-9' })).toEqual([]);
    expect(blockedPods(snapshot, { namespace: 'default', name: 'web' })).toEqual([]);
  });

  it('finds nothing on a single-node cluster, which Harvester upgrades without a drain', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1')],
      pods: [web('web-a', 'node-1')],
      podDisruptionBudgets: [aTightPdb('web', 'web')],
    });
    expect(blockedPods(snapshot, { node: 'node-1' })).toEqual([]);
  });
});
