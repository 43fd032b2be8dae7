import { aPdb, aPod, snapshotOf } from '../../test/builders.js';
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
  it('has a stable id and needs pods and PDBs', () => {
    expect(podMultiplePdbs.id).toBe('pod-multiple-pdbs');
    expect(podMultiplePdbs.needs).toEqual(['pods', 'podDisruptionBudgets']);
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
