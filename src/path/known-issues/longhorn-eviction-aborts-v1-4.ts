import { longhornEvictionFindings } from '../../facts/longhorn-eviction.js';
import { ANY, HARVESTER_ISSUE, type KnownIssue, minorOf, sameAsCheck } from '../known-issue.js';
import { counted } from '../../model/finding.js';

export const longhornEvictionAbortsV14: KnownIssue = {
  id: 'longhorn-eviction-aborts-v1-4',
  title: 'No Longhorn eviction is pending on a v1.4 cluster',
  from: minorOf('v1.4'),
  to: ANY,
  // harvester/upgrade-helpers pre-check/v1.x/check.sh check_longhorn_eviction_status aborts on v1.4.x;
  // harvester#7717: a pending eviction can crash longhorn-manager during the upgrade. Same rule as the check.
  detection: sameAsCheck(
    'longhorn-eviction-aborts-v1-4',
    ['longhornNodes'],
    {
      run: longhornEvictionFindings,
      problem: (findings) =>
        counted(
          findings,
          'Longhorn eviction is pending on a v1.4 cluster',
          'Longhorn evictions are pending on a v1.4 cluster',
        ),
    },
    'error',
  ),
  sources: [`${HARVESTER_ISSUE}7717`, 'https://github.com/harvester/upgrade-helpers/blob/main/pre-check/v1.x/check.sh'],
  remedy: 'Let the eviction finish, then clear evictionRequested on the Longhorn node or disk.',
};
