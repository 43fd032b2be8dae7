import { aNode, aPod, snapshotOf, withTaints } from '../../test/builders.js';
import { pinnedPod } from '../../test/node-loss-builders.js';
import type { Node } from '../model/node.js';
import type { Pod } from '../model/pod.js';
import { upgradeSinglePointOfFailure } from './upgrade-single-point-of-failure.js';

const gpu = (name: string): Node => aNode(name, { labels: { 'gpu.example.com/model': 'a100' } });
const nodes = (): Node[] => [gpu('node-1'), aNode('node-2'), aNode('node-3')];
const run = (pods: Pod[], cluster: Node[] = nodes()) =>
  upgradeSinglePointOfFailure.run(snapshotOf({ nodes: cluster, pods }));
const deployed = (name: string, node = 'node-1') =>
  aPod(name, { namespace: 'ml', node, owner: { kind: 'ReplicaSet', name: 'trainer-5d8f' } });

describe('upgrade-single-point-of-failure', () => {
  it('stays quiet for pods without placement constraints, or whose constraints admit another node', () => {
    expect(run([deployed('free')])).toEqual([]);
    const both = [gpu('node-1'), gpu('node-2'), aNode('node-3')];
    expect(run([pinnedPod(deployed('trainer-a'), { 'gpu.example.com/model': 'a100' })], both)).toEqual([]);
  });

  it('reports one pod per controller that only its own node admits', () => {
    const pods = [
      pinnedPod(deployed('trainer-5d8f-a'), { 'gpu.example.com/model': 'a100' }),
      pinnedPod(deployed('trainer-5d8f-b'), { 'gpu.example.com/model': 'a100' }),
    ];
    expect(run(pods)).toEqual([
      {
        check: 'upgrade-single-point-of-failure',
        severity: 'warning',
        object: { kind: 'Pod', namespace: 'ml', name: 'trainer-5d8f-a' },
        message:
          'can run only on node-1: its nodeSelector gpu.example.com/model=a100 (with its tolerations) admits no other Ready, schedulable node, so ReplicaSet trainer-5d8f is down while the upgrade drains node-1',
        remedy: expect.stringContaining('Widen the placement of ReplicaSet ml/trainer-5d8f') as unknown,
      },
    ]);
  });

  it('does not count cordoned, NotReady or tainted nodes as somewhere to go', () => {
    const pod = pinnedPod(deployed('trainer-x'), { 'gpu.example.com/model': 'a100' });
    const cluster = [gpu('node-1'), gpu('node-2'), aNode('node-3')].map((node, index) =>
      index === 1 ? withTaints(node, [{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' }]) : node,
    );
    expect(run([pod], cluster)).toHaveLength(1);
    const tolerating: Pod = { ...pod, spec: { ...pod.spec, tolerations: [{ key: 'dedicated', operator: 'Exists' }] } };
    expect(run([tolerating], cluster)).toEqual([]);
    const gpuLabel = { 'gpu.example.com/model': 'a100' };
    const cordoned = aNode('gpu-2', { unschedulable: true, labels: gpuLabel });
    const down = aNode('gpu-3', { ready: 'False', labels: gpuLabel });
    expect(run([pod], [gpu('node-1'), cordoned, down, aNode('node-4')])).toHaveLength(1);
  });

  it('says nothing on a cluster with no other usable node, where every pod shares the fate of its node', () => {
    const pod = pinnedPod(deployed('trainer-x'), { 'gpu.example.com/model': 'a100' });
    expect(run([pod], [gpu('node-1')])).toEqual([]);
    expect(run([pod], [gpu('node-1'), aNode('node-2', { unschedulable: true })])).toEqual([]);
  });

  it('reads required node affinity', () => {
    const pod = deployed('pinned', 'node-2');
    const affine: Pod = {
      ...pod,
      spec: {
        ...pod.spec,
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-2'] }] }],
            },
          },
        },
      },
    };
    expect(run([affine])[0]?.message).toContain('its required node affinity');
  });

  it('leaves DaemonSet, bare, finished and VM pods alone', () => {
    const selector = { 'gpu.example.com/model': 'a100' };
    const daemon = aPod('ds', { node: 'node-1', owner: { kind: 'DaemonSet', name: 'ds' } });
    const bare = aPod('bare', { node: 'node-1' });
    const done = aPod('done', { node: 'node-1', phase: 'Succeeded', owner: { kind: 'ReplicaSet', name: 'rs' } });
    const vm = aPod('virt-launcher-x', { node: 'node-1', owner: { kind: 'VirtualMachineInstance', name: 'x' } });
    expect(run([daemon, bare, done, vm].map((pod) => pinnedPod(pod, selector)))).toEqual([]);
  });
});
