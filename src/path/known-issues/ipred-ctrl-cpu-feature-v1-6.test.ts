import { expectFires, expectQuiet } from '../../../test/known-issue-scenarios.js';
import { ipredCtrlCpuFeatureV16 } from './ipred-ctrl-cpu-feature-v1-6.js';

describe('ipred-ctrl-cpu-feature-v1-6', () => {
  it('fires', () => {
    expectFires(ipredCtrlCpuFeatureV16, { from: 'v1.5.1', to: 'v1.6.0' });
  });

  it('stays quiet', () => {
    expectQuiet(ipredCtrlCpuFeatureV16, { from: 'v1.6.0', to: 'v1.6.1' });
  });
});
