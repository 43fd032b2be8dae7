import { expectFires, expectQuiet, type Scenario } from '../../../test/known-issue-scenarios.js';
import { anInstanceManager } from '../../../test/longhorn-builders.js';
import type { LonghornEngine } from '../../model/longhorn.js';
import { longhornOrphanEngineBudget } from './longhorn-orphan-engine-budget.js';

/** node-1's instance manager lists engine pvc-1-e-0, which is on `node` in `state`. */
const engineOn = (node: string, state: string): Scenario => {
  const engine: LonghornEngine = {
    apiVersion: 'longhorn.io/v1beta2',
    kind: 'Engine',
    metadata: { name: 'pvc-1-e-0', namespace: 'longhorn-system' },
    spec: { nodeID: node, volumeName: 'pvc-1' },
    status: { currentState: state },
  };
  return {
    from: 'v1.4.0',
    to: 'v1.4.1',
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
});
