import { aNode, aPdb, snapshotOf } from '../../test/builders.js';
import { aLauncherPod, anEngine, aReplicaPod, aTightPdb, aVmiPdb, ownedByVm } from '../../test/drain-builders.js';
import { longhornSnapshot, planFromDrain, seedSnapshot, served, stale, threeNodes } from '../../test/fix-builders.js';
import { aVmi } from '../../test/kubevirt-builders.js';
import { aLonghornReplica, anInstanceManager } from '../../test/longhorn-builders.js';
import type { Pod, PodDisruptionBudget } from '../model/pod.js';
import type { ClusterSnapshot } from '../model/snapshot.js';
import type { FixOptions } from './fix-types.js';
import { planFix } from './plan-fix.js';

const PLAIN: FixOptions = { overrideOperatorBudgets: false };
const OVERRIDE: FixOptions = { overrideOperatorBudgets: true };

const KUBEVIRT_PATCH = {
  kind: 'merge-patch',
  resource: 'kubevirts',
  object: { kind: 'KubeVirt', namespace: 'harvester-system', name: 'kubevirt' },
  patch: { spec: { infra: { nodePlacement: {} } } },
  change: 'spec.infra.nodePlacement: unset → {} (virt-api and virt-controller may run on any node)',
  reason:
    'KubeVirt v1.3.1 without spec.infra.nodePlacement keeps virt-api and virt-controller on control-plane nodes and draining harv1 leaves no other schedulable one, so their replacements stay Pending and harvester-system/virt-api-pdb and harvester-system/virt-controller-pdb cannot let the drain go; with an empty nodePlacement the replacements start on any node and the budgets allow the evictions again',
  expectedResourceVersion: 'kv-41',
  expectedGeneration: 1,
  expectedUid: expect.any(String) as unknown,
  expectedOwnership: expect.any(String) as unknown,
};

const infraRef = (component: string) => ({
  kind: 'PodDisruptionBudget',
  namespace: 'harvester-system',
  name: `${component}-pdb`,
});

/** node-1 drained; `pods` on it (or elsewhere) under `budgets`. */
const userSnapshot = (pods: Pod[], budgets: PodDisruptionBudget[]): ClusterSnapshot =>
  snapshotOf({ nodes: threeNodes(), pods, podDisruptionBudgets: budgets });

const web = (name: string, options: { ready?: boolean; node?: string } = {}): Pod =>
  aReplicaPod(name, {
    labels: { app: 'web' },
    node: options.node ?? 'node-1',
    ...(options.ready === false ? { containers: [{ name: 'main', ready: false }] } : {}),
  });

