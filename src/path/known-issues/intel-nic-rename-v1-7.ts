import { HARVESTER_ISSUE, type KnownIssue, minorOf, UPGRADE_DOC } from '../known-issue.js';

export const intelNicRenameV17: KnownIssue = {
  id: 'intel-nic-rename-v1-7',
  title: 'Intel i40e/ice interfaces keep their names',
  from: minorOf('v1.6'),
  to: { atLeast: 'v1.7.0-0', below: 'v1.7.2-0' },
  detection: {
    kind: 'manual',
    // The docs' table: v1.7.0 renames every listed interface; v1.7.1 adds ifname= for standalone ones only, so a
    // bond member (third column: its bond, such as mgmt-bo) still needs the workaround there.
    command:
      'for nic in /sys/class/net/*; do echo "$(basename "$nic") $(basename "$(readlink "$nic/device/driver")" 2>/dev/null) $(basename "$(readlink "$nic/master")" 2>/dev/null)"; done | grep -wE "i40e|ice"',
    expect:
      'no output; listed interfaces (X710 and others) may get a port suffix such as np0 and lose connectivity: on v1.7.0 every one, on v1.7.1 those with a bond in the third column',
  },
  sources: [`${UPGRADE_DOC}v1-6-x-to-v1-7-x`, `${HARVESTER_ISSUE}9815`, `${HARVESTER_ISSUE}10397`],
  remedy:
    'Add ifname=<name>:<mac> for each listed interface to third_party_kernel_args (grub2-editenv /oem/grubenv set ...) and reboot, or upgrade to v1.7.2 or later.',
};
