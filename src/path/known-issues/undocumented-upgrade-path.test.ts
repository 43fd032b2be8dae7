import { expectFires, expectQuiet } from '../../../test/known-issue-scenarios.js';
import { undocumentedUpgradePath } from './undocumented-upgrade-path.js';

describe('undocumented-upgrade-path', () => {
  it('fires', () => {
    expectFires(undocumentedUpgradePath, { from: 'v1.3.2', to: 'v1.4.1' });
  });

  it('stays quiet', () => {
    expectQuiet(undocumentedUpgradePath, { from: 'v1.4.0', to: 'v1.4.1' });
  });
});
