import { HARVESTER_ISSUE, type KnownIssue, minorOf, release, UPGRADE_DOC } from '../known-issue.js';

export const dhcpClientIdV170: KnownIssue = {
  id: 'dhcp-client-id-v1-7-0',
  title: 'DHCP-addressed nodes keep their address on v1.7.0',
  from: minorOf('v1.6'),
  to: release('v1.7.0'),
  detection: {
    kind: 'manual',
    command: 'ls /var/lib/wicked/lease-*-dhcp-ipv4.xml',
    expect:
      'no lease file (static address); a lease file means DHCP, and NetworkManager sends another client ID, so the node may get another address',
  },
  sources: [`${UPGRADE_DOC}v1-6-x-to-v1-7-x`, `${HARVESTER_ISSUE}9260`],
  remedy:
    'Upgrade to v1.7.1 or later, which keeps the DHCP client ID; or reserve addresses by MAC, or after the upgrade copy <client-id> from the lease file: nmcli con modify bridge-mgmt ipv4.dhcp-client-id <client-id> (vlan-mgmt when the node uses a VLAN) and reboot.',
};