describe('planFix: the KubeVirt placement trap (seed case, harvester/harvester#7647)', () => {
  it('patches KubeVirt first, and says the two virt-operator budgets let go after it without deleting them', () => {
    const plan = planFromDrain(seedSnapshot(), { node: 'harv1' }, PLAIN);
    expect(plan.actions).toEqual([KUBEVIRT_PATCH]);
    expect(plan.refusals).toEqual([]);
    expect(plan.notes).toEqual([
      expect.stringContaining(
        'KubeVirt harvester-system/kubevirt belongs to the harvester ManagedChart (Helm release harvester, Fleet bundle mcc-harvester): Harvester v1.4.2 and later charts carry the same empty nodePlacement',
      ),
      ...['virt-api', 'virt-controller'].map(
        (component) =>
          `harvester-system/${component}-pdb (virt-operator's) lets the drain go once the KubeVirt patch lets its Pending replicas start on another node and become Ready; delete it at once instead with --override-operator-budgets (virt-operator recreates it)`,
      ),
    ]);
  });

  it('deletes the two virt-operator budgets after the patch with the override, saying virt-operator recreates them', () => {
    const plan = planFromDrain(seedSnapshot(), { node: 'harv1' }, OVERRIDE);
    expect(plan.actions).toEqual([
      KUBEVIRT_PATCH,
      ...['virt-api', 'virt-controller'].map((component) => ({
        kind: 'delete',
        resource: 'podDisruptionBudgets',
        object: infraRef(component),
        change: `deletes harvester-system/${component}-pdb (virt-operator recreates it)`,
        reason: `it holds ${component}-a (0 disruptions allowed); without it the drain evicts the pod until virt-operator recreates it`,
        expectedResourceVersion: `${component}-7`,
        expectedGeneration: 1,
        expectedUid: expect.any(String) as unknown,
        expectedOwnership: expect.any(String) as unknown,
      })),
    ]);
    expect(plan.refusals).toEqual([]);
    expect(plan.notes).toContain(
      'virt-operator recreates harvester-system/virt-api-pdb after the deletion, so it lets the drain through only until then; root cause: the KubeVirt patch planned first: the Pending replicas start on another node and harvester-system/virt-api-pdb then lets the drain go',
    );
  });

  it('plans the patch for one infra budget named on the command line, and notes only that budget', () => {
    const plan = planFromDrain(seedSnapshot(), { namespace: 'harvester-system', name: 'virt-api-pdb' }, PLAIN);
    expect(plan.actions).toEqual([
      {
        ...KUBEVIRT_PATCH,
        reason: expect.stringContaining('Pending and harvester-system/virt-api-pdb cannot') as unknown,
      },
    ]);
    expect(plan.refusals).toEqual([]);
    expect(plan.notes).toEqual([
      expect.stringContaining('belongs to the harvester ManagedChart'),
      expect.stringContaining(
        "harvester-system/virt-api-pdb (virt-operator's) lets the drain go once the KubeVirt patch",
      ),
    ]);
  });

  it('does not patch KubeVirt once nodePlacement is set or before KubeVirt 1.3, and points at the pods instead', () => {
    for (const options of [{ nodePlacement: {} }, { observed: 'v1.2.2' }]) {
      const plan = planFromDrain(seedSnapshot(options), { node: 'harv1' }, PLAIN);
      expect(plan.actions).toEqual([]);
      expect(plan.refusals).toEqual([
        expect.objectContaining({
          object: infraRef('virt-api'),
          remedy: expect.stringContaining(
            'root cause: get its pods Ready so that it allows a disruption (kubectl -n harvester-system get pods -l kubevirt.io=virt-api -o wide); or delete it anyway with --override-operator-budgets',
          ) as unknown,
        }),
        expect.objectContaining({ object: infraRef('virt-controller') }),
      ]);
    }
  });
});

