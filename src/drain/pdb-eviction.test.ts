import { aNode, aPdb, snapshotOf } from '../../test/builders.js';
import {
  aDaemonSetPod,
  anImPdb,
  anImPod,
  anInfraPdb,
  anInfraPod,
  aReplicaPod,
  aTightPdb,
  aVmiPdb,
  deletedAt,
  drainOf,
  withPolicy,
} from '../../test/drain-builders.js';
import { aVmi } from '../../test/kubevirt-builders.js';
import type { Pod, PodDisruptionBudget } from '../model/pod.js';
import { aLauncherPod } from '../../test/drain-builders.js';
import { pdbEviction } from './pdb-eviction.js';

const explain = (pod: Pod, budgets: PodDisruptionBudget[], others: Pod[] = []) =>
  pdbEviction(
    pod,
    drainOf(
      snapshotOf({ nodes: [aNode('node-1'), aNode('node-2')], pods: [pod, ...others], podDisruptionBudgets: budgets }),
    ),
  );

const web = (name: string, options: Parameters<typeof aReplicaPod>[1] = {}) =>
  aReplicaPod(name, { labels: { app: 'web' }, ...options });

const notReady = { containers: [{ name: 'main', ready: false }] };

describe('pdb-eviction', () => {
  it('blocks a pod whose only budget allows no disruption, with the arithmetic and the other pods', () => {
    const others = [web('web-3', { node: 'node-2', ...notReady }), web('web-2', { phase: 'Pending' })];
    expect(explain(web('web-1'), [aTightPdb('web-pdb', 'web')], others)).toEqual([
      {
        filter: 'pdb-eviction',
        verdict: 'block',
        pdb: 'default/web-pdb',
        message:
          'PodDisruptionBudget default/web-pdb needs 2 healthy and has 1 (disruptionsAllowed 0, minAvailable 2, unhealthyPodEvictionPolicy IfHealthyBudget); its other pods: web-2 (not scheduled, Pending), web-3 (node node-2, not Ready)',
        remedy:
          'Scale the workload up or get its other pods Ready; or relax it for the upgrade with a backup: kubectl harvester-upgrade fix-pdb -n default web-pdb (shows the plan; add --yes to apply, then fix-pdb --restore puts the spec back)',
      },
    ]);
  });

  it('names maxUnavailable budgets and budgets over a single pod', () => {
    const pdb = aPdb('solo', {
      matchLabels: { app: 'web' },
      maxUnavailable: 0,
      disruptionsAllowed: 0,
      currentHealthy: 1,
      desiredHealthy: 1,
    });
    expect(explain(web('web-1'), [pdb])).toEqual([
      expect.objectContaining({
        message:
          'PodDisruptionBudget default/solo needs 1 healthy and has 1 (disruptionsAllowed 0, maxUnavailable 0, unhealthyPodEvictionPolicy IfHealthyBudget); it selects no other pod',
      }),
    ]);
  });

  it('says so when the budget still allows disruptions', () => {
    expect(explain(web('web-1'), [aPdb('web-pdb', { matchLabels: { app: 'web' }, disruptionsAllowed: 1 })])).toEqual([
      {
        filter: 'pdb-eviction',
        verdict: 'evict',
        pdb: 'default/web-pdb',
        message: 'budget default/web-pdb allows 1 more disruption',
      },
    ]);
    expect(explain(web('web-1'), [aPdb('web-pdb', { matchLabels: { app: 'web' }, disruptionsAllowed: 3 })])).toEqual([
      expect.objectContaining({ message: 'budget default/web-pdb allows 3 more disruptions' }),
    ]);
  });

  it('lets a not-Ready pod go while its budget is healthy (IfHealthyBudget)', () => {
    const pdb = aTightPdb('web-pdb', 'web', { currentHealthy: 2, desiredHealthy: 2 });
    expect(explain(web('web-1', notReady), [pdb])).toEqual([
      expect.objectContaining({
        verdict: 'evict',
        message:
          'not Ready, and budget default/web-pdb is healthy (2 healthy, 2 needed), so the eviction API lets an unready pod go',
      }),
    ]);
  });

  it('lets a not-Ready pod go under AlwaysAllow, but not a Ready one', () => {
    const pdb = withPolicy(aTightPdb('web-pdb', 'web'), 'AlwaysAllow');
    expect(explain(web('web-1', notReady), [pdb])).toEqual([
      expect.objectContaining({
        verdict: 'evict',
        message: 'not Ready, and budget default/web-pdb lets unready pods go (unhealthyPodEvictionPolicy AlwaysAllow)',
      }),
    ]);
    expect(explain(web('web-1'), [pdb])).toEqual([
      expect.objectContaining({
        verdict: 'block',
        message: expect.stringContaining('unhealthyPodEvictionPolicy AlwaysAllow') as unknown,
      }),
    ]);
  });

  it('blocks a not-Ready pod when the budget is short of healthy pods', () => {
    expect(explain(web('web-1', notReady), [aTightPdb('web-pdb', 'web')])).toEqual([
      expect.objectContaining({ verdict: 'block' }),
    ]);
  });

  it('treats a budget without status as allowing nothing, as the eviction API does', () => {
    const bare: PodDisruptionBudget = { ...aPdb('fresh', { matchLabels: { app: 'web' } }), status: {} };
    expect(explain(web('web-1'), [bare])).toEqual([
      expect.objectContaining({
        verdict: 'block',
        message: expect.stringContaining('needs 0 healthy and has 0 (disruptionsAllowed 0') as unknown,
      }),
    ]);
  });

  describe('a budget the disruption controller has not caught up with', () => {
    const generations = (pdb: PodDisruptionBudget, generation?: number, observed?: number): PodDisruptionBudget => ({
      ...pdb,
      metadata: { ...pdb.metadata, ...(generation === undefined ? {} : { generation }) },
      status: { ...pdb.status, ...(observed === undefined ? {} : { observedGeneration: observed }) },
    });
    const roomy = aPdb('web-pdb', { matchLabels: { app: 'web' }, disruptionsAllowed: 2 });

    it('blocks while observedGeneration is behind generation, even with disruptions allowed', () => {
      expect(explain(web('web-1'), [generations(roomy, 4, 3)])).toEqual([
        {
          filter: 'pdb-eviction',
          verdict: 'block',
          pdb: 'default/web-pdb',
          message:
            'PodDisruptionBudget default/web-pdb is still being processed by the server (status.observedGeneration 3 < metadata.generation 4): the disruption controller has not caught up with its last change, and the eviction API refuses evictions under it until it does',
          remedy: expect.stringContaining(
            'check kube-controller-manager (kubectl -n kube-system logs -l component=kube-controller-manager',
          ) as unknown,
        },
      ]);
      expect(explain(web('web-1'), [generations(aTightPdb('web-pdb', 'web'), 2, 1)])).toEqual([
        expect.objectContaining({
          verdict: 'block',
          message: expect.stringContaining('still being processed') as unknown,
        }),
      ]);
    });

    it('lets a not-Ready pod go first, as the eviction API decides that before it reads the generation', () => {
      const healthy = generations(aTightPdb('web-pdb', 'web', { currentHealthy: 2, desiredHealthy: 2 }), 4, 3);
      expect(explain(web('web-1', notReady), [healthy])).toEqual([expect.objectContaining({ verdict: 'evict' })]);
    });

    it('stays with the usual rule when observedGeneration is current, ahead, or either is absent', () => {
      const allows = {
        filter: 'pdb-eviction',
        verdict: 'evict',
        pdb: 'default/web-pdb',
        message: 'budget default/web-pdb allows 2 more disruptions',
      };
      expect(explain(web('web-1'), [generations(roomy, 4, 4)])).toEqual([allows]);
      expect(explain(web('web-1'), [generations(roomy, 4, 5)])).toEqual([allows]);
      expect(explain(web('web-1'), [generations(roomy, 4)])).toEqual([allows]);
      expect(explain(web('web-1'), [generations(roomy, undefined, 3)])).toEqual([allows]);
    });
  });

  it('points at the operator and the root cause for virt-operator, longhorn-manager and virt-controller budgets', () => {
    const infra = anInfraPdb('virt-api', { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1 });
    expect(explain(anInfraPod('virt-api', 'a'), [infra])).toEqual([
      expect.objectContaining({
        pdb: 'harvester-system/virt-api-pdb',
        remedy: expect.stringMatching(
          /^virt-operator owns harvester-system\/virt-api-pdb and recreates it.*kubevirt-placement-trap/,
        ) as unknown,
      }),
    ]);
    expect(explain(anImPod('node-1'), [anImPdb('node-1')])).toEqual([
      expect.objectContaining({
        remedy: expect.stringMatching(
          /^longhorn-manager owns longhorn-system\/instance-manager-node-1.*instance-manager-budget/,
        ) as unknown,
      }),
    ]);
    const vmi = aVmi('vm-1');
    expect(explain(aLauncherPod(vmi), [aVmiPdb(vmi)])).toEqual([
      expect.objectContaining({
        pdb: 'default/kubevirt-disruption-budget-x7k2p',
        remedy: expect.stringContaining(
          'through VMI vm-1 and recreates it while the VM needs eviction protection; do not delete it',
        ) as unknown,
      }),
    ]);
  });

  it('matches every pod of the namespace with an empty selector', () => {
    const all: PodDisruptionBudget = { ...aTightPdb('everything', 'x'), spec: { minAvailable: 2, selector: {} } };
    expect(explain(aReplicaPod('anything'), [all])).toEqual([expect.objectContaining({ pdb: 'default/everything' })]);
  });

  it('stays quiet with no budget, a budget elsewhere, two budgets, or a pod the eviction API or the drain treats apart', () => {
    const pdb = aTightPdb('web-pdb', 'web');
    expect(explain(web('web-1'), [])).toEqual([]);
    expect(explain(web('web-1'), [aTightPdb('web-pdb', 'web', { namespace: 'other' })])).toEqual([]);
    expect(explain(web('web-1'), [pdb, aTightPdb('web-pdb-2', 'web')])).toEqual([]);
    expect(explain(web('web-1', { phase: 'Pending' }), [pdb])).toEqual([]);
    expect(explain(web('web-1', { phase: 'Succeeded' }), [pdb])).toEqual([]);
    expect(explain(deletedAt(web('web-1'), '2026-11-22T00:00:00Z'), [pdb])).toEqual([]);
    expect(explain(aDaemonSetPod('agent', 'agent', { labels: { app: 'web' } }), [pdb])).toEqual([]);
  });
});
