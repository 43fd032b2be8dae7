import { aNode, aPdb, aPod, snapshotOf, withAllocatable, withTaints } from '../../test/builders.js';
import { aVirtApiPod, withPlacement } from '../../test/stage-builders.js';
import { describeNodeSelectorTerms, pendingReplacements, replacementNodes } from './replacement-placement.js';

const worker = (name: string) =>
  aNode(name, { roles: ['worker'], labels: { 'node-role.harvesterhci.io/worker': 'true' } });

const CONTROL_PLANE_MISMATCH =
  'required node affinity does not match (node-role.kubernetes.io/control-plane Exists or node-role.kubernetes.io/master Exists)';

describe('replacementNodes', () => {
  it('finds no home for a virt-api replica when the only control-plane node drains (harvester#7647)', () => {
    const pod = aVirtApiPod('virt-api-5f8d7c7b9-abcde', 'harv-1');
    const snapshot = snapshotOf({
      nodes: [aNode('harv-1'), worker('harv-2'), worker('harv-3')],
      pods: [pod, aVirtApiPod('virt-api-5f8d7c7b9-fghij', 'harv-1')],
    });

    expect(replacementNodes(pod, snapshot, 'harv-1')).toEqual([
      { node: 'harv-2', fits: false, reasons: [CONTROL_PLANE_MISMATCH] },
      { node: 'harv-3', fits: false, reasons: [CONTROL_PLANE_MISMATCH] },
    ]);
  });

  it('fits a second control-plane node, its NoSchedule taint tolerated', () => {
    const pod = aVirtApiPod('virt-api-1', 'harv-1');
    const secondControlPlane = withTaints(aNode('harv-2'), [
      { key: 'node-role.kubernetes.io/control-plane', value: 'true', effect: 'NoSchedule' },
    ]);
    const snapshot = snapshotOf({ nodes: [aNode('harv-1'), secondControlPlane, worker('harv-3')], pods: [pod] });

    expect(replacementNodes(pod, snapshot, 'harv-1')).toEqual([
      { node: 'harv-2', fits: true, reasons: [] },
      { node: 'harv-3', fits: false, reasons: [CONTROL_PLANE_MISMATCH] },
    ]);
  });

  it('refuses a cordoned node unless the pod tolerates the unschedulable taint', () => {
    const snapshot = snapshotOf({ nodes: [aNode('node-1'), aNode('node-2', { unschedulable: true })] });
    const plain = aPod('web-1');
    const daemon = withPlacement(aPod('agent-1'), {
      tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }],
    });

    expect(replacementNodes(plain, snapshot, 'node-1')).toEqual([
      { node: 'node-2', fits: false, reasons: ['node is cordoned (spec.unschedulable)'] },
    ]);
    expect(replacementNodes(daemon, snapshot, 'node-1')).toEqual([{ node: 'node-2', fits: true, reasons: [] }]);
  });

  it('reports the cordon once even when the node also carries the unschedulable taint', () => {
    const cordoned = withTaints(aNode('node-2', { unschedulable: true }), [
      { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
    ]);
    const snapshot = snapshotOf({ nodes: [cordoned] });

    expect(replacementNodes(aPod('web-1'), snapshot, 'node-1')[0]?.reasons).toEqual([
      'node is cordoned (spec.unschedulable)',
    ]);
  });

  it.each<['True' | 'False' | 'Unknown', readonly string[]]>([
    ['True', []],
    ['False', ['node is not Ready (Ready=False)']],
    ['Unknown', ['node is not Ready (Ready=Unknown)']],
  ])('judges a node whose Ready is %s', (ready, reasons) => {
    const notReady = withTaints(aNode('node-2', { ready }), [
      ...(ready === 'False' ? [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }] : []),
    ]);
    const snapshot = snapshotOf({ nodes: [notReady] });

    expect(replacementNodes(aPod('web-1'), snapshot, 'node-1')).toEqual([
      { node: 'node-2', fits: reasons.length === 0, reasons },
    ]);
  });

  it('lets a pod that tolerates not-ready onto a NotReady node', () => {
    const pod = withPlacement(aPod('web-1'), {
      tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists' }],
    });
    const snapshot = snapshotOf({ nodes: [aNode('node-2', { ready: 'False' })] });

    expect(replacementNodes(pod, snapshot, 'node-1')[0]?.fits).toBe(true);
  });

  it('names each NoSchedule or NoExecute taint the pod does not tolerate, and ignores PreferNoSchedule', () => {
    const tainted = withTaints(aNode('node-2'), [
      { key: 'node-role.harvesterhci.io/witness', value: 'true', effect: 'NoExecute' },
      { key: 'kubevirt.io/drain', value: 'draining', effect: 'NoSchedule' },
      { key: 'dedicated', value: 'gpu', effect: 'PreferNoSchedule' },
      { key: 'tolerated', effect: 'NoSchedule' },
    ]);
    const pod = withPlacement(aPod('web-1'), { tolerations: [{ key: 'tolerated', operator: 'Exists' }] });

    expect(replacementNodes(pod, snapshotOf({ nodes: [tainted] }), 'node-1')[0]?.reasons).toEqual([
      'taint node-role.harvesterhci.io/witness=true:NoExecute is not tolerated',
      'taint kubevirt.io/drain=draining:NoSchedule is not tolerated',
    ]);
  });

  it('names the nodeSelector pairs that do not match', () => {
    const pod = withPlacement(aPod('web-1'), { nodeSelector: { 'kubernetes.io/hostname': 'node-9', zone: 'a' } });
    const node = aNode('node-2', { labels: { zone: 'a' } });

    expect(replacementNodes(pod, snapshotOf({ nodes: [node] }), 'node-1')[0]?.reasons).toEqual([
      'nodeSelector does not match (kubernetes.io/hostname=node-9)',
    ]);
  });

  it('leaves out the excluded node and lists every reason in filter order', () => {
    const pod = aVirtApiPod('virt-api-1', 'node-1');
    const node = withTaints(worker('node-2'), [{ key: 'maintenance', effect: 'NoExecute' }]);
    const nodes = [aNode('node-1'), { ...node, spec: { ...node.spec, unschedulable: true } }];

    expect(replacementNodes(pod, snapshotOf({ nodes }), 'node-1')).toEqual([
      {
        node: 'node-2',
        fits: false,
        reasons: [
          'node is cordoned (spec.unschedulable)',
          'taint maintenance:NoExecute is not tolerated',
          CONTROL_PLANE_MISMATCH,
        ],
      },
    ]);
  });

  describe('resources', () => {
    const node = withAllocatable(aNode('node-2'), { cpu: '4', memory: '8Gi', pods: '3' });
    const busy = (name: string, requests: Record<string, string>, phase: 'Running' | 'Succeeded' = 'Running') =>
      withPlacement(aPod(name, { node: 'node-2', phase }), { requests });

    it('refuses a node whose bound pods leave too little CPU or memory', () => {
      const snapshot = snapshotOf({
        nodes: [node],
        pods: [busy('a', { cpu: '3500m', memory: '6Gi' }), busy('done', { cpu: '4', memory: '8Gi' }, 'Succeeded')],
      });
      const pod = withPlacement(aPod('web-1'), { requests: { cpu: '1', memory: '3Gi' } });

      expect(replacementNodes(pod, snapshot, 'node-1')[0]?.reasons).toEqual([
        'insufficient cpu: requests 1, 500m free of 4 allocatable',
        'insufficient memory: requests 3Gi, 2Gi free of 8Gi allocatable',
      ]);
    });

    it('fits when the requests fit and ignores resources the pod does not request', () => {
      const snapshot = snapshotOf({ nodes: [node], pods: [busy('a', { cpu: '3500m', memory: '8Gi' })] });
      const pod = withPlacement(aPod('web-1'), { requests: { cpu: '500m' } });

      expect(replacementNodes(pod, snapshot, 'node-1')[0]).toEqual({ node: 'node-2', fits: true, reasons: [] });
    });

    it('refuses a node that already runs its allowed number of pods', () => {
      const snapshot = snapshotOf({
        nodes: [node],
        pods: [busy('a', {}), busy('b', {}), busy('c', {})],
      });

      expect(replacementNodes(aPod('web-1'), snapshot, 'node-1')[0]?.reasons).toEqual([
        'too many pods: 3 of 3 allowed already run there',
      ]);
    });
  });
});