describe('planFix: operator budgets, as current upstream labels them', () => {
  /** virt-api-pdb as KubeVirt v0.49.0 and later label it; the placement is fine, so no KubeVirt patch frees it. */
  const infraBudget = (managedBy: string): PodDisruptionBudget =>
    aPdb('virt-api-pdb', {
      namespace: 'harvester-system',
      matchLabels: { 'kubevirt.io': 'virt-api' },
      labels: {
        'app.kubernetes.io/component': 'kubevirt',
        'app.kubernetes.io/managed-by': managedBy,
        'kubevirt.io': 'virt-api-pdb',
      },
      disruptionsAllowed: 0,
      currentHealthy: 1,
      desiredHealthy: 1,
    });
  const world = (pdb: PodDisruptionBudget): ClusterSnapshot =>
    snapshotOf({
      nodes: threeNodes(),
      pods: [
        aReplicaPod('virt-api-6d8f7b-a', {
          node: 'node-1',
          namespace: 'harvester-system',
          labels: { 'kubevirt.io': 'virt-api' },
        }),
        aReplicaPod('virt-api-6d8f7b-b', {
          node: 'node-2',
          namespace: 'harvester-system',
          labels: { 'kubevirt.io': 'virt-api' },
          containers: [{ name: 'main', ready: false }],
        }),
      ],
      podDisruptionBudgets: [pdb],
    });

  it.each(['virt-operator', 'kubevirt-operator'])(
    'does not plan virt-api-pdb (managed-by %s) without --override-operator-budgets, and deletes it with it',
    (managedBy) => {
      const plain = planFromDrain(world(infraBudget(managedBy)), { node: 'node-1' }, PLAIN);
      expect(plain.actions).toEqual([]);
      expect(plain.refusals).toEqual([
        expect.objectContaining({
          object: infraRef('virt-api'),
          reason:
            'virt-operator manages it and recreates it when deleted; fix-pdb deletes operator-managed budgets only with --override-operator-budgets',
        }),
      ]);
      const override = planFromDrain(world(infraBudget(managedBy)), { node: 'node-1' }, OVERRIDE);
      expect(override.actions).toEqual([
        expect.objectContaining({
          kind: 'delete',
          object: infraRef('virt-api'),
          change: 'deletes harvester-system/virt-api-pdb (virt-operator recreates it)',
        }),
      ]);
    },
  );

  it('relaxes the same budget when it carries no operator label, as a user budget', () => {
    const plan = planFromDrain(world(infraBudget('someone-else')), { node: 'node-1' }, PLAIN);
    expect(plan.refusals).toEqual([]);
    expect(plan.actions).toEqual([expect.objectContaining({ kind: 'merge-patch', object: infraRef('virt-api') })]);
  });

  it("relaxes a Helm chart's budget like a user's and notes that the release's next upgrade puts it back", () => {
    const chart = aPdb('rancher', {
      namespace: 'cattle-system',
      matchLabels: { app: 'rancher' },
      labels: { app: 'rancher', heritage: 'Helm', release: 'rancher', 'app.kubernetes.io/managed-by': 'Helm' },
      disruptionsAllowed: 0,
      currentHealthy: 1,
      desiredHealthy: 1,
    });
    const released = {
      ...chart,
      metadata: {
        ...chart.metadata,
        annotations: { 'meta.helm.sh/release-name': 'rancher', 'meta.helm.sh/release-namespace': 'cattle-system' },
      },
    };
    const snapshot = snapshotOf({
      nodes: threeNodes(),
      pods: [aReplicaPod('rancher-7f9c-a', { node: 'node-1', namespace: 'cattle-system', labels: { app: 'rancher' } })],
      podDisruptionBudgets: [released],
    });
    const plan = planFromDrain(snapshot, { node: 'node-1' }, PLAIN);
    expect(plan.actions).toEqual([expect.objectContaining({ kind: 'merge-patch' })]);
    expect(plan.notes).toContain(
      "cattle-system/rancher belongs to Helm release cattle-system/rancher: the next upgrade of that release puts the chart's spec back; to keep a relaxed budget, change the chart's values",
    );
  });

  it("refuses Longhorn's csi-attacher budget without the override, and names its pods as the root cause", () => {
    const csi = aPdb('csi-attacher', {
      namespace: 'longhorn-system',
      matchLabels: { app: 'csi-attacher' },
      disruptionsAllowed: 0,
      currentHealthy: 1,
      desiredHealthy: 1,
    });
    const snapshot = snapshotOf({
      nodes: threeNodes(),
      pods: [
        aReplicaPod('csi-attacher-5d7c9-a', {
          node: 'node-1',
          namespace: 'longhorn-system',
          labels: { app: 'csi-attacher' },
        }),
      ],
      podDisruptionBudgets: [csi],
      longhornReplicas: [],
      longhornVolumes: [],
    });
    const plain = planFromDrain(snapshot, { node: 'node-1' }, PLAIN);
    expect(plain.actions).toEqual([]);
    expect(plain.refusals).toEqual([
      expect.objectContaining({
        reason: expect.stringMatching(/^longhorn-manager manages it and recreates it when deleted/) as unknown,
        remedy: expect.stringContaining(
          'root cause: get its pods Ready so that it allows a disruption (kubectl -n longhorn-system get pods -l app=csi-attacher -o wide)',
        ) as unknown,
      }),
    ]);
    expect(planFromDrain(snapshot, { node: 'node-1' }, OVERRIDE).actions).toEqual([
      expect.objectContaining({
        kind: 'delete',
        change: 'deletes longhorn-system/csi-attacher (longhorn-manager recreates it)',
      }),
    ]);
  });
});

