import { aSucPlan } from '../../../test/pod-builders.js';
import { expectFires, expectQuiet, type Scenario } from '../../../test/known-issue-scenarios.js';
import type { SucPlan } from '../../model/rancher.js';
import { sucPlanStuckApplyingV17 } from './suc-plan-stuck-applying-v1-7.js';

/** v1.7.1 → `to`, with a Plan applying on `nodes` and no Job of it anywhere. */
const stuckOn = (to: string, nodes: readonly string[]): Scenario => {
  const plan = aSucPlan('system-agent-upgrader');
  const applying: SucPlan = { ...plan, status: { ...plan.status, applying: nodes } };
  return { from: 'v1.7.1', to, items: { sucPlans: [applying], jobs: [] } };
};

describe('suc-plan-stuck-applying-v1-7', () => {
  it('fires toward v1.7.y and v1.8.x', () => {
    expectFires(sucPlanStuckApplyingV17, stuckOn('v1.7.2', ['node-2']));
    expectFires(sucPlanStuckApplyingV17, stuckOn('v1.8.0', ['node-2']));
  });

  it('stays quiet when no Plan is applying, and on paths the docs do not list', () => {
    expectQuiet(sucPlanStuckApplyingV17, stuckOn('v1.8.0', []));
    expectQuiet(sucPlanStuckApplyingV17, stuckOn('v1.9.0', ['node-2']));
  });
});
