import { aNode, snapshotOf } from '../../test/builders.js';
import { aDaemonSetPod, aLauncherPod, aReplicaPod, aTightPdb, aVmiPdb, drainOf } from '../../test/drain-builders.js';
import { aVmi } from '../../test/kubevirt-builders.js';
import type { Pod, PodDisruptionBudget } from '../model/pod.js';
import { podUnderTwoBudgets } from './pod-under-two-budgets.js';

const explain = (pod: Pod, budgets: PodDisruptionBudget[]) =>
  podUnderTwoBudgets(
    pod,
    drainOf(snapshotOf({ nodes: [aNode('node-1')], pods: [pod], podDisruptionBudgets: budgets })),
  );

describe('pod-under-two-budgets', () => {
  it('blocks a virt-launcher pod under a user budget and its per-VMI budget, and removes only the user one', () => {
    const vmi = aVmi('vm-1');
    const pod = aLauncherPod(vmi, { labels: { app: 'vms' } });
    expect(explain(pod, [aVmiPdb(vmi), aTightPdb('vm-guard', 'vms')])).toEqual([
      {
        filter: 'pod-under-two-budgets',
        verdict: 'block',
        pdb: 'default/vm-guard',
        message:
          'the eviction API answers 500: pods under 2 budgets (kubevirt-disruption-budget-x7k2p, vm-guard) cannot be evicted',
        remedy:
          'Remove the user budget that duplicates it, with a backup that fix-pdb --restore puts back: kubectl harvester-upgrade fix-pdb -n default vm-guard --yes; never delete kubevirt-disruption-budget-x7k2p: virt-controller recreates it',
      },
    ]);
  });

  it('asks to keep one of several user budgets', () => {
    const pod = aReplicaPod('web-1', { labels: { app: 'web', tier: 'front' } });
    expect(
      explain(pod, [aTightPdb('web-a', 'web'), aTightPdb('web-b', 'web', { matchLabels: { tier: 'front' } })]),
    ).toEqual([
      expect.objectContaining({
        pdb: 'default/web-a',
        message: 'the eviction API answers 500: pods under 2 budgets (web-a, web-b) cannot be evicted',
        remedy: expect.stringContaining(
          'narrow the selector of, or delete, all but one of web-a, web-b (back them up first: kubectl -n default get pdb web-a web-b -o yaml',
        ) as unknown,
      }),
    ]);
  });

  it('stays quiet under one budget and for pods whose eviction ignores budgets or that the drain never evicts', () => {
    const budgets = [aTightPdb('web-a', 'web'), aTightPdb('web-b', 'web')];
    expect(explain(aReplicaPod('web-1', { labels: { app: 'web' } }), [aTightPdb('web-a', 'web')])).toEqual([]);
    expect(explain(aReplicaPod('web-1', { labels: { app: 'web' }, phase: 'Failed' }), budgets)).toEqual([]);
    expect(explain(aDaemonSetPod('agent', 'agent', { labels: { app: 'web' } }), budgets)).toEqual([]);
  });
});
