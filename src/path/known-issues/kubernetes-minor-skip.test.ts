import { expectFires, expectQuiet } from '../../../test/known-issue-scenarios.js';
import { kubernetesMinorSkip } from './kubernetes-minor-skip.js';

describe('kubernetes-minor-skip', () => {
  it('fires', () => {
    expectFires(kubernetesMinorSkip, { from: 'v1.4.0', to: 'v1.4.2' });
  });

  it('stays quiet', () => {
    expectQuiet(kubernetesMinorSkip, { from: 'v1.4.1', to: 'v1.4.2' });
  });
});
