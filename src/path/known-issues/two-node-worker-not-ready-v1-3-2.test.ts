import { aNode } from '../../../test/builders.js';
import { expectFires, expectQuiet } from '../../../test/known-issue-scenarios.js';
import { twoNodeWorkerNotReadyV132 } from './two-node-worker-not-ready-v1-3-2.js';

describe('two-node-worker-not-ready-v1-3-2', () => {
  it('fires', () => {
    expectFires(twoNodeWorkerNotReadyV132, {
      from: 'v1.3.1',
      to: 'v1.3.2',
      items: { nodes: [aNode('node-1'), aNode('node-2', { roles: ['worker'] })] },
    });
  });

  it('stays quiet', () => {
    expectQuiet(twoNodeWorkerNotReadyV132, { from: 'v1.3.1', to: 'v1.3.2' });
  });
});
