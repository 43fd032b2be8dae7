import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { aNode, aPod, snapshotOf } from '../../test/builders.js';
import { aDaemonSetPod, aMirrorPod, anInfraPdb, anInfraPod, aReplicaPod, drainOf } from '../../test/drain-builders.js';
import { aKubeVirt } from '../../test/kubevirt-builders.js';
import { DRAIN_FILTERS, explainPods } from './explain-pods.js';

/** Every `export const x: DrainFilter` of this folder: the file, the export and the ids its reasons carry. */
const declaredFilters = (): { readonly file: string; readonly name: string; readonly ids: string[] }[] =>
  readdirSync(__dirname)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .flatMap((file) => {
      const text = readFileSync(join(__dirname, file), 'utf8');
      const ids = [...text.matchAll(/filter: '([^']*)'|const FILTER = '([^']*)'/g)].map(
        (match) => match[1] ?? match[2] ?? '',
      );
      return [...text.matchAll(/export const (\w+): DrainFilter\b/g)].map((match) => ({
        file,
        name: match[1] ?? '',
        ids,
      }));
    });

describe('the drain filter list', () => {
  it('holds every filter of the folder once, each in the file named after the one id its reasons carry', async () => {
    const declared = declaredFilters();
    expect(new Set(DRAIN_FILTERS).size).toBe(DRAIN_FILTERS.length);
    expect(declared).toHaveLength(DRAIN_FILTERS.length);
    for (const { file, name, ids } of declared) {
      const module = (await import(`./${file.replace(/\.ts$/, '.js')}`)) as Record<string, unknown>;
      expect([file, DRAIN_FILTERS.includes(module[name] as (typeof DRAIN_FILTERS)[number])]).toEqual([file, true]);
      expect([file, [...new Set(ids)]]).toEqual([file, [file.replace(/\.ts$/, '')]]);
    }
  });
});