describe('describeNodeSelectorTerms', () => {
  it('writes every operator and joins requirements with and, terms with or', () => {
    expect(
      describeNodeSelectorTerms([
        {
          matchExpressions: [
            { key: 'zone', operator: 'In', values: ['a', 'b'] },
            { key: 'cores', operator: 'Gt', values: ['8'] },
          ],
          matchFields: [{ key: 'metadata.name', operator: 'NotIn', values: ['node-1'] }],
        },
        {},
        { matchExpressions: [{ key: 'gpu', operator: 'DoesNotExist' }] },
      ]),
    ).toBe('zone In (a, b) and cores Gt 8 and metadata.name NotIn (node-1) or gpu DoesNotExist');
    expect(describeNodeSelectorTerms([])).toBe('no terms');
  });
});

describe('pendingReplacements', () => {
  const unschedulable = (message: string) => [
    { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message },
  ];
  const MESSAGE =
    "0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) didn't match Pod's node affinity/selector.";

  it('lists Pending pods of the same controller with the scheduler message', () => {
    const pod = aVirtApiPod('virt-api-1', 'harv-1');
    const pending = aVirtApiPod('virt-api-2', 'harv-1', {
      phase: 'Pending',
      node: undefined,
      conditions: unschedulable(MESSAGE),
    });
    const running = aVirtApiPod('virt-api-3', 'harv-1');
    const otherOwner = aPod('web-1', {
      namespace: 'harvester-system',
      phase: 'Pending',
      owner: { kind: 'ReplicaSet', name: 'web-1234' },
    });

    expect(pendingReplacements(pod, snapshotOf({ pods: [pod, pending, running, otherOwner] }))).toEqual([
      { name: 'virt-api-2', message: MESSAGE },
    ]);
  });

  it('lists Pending pods a budget of the pod also covers, whatever their owner', () => {
    const pod = aPod('db-0', { namespace: 'apps', labels: { app: 'db' }, owner: { kind: 'StatefulSet', name: 'db' } });
    const budget = aPdb('db', { namespace: 'apps', matchLabels: { app: 'db' } });
    const covered = aPod('db-restore', { namespace: 'apps', phase: 'Pending', labels: { app: 'db' } });
    const elsewhere = aPod('db-0', { namespace: 'other', phase: 'Pending', labels: { app: 'db' } });
    const scheduled = aPod('db-1', {
      namespace: 'apps',
      phase: 'Pending',
      node: 'node-2',
      labels: { app: 'db' },
      conditions: [{ type: 'PodScheduled', status: 'True' }],
    });

    expect(
      pendingReplacements(
        pod,
        snapshotOf({ pods: [pod, covered, elsewhere, scheduled], podDisruptionBudgets: [budget] }),
      ),
    ).toEqual([
      { name: 'db-1', message: 'scheduled to node-2, not running yet' },
      { name: 'db-restore', message: '0/3 nodes are available.' },
    ]);
  });

  it('is empty when nothing stands in for the pod', () => {
    const pod = aPod('web-1', { owner: { kind: 'ReplicaSet', name: 'web-1234' } });
    expect(pendingReplacements(pod, snapshotOf({ pods: [pod] }))).toEqual([]);
  });
});

