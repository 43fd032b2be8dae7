import { HARVESTER_ISSUE, type KnownIssue, minorOf, UPGRADE_DOC } from '../known-issue.js';

export const managementNetworkFilesV17: KnownIssue = {
  id: 'management-network-files-v1-7',
  title: 'The management network configuration survives the move to NetworkManager',
  from: minorOf('v1.6'),
  to: minorOf('v1.7'),
  detection: {
    kind: 'manual',
    // harvester/upgrade-helpers pre-check/v1.x/check.sh check_network_config (run only on v1.6.x, harvester#9301),
    // and the docs' migration table: v1.7 builds its NetworkManager profiles from /oem/harvester.config alone, so
    // ifcfg files written by hand (another /oem file, or edits of 90_custom.yaml) are ignored after the upgrade.
    command:
      "ls /oem/90_custom.yaml /oem/99_custom.yaml /oem/harvester.config; yq '.install.networks, .install.managementinterface, .install.management_interface' /oem/harvester.config; grep -l 'sysconfig/network/ifcfg-' /oem/*.yaml",
    expect:
      '/oem/90_custom.yaml and /oem/harvester.config exist (no 99_custom.yaml), install.networks is null (the v1.0 schema), one management-interface key is set, and grep lists only /oem/90_custom.yaml, unchanged since installation (other files or hand edits of its ifcfg entries are ignored from v1.7.0)',
  },
  sources: [`${UPGRADE_DOC}v1-6-x-to-v1-7-x`, `${HARVESTER_ISSUE}9301`],
  remedy:
    'Rename /oem/99_custom.yaml to /oem/90_custom.yaml and set install.management_interface (and os.dns_nameservers) in /oem/harvester.config on each node before upgrading; after it, re-apply custom settings with nmcli, or rebuild the profiles from harvester.config with harvester-installer generate-network-config (a node in "Waiting Reboot": fix it with nmcli on the console and reboot).',
};