/** The verdicts a filter file can give: every `verdict: 'x'` and `reason('x', …)` in it. */
const verdictsIn = (file: string): Set<string> => {
  const text = readFileSync(join(__dirname, file), 'utf8');
  return new Set(
    [...text.matchAll(/verdict: '(block|evict|skip)'|reason\(\s*'(block|evict|skip)'/g)].map(
      (match) => match[1] ?? match[2] ?? '',
    ),
  );
};

describe("a filter's name", () => {
  it('fits every verdict it gives: no name that says "blocks" on an EVICT or SKIP row, none that says it lets go on a BLOCK row', () => {
    const misnamed = declaredFilters().flatMap(({ file }) => {
      const id = file.replace(/\.ts$/, '');
      const verdicts = verdictsIn(file);
      const saysBlock = /block|trap|refus/.test(id);
      const saysGo = /evictable|allows|lets/.test(id);
      return (saysBlock && (verdicts.has('evict') || verdicts.has('skip'))) || (saysGo && verdicts.has('block'))
        ? [`${id}: ${[...verdicts].join(', ')}`]
        : [];
    });
    expect(misnamed).toEqual([]);
  });
});

describe('explainPods', () => {
  it('lets a node drain when only DaemonSet and mirror pods remain', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1', { unschedulable: true }), aNode('node-2')],
      pods: [
        aDaemonSetPod('rke2-canal-x2b9q', 'rke2-canal', { namespace: 'kube-system' }),
        aMirrorPod('kube-apiserver-node-1'),
        aDaemonSetPod('longhorn-manager-7kq2d', 'longhorn-manager', { namespace: 'longhorn-system' }),
        aReplicaPod('web-2', { node: 'node-2' }),
      ],
      podDisruptionBudgets: [],
    });
    expect(explainPods(drainOf(snapshot))).toEqual([
      {
        namespace: 'kube-system',
        name: 'kube-apiserver-node-1',
        verdict: 'skip',
        reasons: [expect.objectContaining({ filter: 'mirror-pod', verdict: 'skip' })],
      },
      {
        namespace: 'kube-system',
        name: 'rke2-canal-x2b9q',
        verdict: 'skip',
        reasons: [
          {
            filter: 'daemonset-pod',
            verdict: 'skip',
            message: 'managed by DaemonSet rke2-canal: the drain leaves it (ignoreDaemonSets)',
          },
        ],
      },
      {
        namespace: 'longhorn-system',
        name: 'longhorn-manager-7kq2d',
        verdict: 'skip',
        reasons: [expect.objectContaining({ filter: 'daemonset-pod' })],
      },
    ]);
    expect(explainPods(drainOf(snapshot)).some((pod) => pod.verdict === 'block')).toBe(false);
  });

  it('gives a pod nothing holds the evictable reason, and lets evict reasons stand alone', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('node-1')],
      pods: [aReplicaPod('web-1'), aPod('backup-29013', { phase: 'Succeeded' })],
      podDisruptionBudgets: [],
    });
    expect(explainPods(drainOf(snapshot))).toEqual([
      {
        namespace: 'default',
        name: 'backup-29013',
        verdict: 'evict',
        reasons: [expect.objectContaining({ filter: 'terminal-pod', verdict: 'evict' })],
      },
      {
        namespace: 'default',
        name: 'web-1',
        verdict: 'evict',
        reasons: [{ filter: 'evictable', verdict: 'evict', message: 'no budget or filter holds it' }],
      },
    ]);
  });

  it('explains the seed case: virt-api and virt-controller held on the only control-plane node (harvester/harvester#7647)', () => {
    const held = { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1, expectedPods: 2 };
    const snapshot = snapshotOf({
      nodes: [
        aNode('harv1', { unschedulable: true }),
        aNode('harv2', { roles: ['worker'] }),
        aNode('harv3', { roles: ['worker'] }),
      ],
      kubevirts: [aKubeVirt({ observed: 'v1.3.1' })],
      pods: [
        anInfraPod('virt-api', '5f9c7-kx2lp', { node: 'harv1' }),
        anInfraPod('virt-api', '5f9c7-q8zt4', { phase: 'Pending' }),
        anInfraPod('virt-controller', '7d4b9-m2w8r', { node: 'harv1' }),
        anInfraPod('virt-controller', '7d4b9-xv6gn', { phase: 'Pending' }),
        aDaemonSetPod('virt-handler-9tq4s', 'virt-handler', { namespace: 'harvester-system', node: 'harv1' }),
        aMirrorPod('etcd-harv1', { node: 'harv1' }),
        aReplicaPod('web-1', { node: 'harv2' }),
      ],
      podDisruptionBudgets: [anInfraPdb('virt-api', held), anInfraPdb('virt-controller', held)],
    });
    const verdicts = explainPods(drainOf(snapshot, 'harv1'));
    expect(
      verdicts.map(({ namespace, name, verdict, reasons }) => [namespace, name, verdict, reasons.map((r) => r.filter)]),
    ).toEqual([
      ['harvester-system', 'virt-api-5f9c7-kx2lp', 'block', ['pdb-eviction', 'kubevirt-placement-trap']],
      ['harvester-system', 'virt-controller-7d4b9-m2w8r', 'block', ['pdb-eviction', 'kubevirt-placement-trap']],
      ['harvester-system', 'virt-handler-9tq4s', 'skip', ['daemonset-pod']],
      ['kube-system', 'etcd-harv1', 'skip', ['mirror-pod']],
    ]);
    expect(verdicts[0]?.reasons).toEqual([
      {
        filter: 'pdb-eviction',
        verdict: 'block',
        pdb: 'harvester-system/virt-api-pdb',
        message:
          'PodDisruptionBudget harvester-system/virt-api-pdb needs 1 healthy and has 1 (disruptionsAllowed 0, minAvailable 1, unhealthyPodEvictionPolicy IfHealthyBudget); its other pods: virt-api-5f9c7-q8zt4 (not scheduled, Pending)',
        remedy: expect.stringContaining('virt-operator owns harvester-system/virt-api-pdb') as unknown,
      },
      {
        filter: 'kubevirt-placement-trap',
        verdict: 'block',
        pdb: 'harvester-system/virt-api-pdb',
        message:
          'virt-api may run only on control-plane nodes (KubeVirt v1.3.1 without spec.infra.nodePlacement) and no other schedulable control-plane node is left, so replacements of evicted virt-api pods stay Pending and harvester-system/virt-api-pdb (0 disruptions allowed) cannot let this pod go; 1 replacement already Pending',
        remedy: expect.stringContaining(
          `kubectl -n harvester-system patch kubevirt kubevirt --type merge -p '{"spec":{"infra":{"nodePlacement":{}}}}'`,
        ) as unknown,
      },
    ]);
  });
});
