import { aNode, snapshotOf } from '../../test/builders.js';
import { anInfraPdb, anInfraPod, aReplicaPod, drainOf } from '../../test/drain-builders.js';
import { aKubeVirt, type KubeVirtOptions } from '../../test/kubevirt-builders.js';
import type { Node } from '../model/node.js';
import type { Pod, PodDisruptionBudget } from '../model/pod.js';
import { kubevirtPlacementTrap } from './kubevirt-placement-trap.js';

/** The seed topology (harvester/harvester#7647): one management node and two Harvester workers. */
const seedNodes = (): Node[] => [
  aNode('harv1', { unschedulable: true }),
  aNode('harv2', { roles: ['worker'] }),
  aNode('harv3', { roles: ['worker'] }),
];

/** After the drain evicted one virt-api replica: its replacement Pending, the budget at 0. */
const afterFirstEviction = (): { pods: Pod[]; pdbs: PodDisruptionBudget[] } => ({
  pods: [anInfraPod('virt-api', 'a', { node: 'harv1' }), anInfraPod('virt-api', 'c', { phase: 'Pending' })],
  pdbs: [anInfraPdb('virt-api', { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1 })],
});

const explain = (
  pod: Pod,
  world: { pods: Pod[]; pdbs: PodDisruptionBudget[] },
  kubevirt: KubeVirtOptions = {},
  nodes: Node[] = seedNodes(),
) =>
  kubevirtPlacementTrap(
    pod,
    drainOf(
      snapshotOf({ nodes, pods: world.pods, podDisruptionBudgets: world.pdbs, kubevirts: [aKubeVirt(kubevirt)] }),
      'harv1',
    ),
  );

const PATCH = `kubectl -n harvester-system patch kubevirt kubevirt --type merge -p '{"spec":{"infra":{"nodePlacement":{}}}}'`;

describe('kubevirt-placement-trap', () => {
  it('blocks the seed case: KubeVirt 1.3.1 without nodePlacement, one control-plane node, the replacement Pending', () => {
    const world = afterFirstEviction();
    const [pod] = world.pods;
    expect(pod && explain(pod, world)).toEqual([
      {
        filter: 'kubevirt-placement-trap',
        verdict: 'block',
        pdb: 'harvester-system/virt-api-pdb',
        message:
          'virt-api may run only on control-plane nodes (KubeVirt v1.3.1 without spec.infra.nodePlacement) and no other schedulable control-plane node is left, so replacements of evicted virt-api pods stay Pending and harvester-system/virt-api-pdb (0 disruptions allowed) cannot let this pod go; 1 replacement already Pending',
        remedy: expect.stringContaining(`Let KubeVirt's infra pods run on any node: ${PATCH}`) as unknown,
      },
    ]);
  });

  it('blocks before the drain too, when more replicas sit on the node than the budget lets go', () => {
    const pods = [
      anInfraPod('virt-controller', 'a', { node: 'harv1' }),
      anInfraPod('virt-controller', 'b', { node: 'harv1' }),
    ];
    const pdbs = [anInfraPdb('virt-controller', { disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1 })];
    const [pod] = pods;
    expect(pod && explain(pod, { pods, pdbs })).toEqual([
      expect.objectContaining({
        verdict: 'block',
        message: expect.stringContaining(
          'harvester-system/virt-controller-pdb (1 disruption allowed) cannot let all 2 of its pods on harv1 go',
        ) as unknown,
      }),
    ]);
  });

  it('takes an unknown KubeVirt version as 1.3 or later', () => {
    const world = afterFirstEviction();
    const [pod] = world.pods;
    expect(pod && explain(pod, world, { observed: null })).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('(KubeVirt of unknown version, taken as 1.3 or later without') as unknown,
      }),
    ]);
  });

  it('stays quiet when the replicas can go: nodePlacement set, KubeVirt before 1.3, another control-plane node', () => {
    const world = afterFirstEviction();
    const [pod] = world.pods;
    if (!pod) throw new Error('no pod');
    expect(explain(pod, world, { nodePlacement: {} })).toEqual([]);
    expect(explain(pod, world, { observed: 'v1.2.2' })).toEqual([]);
    expect(explain(pod, world, {}, [...seedNodes(), aNode('harv4')])).toEqual([]);
  });

  it('counts an empty spec.infra without nodePlacement as unset', () => {
    const world = afterFirstEviction();
    const [pod] = world.pods;
    expect(pod && explain(pod, world, { nodePlacement: null })).toEqual([
      expect.objectContaining({ verdict: 'block' }),
    ]);
  });

  it('stays quiet when the budget lets every replica on the node go, or there is no budget', () => {
    const pods = [anInfraPod('virt-api', 'a', { node: 'harv1' }), anInfraPod('virt-api', 'b', { node: 'harv2' })];
    const [pod] = pods;
    if (!pod) throw new Error('no pod');
    const pdbs = [anInfraPdb('virt-api', { disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1 })];
    expect(explain(pod, { pods, pdbs })).toEqual([]);
    expect(explain(pod, { pods, pdbs: [] })).toEqual([]);
  });

  it('stays quiet for other pods and other namespaces', () => {
    const world = afterFirstEviction();
    expect(explain(aReplicaPod('web-1', { node: 'harv1' }), world)).toEqual([]);
    expect(explain(anInfraPod('virt-api', 'x', { node: 'harv1', namespace: 'kubevirt' }), world)).toEqual([]);
    expect(explain(anInfraPod('virt-api', 'c', { phase: 'Pending' }), world)).toEqual([]);
  });
});