describe('planFix: Longhorn instance-manager budgets', () => {
  it('refuses the budget of a node holding the last healthy replica of an attached volume, even with the override', () => {
    const replicas = [
      aLonghornReplica('pvc-a', 'node-1'),
      aLonghornReplica('pvc-a', 'node-2', { failed: true }),
      aLonghornReplica('pvc-a', 'node-3', { state: 'stopped', unused: true }),
    ];
    for (const options of [PLAIN, OVERRIDE]) {
      const plan = planFromDrain(longhornSnapshot({ replicas }), { node: 'node-1' }, options);
      expect(plan.actions).toEqual([]);
      expect(plan.refusals).toEqual([
        {
          object: { kind: 'PodDisruptionBudget', namespace: 'longhorn-system', name: 'instance-manager-node-1' },
          reason:
            'node-1 holds the last healthy replica of attached volume pvc-a (PVC default/pvc-a): deleting the budget lets the drain stop it and the volume is left without healthy data (data loss), so fix-pdb refuses even with --override-operator-budgets',
          remedy:
            'let Longhorn rebuild a healthy replica of pvc-a (PVC default/pvc-a) on another node, or stop the workloads using it, then plan again',
        },
      ]);
    }
  });

  it('deletes it only with the override when healthy replicas live on other nodes', () => {
    const plain = planFromDrain(longhornSnapshot(), { node: 'node-1' }, PLAIN);
    expect(plain.actions).toEqual([]);
    expect(plain.refusals).toEqual([
      expect.objectContaining({
        reason:
          'longhorn-manager manages it and recreates it when deleted; fix-pdb deletes operator-managed budgets only with --override-operator-budgets',
        remedy: expect.stringMatching(
          /; or delete it anyway with --override-operator-budgets \(longhorn-manager recreates it\)$/,
        ) as unknown,
      }),
    ]);
    expect(plain.refusals[0]?.remedy).toBe(
      'root cause: longhorn-manager removes longhorn-system/instance-manager-node-1 itself once the node is cordoned and no volume depends on it; if it does not, check that every attached volume is healthy (kubectl -n longhorn-system get volumes.longhorn.io); or delete it anyway with --override-operator-budgets (longhorn-manager recreates it)',
    );
    const override = planFromDrain(longhornSnapshot(), { node: 'node-1' }, OVERRIDE);
    expect(override.actions).toEqual([
      {
        kind: 'delete',
        resource: 'podDisruptionBudgets',
        object: { kind: 'PodDisruptionBudget', namespace: 'longhorn-system', name: 'instance-manager-node-1' },
        change: 'deletes longhorn-system/instance-manager-node-1 (longhorn-manager recreates it)',
        reason:
          'it holds instance-manager-node-1 (0 disruptions allowed); without it the drain evicts the pod until longhorn-manager recreates it',
        expectedResourceVersion: 'im-node-1-3',
        expectedGeneration: 1,
        expectedUid: expect.any(String) as unknown,
        expectedOwnership: expect.any(String) as unknown,
      },
    ]);
    expect(override.notes).toEqual([
      expect.stringMatching(/^longhorn-manager recreates longhorn-system\/instance-manager-node-1/),
    ]);
  });

  it("names explain-drain's root cause without the override: an attached volume's engine still on the node", () => {
    const world = {
      engines: [anEngine('pvc-a', 'node-1')],
      ims: [anInstanceManager('node-1', ['pvc-a-e-0']), anInstanceManager('node-2'), anInstanceManager('node-3')],
    };
    expect(planFromDrain(longhornSnapshot(world), { node: 'node-1' }, PLAIN).refusals).toEqual([
      expect.objectContaining({
        remedy:
          'root cause: shut down or live-migrate the workloads of pvc-a (PVC default/pvc-a, attached); or delete it anyway with --override-operator-budgets (longhorn-manager recreates it)',
      }),
    ]);
  });

  it('refuses when replicas were not read: the last replica cannot be ruled out', () => {
    const plan = planFromDrain(longhornSnapshot({ replicasUnread: true }), { node: 'node-1' }, OVERRIDE);
    expect(plan.actions).toEqual([]);
    expect(plan.refusals).toEqual([
      expect.objectContaining({
        reason: expect.stringContaining(
          'Longhorn replicas were not read, so fix-pdb cannot rule out that node-1',
        ) as unknown,
      }),
    ]);
  });

  it('refuses the budget named on the command line the same way', () => {
    const replicas = [aLonghornReplica('pvc-a', 'node-1')];
    const plan = planFromDrain(
      longhornSnapshot({ replicas }),
      { namespace: 'longhorn-system', name: 'instance-manager-node-1' },
      OVERRIDE,
    );
    expect(plan.refusals).toEqual([
      expect.objectContaining({
        reason: expect.stringContaining('last healthy replica of attached volume pvc-a') as unknown,
      }),
    ]);
  });
});

