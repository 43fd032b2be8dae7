import { expectFires, expectQuiet } from '../../../test/known-issue-scenarios.js';
import { dhcpClientIdV170 } from './dhcp-client-id-v1-7-0.js';

describe('dhcp-client-id-v1-7-0', () => {
  it('fires', () => {
    expectFires(dhcpClientIdV170, { from: 'v1.6.1', to: 'v1.7.0' });
  });

  it('stays quiet', () => {
    expectQuiet(dhcpClientIdV170, { from: 'v1.6.1', to: 'v1.7.1' });
  });

  // The docs: a node on a VLAN keeps its DHCP client ID in the vlan-mgmt profile, not bridge-mgmt.
  it('names the profile of a node on a VLAN', () => {
    expect(dhcpClientIdV170.remedy).toContain('vlan-mgmt');
  });
});
