import { HARVESTER_ISSUE, type KnownIssue, minorOf, UPGRADE_DOC } from '../known-issue.js';

export const mgmtSecondaryVlansV16: KnownIssue = {
  id: 'mgmt-secondary-vlans-v1-6',
  title: 'Secondary VLAN interfaces on mgmt-br keep their connectivity',
  from: minorOf('v1.5'),
  to: minorOf('v1.6'),
  detection: {
    kind: 'manual',
    // harvester/docs docs/upgrade/v1-5-x-to-v1-6-x.md known issue 5 (harvester#7650): v1.6.0 attaches only the
    // VLANs Harvester needs to mgmt-br and mgmt-bo instead of 2-4094, so a host VLAN interface such as
    // mgmt-br.2113 added by hand (an ifcfg file in /oem) loses its traffic after the upgrade.
    command: 'ip -o link show type vlan | grep -E "mgmt-(br|bo)\\."',
    expect:
      'only the primary VLAN interface of install.management_interface (or no output); every other mgmt-br.<id> or mgmt-bo.<id> loses connectivity after the upgrade',
  },
  sources: [`${UPGRADE_DOC}v1-5-x-to-v1-6-x`, `${HARVESTER_ISSUE}7650`],
  remedy:
    'Add bridge vlan add vid <id> dev $INTERFACE to setup_bond.sh, and bridge vlan add vid <id> dev $INTERFACE self plus bridge vlan add vid <id> dev mgmt-bo to setup_bridge.sh in /oem/90_custom.yaml for each listed VLAN, reboot, and check with bridge vlan show.',
};
