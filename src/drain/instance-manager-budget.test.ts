import { aNode, aSetting, snapshotOf } from '../../test/builders.js';
import { anEngine, anImPdb, anImPod, aReplicaPod, drainOf } from '../../test/drain-builders.js';
import { aVolume, aLonghornReplica, anInstanceManager } from '../../test/longhorn-builders.js';
import type { InstanceManager, LonghornEngine, LonghornReplica, LonghornVolume } from '../model/longhorn.js';
import type { Pod, PodDisruptionBudget } from '../model/pod.js';
import type { Setting } from '../model/harvester.js';
import { instanceManagerBudget } from './instance-manager-budget.js';

interface World {
  readonly cordoned?: boolean;
  readonly pdbs?: PodDisruptionBudget[];
  readonly ims?: InstanceManager[];
  readonly engines?: LonghornEngine[];
  readonly replicas?: LonghornReplica[];
  readonly volumes?: LonghornVolume[];
  readonly policy?: string;
  readonly pod?: Pod;
}

const NODES = ['node-1', 'node-2', 'node-3'];

const explain = (world: World = {}) => {
  const settings: Setting[] = world.policy ? [aSetting('node-drain-policy', world.policy, 'longhorn-system')] : [];
  const pod = world.pod ?? anImPod('node-1');
  return instanceManagerBudget(
    pod,
    drainOf(
      snapshotOf({
        nodes: [aNode('node-1', { unschedulable: world.cordoned ?? true }), aNode('node-2'), aNode('node-3')],
        pods: [pod, ...NODES.slice(1).map((node) => anImPod(node))],
        podDisruptionBudgets: world.pdbs ?? NODES.map((node) => anImPdb(node)),
        longhornInstanceManagers: world.ims ?? NODES.map((node) => anInstanceManager(node)),
        longhornEngines: world.engines ?? [],
        longhornReplicas: world.replicas ?? [],
        longhornVolumes: world.volumes ?? [aVolume('pvc-a'), aVolume('pvc-b', { state: 'detached' })],
        longhornSettings: settings,
      }),
    ),
  );
};

const HEAD =
  'Longhorn removes PodDisruptionBudget longhorn-system/instance-manager-node-1 (disruptionsAllowed 0) itself only from a cordoned node with no attached volume and no replica its node-drain-policy protects: ';

/** pvc-a attached on node-1 with replicas on every node. */
const attachedHere = (): World => ({
  engines: [anEngine('pvc-a', 'node-1')],
  ims: [anInstanceManager('node-1', ['pvc-a-e-0']), anInstanceManager('node-2'), anInstanceManager('node-3')],
  replicas: NODES.map((node) => aLonghornReplica('pvc-a', node)),
  policy: 'allow-if-replica-is-stopped',
});

