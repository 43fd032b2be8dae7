import { expectFires, expectQuiet } from '../../../test/known-issue-scenarios.js';
import { dhcpClientIdV170 } from './dhcp-client-id-v1-7-0.js';

describe('dhcp-client-id-v1-7-0', () => {
  it('fires', () => {
    expectFires(dhcpClientIdV170, { from: 'v1.6.1', to: 'v1.7.0' });
  });

  it('stays quiet', () => {
    expectQuiet(dhcpClientIdV170, { from: 'v1.6.1', to: 'v1.7.1' });
  });
});
