import { aNode, snapshotOf } from '../../test/builders.js';
import { aSucJob, aSucPlan } from '../../test/pod-builders.js';
import type { Job } from '../model/pod.js';
import type { SucPlan } from '../model/rancher.js';
import { sucPlanStuckApplying } from './suc-plan-stuck-applying.js';

const PLAN = 'hvst-upgrade-7xkq2-prepare';

/** The preload Plan, at hash-2, applying on `nodes` (Complete False, reason SyncJob, as the controller writes it). */
const applyingOn = (nodes: readonly string[], name = PLAN): SucPlan => {
  const plan = aSucPlan(name);
  return {
    ...plan,
    status: {
      ...plan.status,
      applying: nodes,
      conditions: [{ type: 'Complete', status: 'False', reason: 'SyncJob' }],
    },
  };
};

const cluster = (plans: readonly SucPlan[], jobs: readonly Job[], nodeLabels: Record<string, string> = {}) =>
  snapshotOf({
    sucPlans: plans,
    jobs,
    nodes: [aNode('node-1', { labels: nodeLabels }), aNode('node-2')],
  });

describe('suc-plan-stuck-applying', () => {
  it('fails a Plan applying on a node with no Job left, with the restart the docs give', () => {
    expect(sucPlanStuckApplying.run(cluster([applyingOn(['node-1'])], []))).toEqual([
      {
        check: 'suc-plan-stuck-applying',
        severity: 'error',
        object: { kind: 'Plan', namespace: 'cattle-system', name: PLAN },
        message:
          'lists node-1 (its last Job is gone) as applying, and no Job of it runs there (Complete: False, SyncJob): system-upgrade-controller does not create the Job again by itself, and what waits for this Plan waits forever',
        remedy: `Find why the node's last Job failed (kubectl -n cattle-system get jobs -l upgrade.cattle.io/plan=${PLAN}), then restart the controller (it watches Plans in its own namespace) so that it syncs its Plans again: kubectl -n cattle-system rollout restart deployment/system-upgrade-controller`,
      },
    ]);
  });

  it('names the failed Job the controller has not replaced', () => {
    const failed = aSucJob({ plan: PLAN, node: 'node-1', condition: 'Failed', failed: 3 });
    const [finding] = sucPlanStuckApplying.run(cluster([applyingOn(['node-1'])], [failed]));
    expect(finding?.message).toContain(`lists node-1 (its Job ${failed.metadata?.name ?? ''} failed) as applying`);
  });

  it('stays quiet while a Job runs, once the node carries the latest hash, and when nothing is applying', () => {
    const running = aSucJob({ plan: PLAN, node: 'node-1', active: 1 });
    const done = aSucJob({ plan: PLAN, node: 'node-2', condition: 'Complete', succeeded: 1 });
    expect(sucPlanStuckApplying.run(cluster([applyingOn(['node-1', 'node-2'])], [running, done]))).toEqual([]);
    expect(
      sucPlanStuckApplying.run(cluster([applyingOn(['node-1'])], [], { [`plan.upgrade.cattle.io/${PLAN}`]: 'hash-2' })),
    ).toEqual([]);
    expect(sucPlanStuckApplying.run(cluster([aSucPlan('system-agent-upgrader')], []))).toEqual([]);
  });

  it('reads only the names of an applying list a hand-edited bundle broke', () => {
    const plan = applyingOn([]);
    const broken = { ...plan, status: { ...plan.status, applying: ['node-1', 7, null] } } as unknown as SucPlan;
    const [finding] = sucPlanStuckApplying.run(cluster([broken], []));
    expect(finding?.message).toMatch(/^lists node-1 \(its last Job is gone\) as applying,/);
    const text = { ...plan, status: { ...plan.status, applying: 'node-1' } } as unknown as SucPlan;
    expect(sucPlanStuckApplying.run(cluster([text], []))).toEqual([]);
  });

  it('does not take a running Job of another Plan or node for this one, and quotes a hostile Plan name', () => {
    const other = aSucJob({ plan: 'other-plan', node: 'node-1', active: 1 });
    const elsewhere = aSucJob({ plan: '$(reboot)', node: 'node-2', active: 1 });
    const [finding] = sucPlanStuckApplying.run(cluster([applyingOn(['node-1'], '$(reboot)')], [other, elsewhere]));
    expect(finding?.object.name).toBe('$(reboot)');
    expect(finding?.remedy).toContain("get jobs -l 'upgrade.cattle.io/plan=$(reboot)'");
  });
});