describe('planFix: user budgets are relaxed, not deleted', () => {
  it('lets not-Ready pods go with unhealthyPodEvictionPolicy AlwaysAllow when every pod it holds is not Ready', () => {
    const budget = served(aTightPdb('web', 'web', { currentHealthy: 0 }), '812');
    const plan = planFromDrain(
      userSnapshot([web('web-1', { ready: false }), web('web-2', { ready: false, node: 'node-2' })], [budget]),
      { node: 'node-1' },
      PLAIN,
    );
    expect(plan).toEqual({
      actions: [
        {
          kind: 'merge-patch',
          resource: 'podDisruptionBudgets',
          object: { kind: 'PodDisruptionBudget', namespace: 'default', name: 'web' },
          patch: { spec: { unhealthyPodEvictionPolicy: 'AlwaysAllow' } },
          change: 'spec.unhealthyPodEvictionPolicy: IfHealthyBudget → AlwaysAllow',
          reason:
            "it holds web-1: every pod it holds is not Ready (web-1) and default/web is short of healthy pods (0 of 2), so under IfHealthyBudget the eviction API refuses them; with AlwaysAllow it evicts not-Ready pods whatever the budget's health",
          expectedResourceVersion: '812',
          expectedGeneration: 1,
          expectedUid: expect.any(String) as unknown,
          expectedOwnership: expect.any(String) as unknown,
        },
      ],
      refusals: [],
      notes: [],
    });
  });

  it('lowers a number minAvailable to the healthy pods minus one, with the arithmetic', () => {
    const budget = aTightPdb('web', 'web', { minAvailable: 3, currentHealthy: 3, desiredHealthy: 3, expectedPods: 3 });
    const pods = [web('web-1'), web('web-2', { node: 'node-2' }), web('web-3', { node: 'node-3' })];
    expect(planFromDrain(userSnapshot(pods, [budget]), { node: 'node-1' }, PLAIN).actions).toEqual([
      expect.objectContaining({
        patch: { spec: { minAvailable: 2 } },
        change: 'spec.minAvailable: 3 → 2 (currentHealthy 3 - 1)',
        reason:
          'it holds web-1: minAvailable 3 with 3 healthy allows 0 disruptions; minAvailable 2 allows 1 (3 healthy - 2 needed), so the drain can evict one pod at a time',
      }),
    ]);
  });

  it('takes a Ready pod among unready ones past AlwaysAllow to the arithmetic', () => {
    const budget = aTightPdb('web', 'web');
    const pods = [web('web-1'), web('web-2', { ready: false })];
    expect(planFromDrain(userSnapshot(pods, [budget]), { node: 'node-1' }, PLAIN).actions).toEqual([
      expect.objectContaining({ change: 'spec.minAvailable: 2 → 0 (currentHealthy 1 - 1)' }),
    ]);
  });

  it('raises maxUnavailable 0 (or 0%) to 1, and past the unhealthy pods when some are', () => {
    for (const maxUnavailable of [0, '0%']) {
      const budget = aTightPdb('web', 'web', { maxUnavailable, currentHealthy: 2, desiredHealthy: 2 });
      expect(
        planFromDrain(userSnapshot([web('web-1'), web('web-2')], [budget]), { node: 'node-1' }, PLAIN).actions,
      ).toEqual([
        expect.objectContaining({
          patch: { spec: { maxUnavailable: 1 } },
          change: `spec.maxUnavailable: ${String(maxUnavailable)} → 1 (all 2 pods healthy: one at a time)`,
          reason: expect.stringContaining(`maxUnavailable ${String(maxUnavailable)} lets no pod go`) as unknown,
        }),
      ]);
    }
    const budget = aTightPdb('web', 'web', {
      maxUnavailable: 1,
      expectedPods: 3,
      currentHealthy: 2,
      desiredHealthy: 2,
    });
    const pods = [web('web-1'), web('web-2'), web('web-3', { ready: false })];
    expect(planFromDrain(userSnapshot(pods, [budget]), { node: 'node-1' }, PLAIN).actions).toEqual([
      expect.objectContaining({
        patch: { spec: { maxUnavailable: 2 } },
        change: 'spec.maxUnavailable: 1 → 2 (1 pod of 3 already unhealthy + 1)',
      }),
    ]);
  });

  it('replaces a percentage minAvailable with maxUnavailable, removing minAvailable', () => {
    const budget = aTightPdb('web', 'web', { minAvailable: '100%', currentHealthy: 2, desiredHealthy: 2 });
    expect(
      planFromDrain(userSnapshot([web('web-1'), web('web-2')], [budget]), { node: 'node-1' }, PLAIN).actions,
    ).toEqual([
      expect.objectContaining({
        patch: { spec: { minAvailable: null, maxUnavailable: 1 } },
        change: 'spec.minAvailable: 100% → removed; spec.maxUnavailable: 1 (all 2 pods healthy: one at a time)',
      }),
    ]);
  });

  it('refuses a budget whose status is stale, and one no rule fits', () => {
    const stalePlan = planFromDrain(
      userSnapshot([web('web-1')], [stale(aTightPdb('web', 'web'))]),
      { node: 'node-1' },
      PLAIN,
    );
    expect(stalePlan.actions).toEqual([]);
    expect(stalePlan.refusals).toEqual([
      expect.objectContaining({
        reason: expect.stringContaining(
          'its status is behind its spec (status.observedGeneration 2 < metadata.generation 3)',
        ) as unknown,
      }),
    ]);
    const bare = aTightPdb('web', 'web');
    const neither: PodDisruptionBudget = { ...bare, spec: { selector: { matchLabels: { app: 'web' } } } };
    expect(
      planFromDrain(userSnapshot([web('web-1'), web('web-2')], [neither]), { node: 'node-1' }, PLAIN).refusals,
    ).toEqual([
      {
        object: { kind: 'PodDisruptionBudget', namespace: 'default', name: 'web' },
        reason: 'no relaxation rule fits it (1 healthy of 2), so fix-pdb cannot tell how far to loosen it',
        remedy:
          'back it up and edit it by hand: kubectl -n default get pdb web -o yaml > pdb-default-web.yaml && kubectl -n default edit pdb web',
      },
    ]);
  });

  it('relaxes a budget named on the command line for its pods on any node', () => {
    const budget = aTightPdb('web', 'web');
    const plan = planFromDrain(
      userSnapshot([web('web-1', { node: 'node-2' }), web('web-2', { node: 'node-3', ready: false })], [budget]),
      { namespace: 'default', name: 'web' },
      PLAIN,
    );
    expect(plan.actions).toEqual([
      expect.objectContaining({ reason: expect.stringMatching(/^it holds web-1, web-2: /) as unknown }),
    ]);
  });

  it('stays quiet when the budget allows a disruption', () => {
    const budget = aPdb('web', { matchLabels: { app: 'web' } });
    const snapshot = userSnapshot([web('web-1'), web('web-2', { node: 'node-2' })], [budget]);
    expect(planFromDrain(snapshot, { node: 'node-1' }, PLAIN)).toEqual({
      actions: [],
      refusals: [],
      notes: ['no PodDisruptionBudget holds a pod on node-1'],
    });
    expect(planFromDrain(snapshot, { namespace: 'default', name: 'web' }, PLAIN)).toEqual({
      actions: [],
      refusals: [],
      notes: [
        'default/web holds no pod a drain wants to evict (1 disruption allowed) and shares none with another budget: nothing to change',
      ],
    });
  });
});

