import { expectFires, expectQuiet } from '../../../test/known-issue-scenarios.js';
import { cosStatePartitionSizeV18 } from './cos-state-partition-size-v1-8.js';

describe('cos-state-partition-size-v1-8', () => {
  it('fires', () => {
    expectFires(cosStatePartitionSizeV18, { from: 'v1.7.1', to: 'v1.8.0' });
  });

  it('stays quiet', () => {
    expectQuiet(cosStatePartitionSizeV18, { from: 'v1.6.1', to: 'v1.7.1' });
  });
});
