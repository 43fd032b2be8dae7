import { expectFires, expectQuiet } from '../../../test/known-issue-scenarios.js';
import { mgmtSecondaryVlansV16 } from './mgmt-secondary-vlans-v1-6.js';

describe('mgmt-secondary-vlans-v1-6', () => {
  it('fires', () => {
    expectFires(mgmtSecondaryVlansV16, { from: 'v1.5.1', to: 'v1.6.0' });
  });

  it('stays quiet', () => {
    expectQuiet(mgmtSecondaryVlansV16, { from: 'v1.6.0', to: 'v1.6.1' });
  });
});
