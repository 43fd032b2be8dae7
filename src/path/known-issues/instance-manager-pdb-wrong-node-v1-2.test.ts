import { aPdb } from '../../../test/builders.js';
import { expectFires, expectQuiet, type Scenario } from '../../../test/known-issue-scenarios.js';
import { anInstanceManager } from '../../../test/longhorn-builders.js';
import { instanceManagerPdbWrongNodeV12 } from './instance-manager-pdb-wrong-node-v1-2.js';

/** node-2's instance manager, and a budget of the same name whose selector names `node`. */
const budgetSelecting = (node: string): Scenario => ({
  from: 'v1.2.0',
  to: 'v1.2.1',
  items: {
    longhornInstanceManagers: [anInstanceManager('node-2', [])],
    podDisruptionBudgets: [
      aPdb('instance-manager-node-2', { namespace: 'longhorn-system', matchLabels: { 'longhorn.io/node': node } }),
    ],
  },
});

describe('instance-manager-pdb-wrong-node-v1-2', () => {
  it('fires', () => {
    expectFires(instanceManagerPdbWrongNodeV12, budgetSelecting('node-1'));
  });

  it('stays quiet', () => {
    expectQuiet(instanceManagerPdbWrongNodeV12, budgetSelecting('node-2'));
  });
});
