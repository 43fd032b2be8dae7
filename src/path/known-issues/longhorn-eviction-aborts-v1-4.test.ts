import { expectFires, expectQuiet } from '../../../test/known-issue-scenarios.js';
import { aLonghornNode } from '../../../test/longhorn-builders.js';
import { longhornEvictionAbortsV14 } from './longhorn-eviction-aborts-v1-4.js';

describe('longhorn-eviction-aborts-v1-4', () => {
  it('fires', () => {
    expectFires(longhornEvictionAbortsV14, {
      from: 'v1.4.1',
      to: 'v1.4.2',
      items: { longhornNodes: [aLonghornNode('node-1', { evictionRequested: true })] },
    });
  });

  it('stays quiet', () => {
    expectQuiet(longhornEvictionAbortsV14, {
      from: 'v1.4.1',
      to: 'v1.4.2',
      items: { longhornNodes: [aLonghornNode('node-1')] },
    });
  });
});
