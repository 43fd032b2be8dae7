import { expectFires, expectQuiet } from '../../../test/known-issue-scenarios.js';
import { rke2CertificatesExpiredV12 } from './rke2-certificates-expired-v1-2.js';

describe('rke2-certificates-expired-v1-2', () => {
  it('fires', () => {
    expectFires(rke2CertificatesExpiredV12, { from: 'v1.2.1', to: 'v1.2.2' });
  });

  it('stays quiet', () => {
    expectQuiet(rke2CertificatesExpiredV12, { from: 'v1.2.2', to: 'v1.3.1' });
  });
});
