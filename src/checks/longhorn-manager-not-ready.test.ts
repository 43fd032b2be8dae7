import { aNode, aPod, snapshotOf } from '../../test/builders.js';
import { aLonghornManagerDaemonSet } from '../../test/longhorn-builders.js';
import type { Node } from '../model/node.js';
import type { DaemonSet, Pod } from '../model/pod.js';
import { longhornManagerNotReady } from './longhorn-manager-not-ready.js';

const NODES = [aNode('node-1'), aNode('node-2'), aNode('node-3')];

const managerPod = (node: string, ready = true): Pod =>
  aPod(`longhorn-manager-${node}`, {
    namespace: 'longhorn-system',
    node,
    labels: { app: 'longhorn-manager' },
    containers: [{ name: 'longhorn-manager', ready }],
    owner: { kind: 'DaemonSet', name: 'longhorn-manager' },
  });

const run = (daemonSets: DaemonSet[], nodes: Node[] = NODES, pods?: Pod[]) =>
  longhornManagerNotReady.run(snapshotOf({ longhornDaemonSets: daemonSets, nodes, ...(pods ? { pods } : {}) }));

describe('longhorn-manager-not-ready', () => {
  it('stays quiet when every managed non-witness node has a Ready manager, and ignores witness nodes', () => {
    const witness = aNode('witness-1', { roles: ['etcd', 'witness'] });
    expect(run([aLonghornManagerDaemonSet(3)], [...NODES, witness])).toEqual([]);
  });

  it('reports fewer Ready managers than counted nodes, naming the node without one', () => {
    const pods = [managerPod('node-1'), managerPod('node-2'), managerPod('node-3', false)];
    expect(run([aLonghornManagerDaemonSet(2, 3)], NODES, pods)).toEqual([
      {
        check: 'longhorn-manager-not-ready',
        severity: 'error',
        object: { kind: 'DaemonSet', namespace: 'longhorn-system', name: 'longhorn-manager' },
        message:
          '2 of 3 longhorn-manager pods are Ready, but the upgrade waits for exactly 3 (nodes labelled harvesterhci.io/managed=true and not node-role.harvesterhci.io/witness=true: node-1, node-2, node-3); no Ready longhorn-manager pod on node-3',
        remedy: expect.stringContaining(
          'kubectl -n longhorn-system get pods -l app=longhorn-manager -o wide',
        ) as unknown,
      },
    ]);
  });

  it('reports more Ready managers than counted nodes: a node without the managed label is not counted', () => {
    const nodes = [...NODES, aNode('node-4', { managed: false })];
    const pods = ['node-1', 'node-2', 'node-3', 'node-4'].map((node) => managerPod(node));
    const [finding] = run([aLonghornManagerDaemonSet(4)], nodes, pods);
    expect(finding?.message).toContain('4 of 4 longhorn-manager pods are Ready, but the upgrade waits for exactly 3');
    expect(finding?.message).toContain('Ready longhorn-manager pods on uncounted nodes node-4');
    expect(finding?.remedy).toContain('harvesterhci.io/managed=true');
  });

  it('reports a missing longhorn-manager DaemonSet, and does not take another DaemonSet for it', () => {
    expect(run([aLonghornManagerDaemonSet(3, 3, 'longhorn-csi-plugin')])).toEqual([
      expect.objectContaining({
        message: "there is no DaemonSet longhorn-system/longhorn-manager, so the upgrade's wait for it never ends",
      }),
    ]);
  });

  it('takes a status without numberReady as none Ready', () => {
    const set: DaemonSet = { ...aLonghornManagerDaemonSet(3), status: {} };
    expect(run([set])[0]?.message).toMatch(/^0 of 0 longhorn-manager pods are Ready/);
  });
});
