import { expectFires, expectQuiet } from '../../../test/known-issue-scenarios.js';
import { intelNicRenameV17 } from './intel-nic-rename-v1-7.js';

describe('intel-nic-rename-v1-7', () => {
  it('fires', () => {
    expectFires(intelNicRenameV17, { from: 'v1.6.0', to: 'v1.7.1' });
  });

  it('stays quiet', () => {
    expectQuiet(intelNicRenameV17, { from: 'v1.6.0', to: 'v1.7.2' });
  });
});
