import { HARVESTER_ISSUE, type KnownIssue, minorOf } from '../known-issue.js';

export const cosStatePartitionSizeV18: KnownIssue = {
  id: 'cos-state-partition-size-v1-8',
  title: 'COS_STATE is at least 15 GB before v1.8',
  from: minorOf('v1.7'),
  to: minorOf('v1.8'),
  detection: {
    kind: 'manual',
    // harvester/upgrade-helpers pre-check/v1.x/check.sh check_cos_state_partition_size (commit 8e30bdf,
    // harvester#10687): 1K-blocks / 1000000 below 15 fails.
    command: 'df /run/initramfs/cos-state/',
    expect:
      '1K-blocks of at least 15000000 (15 GB); a smaller COS_STATE partition leaves a corrupt OS image after the upgrade to v1.8',
  },
  sources: [
    'https://github.com/harvester/upgrade-helpers/blob/main/pre-check/v1.x/check.sh',
    `${HARVESTER_ISSUE}10687`,
  ],
  remedy: 'Re-install the node so that COS_STATE is 15 GB before upgrading it to v1.8.',
};
