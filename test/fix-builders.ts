import { blockedPods } from '../src/drain/blocked-pods.js';
import type { FixOptions, FixPlan, FixTarget } from '../src/fix/fix-types.js';
import { planFix } from '../src/fix/plan-fix.js';
import type { KubeObject } from '../src/model/kube-object.js';
import type { InstanceManager, LonghornEngine, LonghornReplica, LonghornVolume } from '../src/model/longhorn.js';
import type { Node } from '../src/model/node.js';
import type { Pod, PodDisruptionBudget } from '../src/model/pod.js';
import type { ClusterSnapshot } from '../src/model/snapshot.js';
import { aNode, aSetting, snapshotOf } from './builders.js';
import { anImPdb, anImPod, anInfraPdb, anInfraPod, aTightPdb } from './drain-builders.js';
import { aVolume, aLonghornReplica, anInstanceManager } from './longhorn-builders.js';
import { aKubeVirt, type KubeVirtOptions } from './kubevirt-builders.js';

/** Worlds for fix-pdb's planner (src/fix): objects carry the server-set fields a backup must drop. */

/** fix-pdb's plan as the command makes it: from the drain analysis of the same snapshot (drain/blocked-pods). */
export const planFromDrain = (snapshot: ClusterSnapshot, target: FixTarget, options: FixOptions): FixPlan =>
  planFix(snapshot, target, options, blockedPods(snapshot, target));

/** The object as the API server returns it: resourceVersion, uid, creationTimestamp, generation, managedFields. */
export const served = <T extends KubeObject>(object: T, resourceVersion: string, generation = 1): T => ({
  ...object,
  metadata: {
    ...object.metadata,
    resourceVersion,
    generation,
    uid: object.metadata?.uid ?? `uid-${object.metadata?.name ?? ''}`,
    creationTimestamp: '2026-11-01T10:00:00Z',
    managedFields: [{ manager: 'kube-controller-manager', operation: 'Update', subresource: 'status' }],
  },
});

/** The object with these spec fields replaced (what a relaxing patch leaves). */
export const withSpec = <T extends KubeObject & { readonly spec?: object }>(object: T, spec: object): T => ({
  ...object,
  spec: { ...object.spec, ...spec },
});

/** The budget with status.observedGeneration behind metadata.generation (the disruption controller lags). */
export const stale = (pdb: PodDisruptionBudget): PodDisruptionBudget => ({
  ...pdb,
  metadata: { ...pdb.metadata, generation: 3 },
  status: { ...pdb.status, observedGeneration: 2 },
});

/**
 * The seed case (harvester/harvester#7647): harv1 the only control-plane node (cordoned by the drain), harv2 and harv3
 * Harvester workers, KubeVirt 1.3.1 without spec.infra.nodePlacement; one replica of virt-api and virt-controller
 * still on harv1, their replacements Pending, and both budgets at 0.
 */
export const seedSnapshot = (kubevirt: KubeVirtOptions = {}): ClusterSnapshot =>
  snapshotOf({
    nodes: [
      aNode('harv1', { unschedulable: true }),
      aNode('harv2', { roles: ['worker'] }),
      aNode('harv3', { roles: ['worker'] }),
    ],
    pods: [
      anInfraPod('virt-api', 'a', { node: 'harv1' }),
      anInfraPod('virt-api', 'c', { phase: 'Pending' }),
      anInfraPod('virt-controller', 'a', { node: 'harv1' }),
      anInfraPod('virt-controller', 'c', { phase: 'Pending' }),
    ],
    podDisruptionBudgets: (['virt-api', 'virt-controller'] as const).map((component) =>
      served(anInfraPdb(component, { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1 }), `${component}-7`),
    ),
    kubevirts: [served(aKubeVirt(kubevirt), 'kv-41')],
  });

/** Three schedulable nodes; node-1 is the one being drained. */
export const threeNodes = (): Node[] => [aNode('node-1', { unschedulable: true }), aNode('node-2'), aNode('node-3')];

export interface LonghornWorld {
  readonly replicas?: LonghornReplica[];
  readonly volumes?: LonghornVolume[];
  readonly engines?: LonghornEngine[];
  readonly ims?: InstanceManager[];
  readonly extraPods?: Pod[];
  readonly extraPdbs?: PodDisruptionBudget[];
  /** Leave Longhorn replicas unread. */
  readonly replicasUnread?: boolean;
}

/**
 * node-1's all-in-one instance manager under longhorn-manager's budget (0 disruptions), Harvester's
 * allow-if-replica-is-stopped policy, and attached volume pvc-a with the given replicas (default: healthy on every
 * node).
 */
export const longhornSnapshot = (world: LonghornWorld = {}): ClusterSnapshot => {
  const nodes = ['node-1', 'node-2', 'node-3'];
  return snapshotOf({
    nodes: threeNodes(),
    pods: [...nodes.map((node) => anImPod(node)), ...(world.extraPods ?? [])],
    podDisruptionBudgets: [...nodes.map((node) => served(anImPdb(node), `im-${node}-3`)), ...(world.extraPdbs ?? [])],
    longhornInstanceManagers: world.ims ?? nodes.map((node) => anInstanceManager(node)),
    longhornEngines: world.engines ?? [],
    ...(world.replicasUnread
      ? {}
      : { longhornReplicas: world.replicas ?? nodes.map((node) => aLonghornReplica('pvc-a', node)) }),
    longhornVolumes: world.volumes ?? [aVolume('pvc-a')],
    longhornSettings: [aSetting('node-drain-policy', 'allow-if-replica-is-stopped', 'longhorn-system')],
  });
};

/** A served tight budget with the metadata a backup keeps (finalizers, annotations) and one it drops (selfLink). */
export const aServedBudgetWithMetadata = () => ({
  ...served(aTightPdb('web', 'web'), '812', 4),
  metadata: {
    ...served(aTightPdb('web', 'web'), '812', 4).metadata,
    finalizers: ['example.com/keep'],
    selfLink: '/apis/policy/v1/namespaces/default/poddisruptionbudgets/web',
    annotations: { owner: 'team-a' },
  },
});