describe('at scale (10k pods, 5k budgets)', () => {
  // Pairs of pods share an app, a ReplicaSet and a budget, spread over ten namespaces and four nodes: every 100th pod
  // (always on node-2's turn) is Pending and every 100th pod on node-4's turn has Succeeded.
  const pods = Array.from({ length: 10_000 }, (_, i) => {
    const app = `app-${String(Math.floor(i / 2))}`;
    const phase = i % 100 === 1 ? 'Pending' : i % 100 === 3 ? 'Succeeded' : 'Running';
    return withPlacement(
      aPod(`pod-${String(i)}`, {
        namespace: `ns-${String(Math.floor(i / 2) % 10)}`,
        ...(phase === 'Pending' ? {} : { node: `node-${String((i % 4) + 1)}` }),
        phase,
        labels: { app, tier: 'web' },
        owner: { kind: 'ReplicaSet', name: `${app}-rs` },
      }),
      { requests: { cpu: '10m', memory: '16Mi' } },
    );
  });
  const budgets = Array.from({ length: 5_000 }, (_, b) =>
    aPdb(`pdb-${String(b)}`, { namespace: `ns-${String(b % 10)}`, matchLabels: { app: `app-${String(b)}` } }),
  );
  const nodes = [
    aNode('node-1'),
    // 2,400 bound pods of 10m: all 24 cores taken.
    withAllocatable(aNode('node-2'), { cpu: '24', memory: '64Gi', pods: '3000' }),
    // 2,500 bound pods: full.
    withAllocatable(aNode('node-3'), { cpu: '100', memory: '64Gi', pods: '2500' }),
    // 2,400 running and 100 Succeeded, which do not count: one more fits.
    withAllocatable(aNode('node-4'), { cpu: '100', memory: '64Gi', pods: '2401' }),
  ];
  const snapshot = snapshotOf({ nodes, pods, podDisruptionBudgets: budgets });
  const onNode1 = pods.filter((pod) => pod.spec?.nodeName === 'node-1');

  it('judges every node for every pod of the drained node from the usage of all pods', () => {
    const expected = [
      { node: 'node-2', fits: false, reasons: ['insufficient cpu: requests 10m, 0 free of 24 allocatable'] },
      { node: 'node-3', fits: false, reasons: ['too many pods: 2500 of 2500 allowed already run there'] },
      { node: 'node-4', fits: true, reasons: [] },
    ];
    expect(onNode1).toHaveLength(2500);
    for (const pod of onNode1) expect(replacementNodes(pod, snapshot, 'node-1')).toEqual(expected);
  });

  it('finds the Pending partner of each pod through its controller and budget', () => {
    const [first] = onNode1;
    expect(first && pendingReplacements(first, snapshot)).toEqual([
      { name: 'pod-1', message: '0/3 nodes are available.' },
    ]);
    const found = onNode1.flatMap((pod) => pendingReplacements(pod, snapshot).map((pending) => pending.name));
    expect(found).toHaveLength(100);
    expect(found.every((name) => Number(name.slice('pod-'.length)) % 100 === 1)).toBe(true);
  });
});
