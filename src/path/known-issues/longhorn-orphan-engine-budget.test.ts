import { expectFires, expectQuiet, type Scenario } from '../../../test/known-issue-scenarios.js';
import { anInstanceManager } from '../../../test/longhorn-builders.js';
import type { LonghornEngine } from '../../model/longhorn.js';
import { longhornOrphanEngineBudget } from './longhorn-orphan-engine-budget.js';

/** node-1's instance manager lists engine pvc-1-e-0, which is on `node` in `state`; the path is from → to. */
const engineOn = (node: string, state: string, from = 'v1.4.0', to = 'v1.4.1'): Scenario => {
  const engine: LonghornEngine = {
    apiVersion: 'longhorn.io/v1beta2',
    kind: 'Engine',
    metadata: { name: 'pvc-1-e-0', namespace: 'longhorn-system' },
    spec: { nodeID: node, volumeName: 'pvc-1' },
    status: { currentState: state },
  };
  return {
    from,
    to,
    items: { longhornInstanceManagers: [anInstanceManager('node-1', ['pvc-1-e-0'])], longhornEngines: [engine] },
  };
};

describe('longhorn-orphan-engine-budget', () => {
  it('fires', () => {
    expectFires(longhornOrphanEngineBudget, engineOn('', 'stopped'));
  });

  it('stays quiet', () => {
    expectQuiet(longhornOrphanEngineBudget, engineOn('node-1', 'running'));
  });

  // The same cleanup failure on later paths: docs v1-5-x-to-v1-6-x known issue 1 (harvester#8977,
  // longhorn#11605), and every path since, as no Longhorn release is known to fix it.
  it.each([
    ['v1.5.1', 'v1.6.0'],
    ['v1.6.1', 'v1.7.0'],
    ['v1.7.1', 'v1.8.0'],
    ['v1.8.1', 'v1.9.0'],
  ])('fires on %s → %s and stays quiet there without an orphan', (from, to) => {
    expectFires(longhornOrphanEngineBudget, engineOn('', 'stopped', from, to));
    expectQuiet(longhornOrphanEngineBudget, engineOn('node-1', 'running', from, to));
  });

  it('does not apply before the bug: v1.3.2 → v1.4.0', () => {
    expectQuiet(longhornOrphanEngineBudget, engineOn('', 'stopped', 'v1.3.2', 'v1.4.0'));
  });
});