describe('planFix: pods under two budgets', () => {
  const vmi = ownedByVm(aVmi('vm-1'), 'vm-1');
  const launcher = aLauncherPod(vmi, { labels: { app: 'vms' } });
  const vmiBudget = aVmiPdb(vmi);
  const guard = served(aTightPdb('vm-guard', 'vms'), '55');
  const snapshot = snapshotOf({
    nodes: threeNodes(),
    pods: [launcher],
    vmis: [vmi],
    podDisruptionBudgets: [vmiBudget, guard],
  });

  it('deletes the user budget and never touches the per-VMI one, override or not', () => {
    for (const options of [PLAIN, OVERRIDE]) {
      const plan = planFromDrain(snapshot, { node: 'node-1' }, options);
      expect(plan.actions).toEqual([
        {
          kind: 'delete',
          resource: 'podDisruptionBudgets',
          object: { kind: 'PodDisruptionBudget', namespace: 'default', name: 'vm-guard' },
          change: 'deletes user budget default/vm-guard (restored from the backup with --restore)',
          reason:
            'virt-launcher-vm-1-abcde is also under default/kubevirt-disruption-budget-x7k2p, and the eviction API answers 500 for a pod under more than one budget; deleting this user budget leaves default/kubevirt-disruption-budget-x7k2p in charge',
          expectedResourceVersion: '55',
          expectedGeneration: 1,
          expectedUid: expect.any(String) as unknown,
          expectedOwnership: expect.any(String) as unknown,
        },
      ]);
      expect(plan.refusals).toEqual([
        {
          object: { kind: 'PodDisruptionBudget', namespace: 'default', name: 'kubevirt-disruption-budget-x7k2p' },
          reason:
            "virt-controller owns it through VMI vm-1 and recreates it while the VM needs eviction protection, and KubeVirt's eviction webhook holds virt-launcher-vm-1-abcde regardless: fix-pdb never changes it",
          remedy:
            'migrate or stop the VM default/vm-1 (virtctl migrate vm-1 -n default, or virtctl stop vm-1 -n default)',
        },
      ]);
    }
  });

  it('refuses a per-VMI budget alone, even with the override', () => {
    const alone = snapshotOf({ nodes: threeNodes(), pods: [launcher], vmis: [vmi], podDisruptionBudgets: [vmiBudget] });
    const plan = planFromDrain(alone, { node: 'node-1' }, OVERRIDE);
    expect(plan.actions).toEqual([]);
    expect(plan.refusals).toEqual([
      expect.objectContaining({ remedy: expect.stringContaining('migrate or stop the VM') as unknown }),
    ]);
    expect(
      planFromDrain(alone, { namespace: 'default', name: 'kubevirt-disruption-budget-x7k2p' }, OVERRIDE).actions,
    ).toEqual([]);
  });

  it('never offers a migration for a VMI that cannot live-migrate: explain-drain says it cannot, so stop it', () => {
    const stuck = ownedByVm(
      aVmi('vm-1', {
        liveMigratable: { status: 'False', reason: 'DisksNotLiveMigratable', message: 'PVC vm-1-disk-0 is not shared' },
      }),
      'vm-1',
    );
    const pinned = snapshotOf({
      nodes: threeNodes(),
      pods: [aLauncherPod(stuck)],
      vmis: [stuck],
      podDisruptionBudgets: [aVmiPdb(stuck)],
    });
    const [refusal] = planFromDrain(pinned, { node: 'node-1' }, OVERRIDE).refusals;
    expect(refusal?.remedy).toBe(
      'the VM default/vm-1 cannot live-migrate (DisksNotLiveMigratable: PVC vm-1-disk-0 is not shared): stop it (virtctl stop vm-1 -n default)',
    );
    expect(refusal?.remedy).not.toContain('virtctl migrate');
  });

  it('does not pick between two user budgets for a node, but deletes the one named on the command line', () => {
    const pod = aReplicaPod('web-1', { labels: { app: 'web', tier: 'front' } });
    const budgets = [aTightPdb('web-a', 'web'), aTightPdb('web-b', 'web', { matchLabels: { tier: 'front' } })];
    const users = userSnapshot([pod], budgets);
    const plan = planFromDrain(users, { node: 'node-1' }, OVERRIDE);
    expect(plan.actions).toEqual([]);
    expect(plan.refusals).toEqual([
      expect.objectContaining({
        object: { kind: 'PodDisruptionBudget', namespace: 'default', name: 'web-a' },
        reason: expect.stringContaining('web-1 is also under user budget default/web-b') as unknown,
      }),
      expect.objectContaining({ object: { kind: 'PodDisruptionBudget', namespace: 'default', name: 'web-b' } }),
    ]);
    expect(planFromDrain(users, { namespace: 'default', name: 'web-b' }, PLAIN).actions).toEqual([
      expect.objectContaining({
        kind: 'delete',
        object: { kind: 'PodDisruptionBudget', namespace: 'default', name: 'web-b' },
      }),
    ]);
  });
});

