import { aNode, aPdb, aPod, snapshotOf } from '../../test/builders.js';
import { terminating } from '../../test/pod-builders.js';
import type { Pod, PodDisruptionBudget } from '../model/pod.js';
import { podMultiplePdbs } from './pod-multiple-pdbs.js';

const run = (pods: Pod[], podDisruptionBudgets: PodDisruptionBudget[]) =>
  podMultiplePdbs.run(snapshotOf({ pods, podDisruptionBudgets }));

const launcher = (name: string, options: Parameters<typeof aPod>[1] = {}): Pod =>
  aPod(name, {
    namespace: 'vms',
    labels: { 'kubevirt.io': 'virt-launcher', 'kubevirt.io/created-by': 'vmi-uid-1' },
    ...options,
  });
const vmiPdb = aPdb('kubevirt-disruption-budget-7xk2p', {
  namespace: 'vms',
  matchLabels: { 'kubevirt.io/created-by': 'vmi-uid-1' },
  owner: { kind: 'VirtualMachineInstance', name: 'vm-1' },
});
const userPdb = aPdb('all-vms', { namespace: 'vms', matchLabels: { 'kubevirt.io': 'virt-launcher' } });

describe('pod-multiple-pdbs', () => {
  describe('appliesTo', () => {
    const withNodes = (...names: string[]) =>
      snapshotOf({ pods: [], podDisruptionBudgets: [], nodes: names.map((name) => aNode(name)) });

    it('applies to a cluster of two or more nodes', () => {
      expect(podMultiplePdbs.appliesTo?.(withNodes('node-1', 'node-2'))).toBeUndefined();
    });

    it('is skipped on a single node, whose upgrade evicts nothing', () => {
      expect(podMultiplePdbs.appliesTo?.(withNodes('node-1'))).toBe(
        'applies to clusters of two or more nodes; this cluster has 1, and a single-node upgrade drains nothing',
      );
    });
  });

  it('stays quiet when each pod has at most one budget', () => {
    const other = aPod('web-1', { namespace: 'vms', labels: { app: 'web' } });
    expect(run([launcher('virt-launcher-vm-1-abcde'), other], [vmiPdb])).toEqual([]);
  });

  it('reports a virt-launcher pod selected by a user budget and the per-VMI budget', () => {
    expect(run([launcher('virt-launcher-vm-1-abcde')], [vmiPdb, userPdb])).toEqual([
      {
        check: 'pod-multiple-pdbs',
        severity: 'error',
        object: { kind: 'Pod', namespace: 'vms', name: 'virt-launcher-vm-1-abcde' },
        message:
          'is selected by 2 PodDisruptionBudgets (kubevirt-disruption-budget-7xk2p, all-vms), so its eviction fails with "This pod has more than one PodDisruptionBudget"',
        remedy:
          'Leave one budget per pod: narrow the selector of or delete all-vms (the operator recreates its own budgets); compare them with kubectl -n vms get pdb kubevirt-disruption-budget-7xk2p all-vms -o yaml',
      },
    ]);
  });

  it("counts virt-operator's budget as the operator's, labelled as current KubeVirt labels it", () => {
    const infra = aPod('virt-api-6d8f7b-a1', { namespace: 'harvester-system', labels: { 'kubevirt.io': 'virt-api' } });
    const operated = aPdb('virt-api-pdb', {
      namespace: 'harvester-system',
      matchLabels: { 'kubevirt.io': 'virt-api' },
      labels: { 'app.kubernetes.io/managed-by': 'virt-operator' },
    });
    const mine = aPdb('infra', { namespace: 'harvester-system', matchLabels: { 'kubevirt.io': 'virt-api' } });
    expect(run([infra], [operated, mine])[0]?.remedy).toBe(
      'Leave one budget per pod: narrow the selector of or delete infra (the operator recreates its own budgets); compare them with kubectl -n harvester-system get pdb virt-api-pdb infra -o yaml',
    );
  });

  it('counts an empty selector as selecting every pod of the namespace', () => {
    const everything: PodDisruptionBudget = { ...aPdb('everything', { namespace: 'vms' }), spec: { selector: {} } };
    const findings = run(
      [aPod('web-1', { namespace: 'vms', labels: { app: 'web' } })],
      [everything, aPdb('web', { namespace: 'vms', matchLabels: { app: 'web' } })],
    );
    expect(findings).toEqual([
      expect.objectContaining({
        remedy: expect.stringContaining('delete everything, web;') as unknown,
      }),
    ]);
  });

  it('compares budgets with only matchExpressions with every pod, and skips budgets without a selector', () => {
    const expressions: PodDisruptionBudget = {
      ...aPdb('launchers', { namespace: 'vms' }),
      spec: { selector: { matchExpressions: [{ key: 'kubevirt.io', operator: 'In', values: ['virt-launcher'] }] } },
    };
    const noSelector: PodDisruptionBudget = { ...aPdb('broken', { namespace: 'vms' }), spec: {} };
    expect(run([launcher('virt-launcher-vm-1-abcde')], [noSelector, vmiPdb, expressions])).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('(kubevirt-disruption-budget-7xk2p, launchers)') as unknown,
      }),
    ]);
  });

  it('needs every matchLabels pair, not only the one a budget is filed under', () => {
    const twoPairs = aPdb('vm-1-and-db', {
      namespace: 'vms',
      matchLabels: { 'kubevirt.io': 'virt-launcher', role: 'db' },
    });
    expect(run([launcher('virt-launcher-vm-1-abcde')], [vmiPdb, twoPairs])).toEqual([]);
    const db = launcher('virt-launcher-db-abcde', {
      labels: { 'kubevirt.io': 'virt-launcher', 'kubevirt.io/created-by': 'vmi-uid-1', role: 'db' },
    });
    expect(run([db], [vmiPdb, twoPairs]).map((finding) => finding.object.name)).toEqual(['virt-launcher-db-abcde']);
  });

  it('handles 5000 VMs, each with its own budget, and finds the one pod a user budget also selects', () => {
    const count = 5000;
    const pods = Array.from({ length: count }, (_, index) =>
      aPod(`virt-launcher-vm-${String(index)}-abcde`, {
        namespace: 'vms',
        labels: {
          'kubevirt.io': 'virt-launcher',
          'kubevirt.io/created-by': `vmi-uid-${String(index)}`,
          ...(index === 4321 ? { app: 'db' } : {}),
        },
      }),
    );
    const budgets = Array.from({ length: count }, (_, index) =>
      aPdb(`kubevirt-disruption-budget-${String(index)}`, {
        namespace: 'vms',
        matchLabels: { 'kubevirt.io/created-by': `vmi-uid-${String(index)}` },
        owner: { kind: 'VirtualMachineInstance', name: `vm-${String(index)}` },
      }),
    );
    const db = aPdb('db', { namespace: 'vms', matchLabels: { app: 'db' } });
    expect(run(pods, [...budgets, db])).toEqual([
      expect.objectContaining({
        object: { kind: 'Pod', namespace: 'vms', name: 'virt-launcher-vm-4321-abcde' },
        message: expect.stringContaining('(kubevirt-disruption-budget-4321, db)') as unknown,
      }),
    ]);
    expect(run(pods, budgets)).toEqual([]);
  });

  it('ignores budgets of other namespaces', () => {
    const elsewhere = aPdb('all-vms', { namespace: 'default', matchLabels: { 'kubevirt.io': 'virt-launcher' } });
    expect(run([launcher('virt-launcher-vm-1-abcde')], [vmiPdb, elsewhere])).toEqual([]);
  });

  it.each([
    ['Pending', launcher('p', { phase: 'Pending' })],
    ['Succeeded', launcher('s', { phase: 'Succeeded' })],
    ['Failed', launcher('f', { phase: 'Failed' })],
    ['terminating', terminating(launcher('t'))],
    ['DaemonSet', launcher('d', { owner: { kind: 'DaemonSet', name: 'ds' } })],
  ])('skips a %s pod, which the eviction API or the drain handles without budgets', (_, pod) => {
    expect(run([pod], [vmiPdb, userPdb])).toEqual([]);
  });

  it('skips mirror pods, which a drain never evicts', () => {
    const base = launcher('static');
    const mirror: Pod = {
      ...base,
      metadata: { ...base.metadata, annotations: { 'kubernetes.io/config.mirror': 'abc' } },
    };
    expect(run([mirror], [vmiPdb, userPdb])).toEqual([]);
  });
});