describe('instance-manager-budget', () => {
  it('explains an uncordoned node running the engine of an attached volume', () => {
    expect(explain({ ...attachedHere(), cordoned: false })).toEqual([
      {
        filter: 'instance-manager-budget',
        verdict: 'block',
        pdb: 'longhorn-system/instance-manager-node-1',
        message: `${HEAD}node-1 is not cordoned yet, and Longhorn removes the budget only from an unschedulable node; engines of attached volumes still run on node-1: pvc-a (PVC default/pvc-a, attached)`,
        remedy:
          'Longhorn reconsiders once the drain has cordoned node-1 (kubectl cordon node-1); shut down or live-migrate the workloads of pvc-a (PVC default/pvc-a, attached)',
      },
    ]);
  });

  it('says the node is cordoned when it is', () => {
    expect(explain(attachedHere())).toEqual([
      expect.objectContaining({
        message: `${HEAD}node-1 is cordoned; engines of attached volumes still run on node-1: pvc-a (PVC default/pvc-a, attached)`,
      }),
    ]);
  });

  it('holds the last healthy replica of a volume under allow-if-replica-is-stopped while it runs', () => {
    const replicas = [
      aLonghornReplica('pvc-a', 'node-1'),
      aLonghornReplica('pvc-a', 'node-2', { failed: true }),
      aLonghornReplica('pvc-a', 'node-3', { state: 'stopped', unused: true }),
    ];
    expect(explain({ replicas, policy: 'allow-if-replica-is-stopped' })).toEqual([
      expect.objectContaining({
        message: `${HEAD}node-1 is cordoned; node-drain-policy allow-if-replica-is-stopped keeps it while node-1 holds the last healthy replica of pvc-a (PVC default/pvc-a, attached)`,
        remedy:
          'Let Longhorn rebuild a healthy replica of pvc-a (PVC default/pvc-a, attached) on another node, or stop the workloads using them',
      }),
    ]);
  });

  it('lets stopped replicas go under allow-if-replica-is-stopped but not under the default block-if-contains-last-replica', () => {
    const replicas = [aLonghornReplica('pvc-b', 'node-1', { state: 'stopped' })];
    expect(explain({ replicas, policy: 'allow-if-replica-is-stopped' })).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('nothing Longhorn waits for is visible') as unknown,
      }),
    ]);
    expect(explain({ replicas })).toEqual([
      expect.objectContaining({
        message: `${HEAD}node-1 is cordoned; node-drain-policy block-if-contains-last-replica (Longhorn's default) keeps it while node-1 holds the last healthy replica of pvc-b (PVC default/pvc-b, detached)`,
        remedy: expect.stringContaining(
          `and switch to Harvester's policy, which lets stopped replicas go: kubectl -n longhorn-system patch settings.longhorn.io node-drain-policy --type merge -p '{"value":"allow-if-replica-is-stopped"}'`,
        ) as unknown,
      }),
    ]);
  });

  it('does not hold a replica whose volume has a healthy replica under a budget on another schedulable node', () => {
    const replicas = [aLonghornReplica('pvc-a', 'node-1'), aLonghornReplica('pvc-a', 'node-2')];
    const held = explain({ replicas, pdbs: [anImPdb('node-1')] });
    expect(held).toEqual([
      expect.objectContaining({ message: expect.stringContaining('last healthy replica of pvc-a') as unknown }),
    ]);
    expect(explain({ replicas })).toEqual([
      expect.objectContaining({ message: expect.stringContaining('nothing Longhorn waits for is visible') as unknown }),
    ]);
  });

  it('waits for every replica under block-for-eviction and for none under always-allow', () => {
    const replicas = [aLonghornReplica('pvc-a', 'node-1'), aLonghornReplica('pvc-a', 'node-2')];
    expect(explain({ replicas, policy: 'block-for-eviction' })).toEqual([
      expect.objectContaining({
        message: `${HEAD}node-1 is cordoned; node-drain-policy block-for-eviction keeps it until every replica has left node-1 (1 replica of pvc-a (PVC default/pvc-a, attached))`,
      }),
    ]);
    expect(explain({ replicas, policy: 'always-allow' })).toEqual([
      expect.objectContaining({ message: expect.stringContaining('nothing Longhorn waits for is visible') as unknown }),
    ]);
  });

  it('never holds a replica that never started', () => {
    const replicas = [aLonghornReplica('pvc-b', 'node-1', { state: 'stopped', unused: true })];
    expect(explain({ replicas })).toEqual([
      expect.objectContaining({ message: expect.stringContaining('nothing Longhorn waits for is visible') as unknown }),
    ]);
  });

  it('recognises the orphan engine an instance manager still lists, with the documented workaround', () => {
    const ims = [
      anInstanceManager('node-1', ['pvc-9ae0-e-0', 'pvc-gone-e-0']),
      anInstanceManager('node-2'),
      anInstanceManager('node-3'),
    ];
    const engines = [anEngine('pvc-9ae0', null)];
    expect(explain({ ims, engines, policy: 'allow-if-replica-is-stopped' })).toEqual([
      expect.objectContaining({
        message: `${HEAD}node-1 is cordoned; instance manager instance-manager-node-1 still lists 2 engines that no longer run here: pvc-9ae0-e-0 (stopped, no node), pvc-gone-e-0 (gone) (the orphan engine of harvester/harvester#7366)`,
        remedy: expect.stringMatching(
          /^Verify that every attached volume is healthy \(kubectl -n longhorn-system get volumes.longhorn.io .*\), then delete the budget with a backup \(fix-pdb refuses while the node holds a volume's last healthy replica\): kubectl harvester-upgrade fix-pdb -n longhorn-system instance-manager-node-1 --override-operator-budgets$/,
        ) as unknown,
      }),
    ]);
  });

  it('counts an engine the instance manager lists that still belongs to the node as attached, not orphaned', () => {
    const ims = [anInstanceManager('node-1', ['pvc-a-e-0']), anInstanceManager('node-2'), anInstanceManager('node-3')];
    expect(explain({ ims, engines: [anEngine('pvc-a', 'node-1', 'stopping')] })).toEqual([
      expect.objectContaining({
        message: `${HEAD}node-1 is cordoned; engines of attached volumes still run on node-1: pvc-a (PVC default/pvc-a, attached)`,
        remedy: 'Shut down or live-migrate the workloads of pvc-a (PVC default/pvc-a, attached)',
      }),
    ]);
  });

  it('recognises a budget named after another node’s instance manager (harvester/harvester#3730)', () => {
    const pdbs = [anImPdb('node-3', { selects: 'node-1' }), anImPdb('node-2')];
    expect(explain({ pdbs })).toEqual([
      {
        filter: 'instance-manager-budget',
        verdict: 'block',
        pdb: 'longhorn-system/instance-manager-node-3',
        message:
          'Longhorn removes PodDisruptionBudget longhorn-system/instance-manager-node-3 (disruptionsAllowed 0) itself only from a cordoned node with no attached volume and no replica its node-drain-policy protects: it is named after instance manager instance-manager-node-3 of node node-3 but selects the one on node-1, so Longhorn weighs the wrong node and does not remove it for this drain (the misconfigured budget of harvester/harvester#3730)',
        remedy: expect.stringContaining(
          'kubectl harvester-upgrade fix-pdb -n longhorn-system instance-manager-node-3 --override-operator-budgets',
        ) as unknown,
      },
    ]);
  });

  it('says when the instance manager does not run, and when no instance manager carries the budget name', () => {
    const stopped = explain({ ims: [anInstanceManager('node-1', [], 'error'), anInstanceManager('node-2')] });
    expect(stopped).toEqual([
      expect.objectContaining({
        message: expect.stringContaining(
          'instance manager instance-manager-node-1 is in state error, and Longhorn handles its budget only while it runs',
        ) as unknown,
      }),
    ]);
    expect(explain({ ims: [anInstanceManager('node-2')] })).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('no instance manager is named instance-manager-node-1') as unknown,
      }),
    ]);
  });

  it('stays quiet for other pods and for a budget that still allows a disruption', () => {
    expect(explain({ pod: aReplicaPod('web-1', { namespace: 'longhorn-system' }) })).toEqual([]);
    expect(explain({ pdbs: [anImPdb('node-1', { disruptionsAllowed: 1 })] })).toEqual([]);
    expect(explain({ pod: anImPod('node-1', { phase: 'Pending' }) })).toEqual([]);
  });
});