describe('planFix: targets and other blockers', () => {
  it('plans from the drain analysis it is given, not from one of its own', () => {
    // The seed case's blocks, analysed by the caller; without them the planner sees nothing held on harv1.
    expect(planFix(seedSnapshot(), { node: 'harv1' }, PLAIN, [])).toEqual({
      actions: [],
      refusals: [],
      notes: ['no PodDisruptionBudget holds a pod on harv1'],
    });
    expect(planFromDrain(seedSnapshot(), { node: 'harv1' }, PLAIN).actions).toEqual([KUBEVIRT_PATCH]);
  });

  it('refuses a node or a budget that does not exist', () => {
    const snapshot = userSnapshot([], []);
    expect(planFromDrain(snapshot, { node: 'node-9' }, PLAIN).refusals).toEqual([
      { object: { kind: 'Node', name: 'node-9' }, reason: 'there is no node node-9' },
    ]);
    expect(planFromDrain(snapshot, { namespace: 'default', name: 'web' }, PLAIN).refusals).toEqual([
      {
        object: { kind: 'PodDisruptionBudget', namespace: 'default', name: 'web' },
        reason: 'there is no PodDisruptionBudget default/web',
      },
    ]);
  });

  it('plans nothing for a single-node cluster, which the upgrade never drains', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1')],
      pods: [web('web-1')],
      podDisruptionBudgets: [aTightPdb('web', 'web')],
    });
    expect(planFromDrain(snapshot, { node: 'node-1' }, PLAIN)).toEqual({
      actions: [],
      refusals: [],
      notes: [expect.stringContaining('a single-node upgrade drains nothing') as unknown],
    });
  });

  it('notes what else holds a pod, which no budget change fixes', () => {
    const vmi = ownedByVm(
      aVmi('vm-2', {
        evictionStrategy: 'LiveMigrate',
        liveMigratable: { status: 'False', reason: 'DisksNotLiveMigratable', message: 'not shared' },
      }),
      'vm-2',
    );
    const snapshot = snapshotOf({
      nodes: threeNodes(),
      pods: [aLauncherPod(vmi)],
      vmis: [vmi],
      podDisruptionBudgets: [],
    });
    expect(planFromDrain(snapshot, { node: 'node-1' }, PLAIN).notes).toEqual([
      'no PodDisruptionBudget holds a pod on node-1',
      expect.stringMatching(
        /^default\/virt-launcher-vm-2-abcde is also held by virt-launcher-eviction \(KubeVirt denies the eviction: .*\); fix-pdb does not change that$/,
      ),
    ]);
  });

  it('plans each budget on its own: a user budget relaxed next to a refused instance-manager budget', () => {
    const snapshot = longhornSnapshot({
      extraPods: [web('web-1', { node: 'node-2' })],
      extraPdbs: [aTightPdb('web', 'web')],
    });
    const plan = planFromDrain(snapshot, { node: 'node-2' }, PLAIN);
    expect(plan.actions.map((action) => [action.kind, action.object.name])).toEqual([['merge-patch', 'web']]);
    expect(plan.refusals.map((refusal) => refusal.object.name)).toEqual(['instance-manager-node-2']);
  });
});
