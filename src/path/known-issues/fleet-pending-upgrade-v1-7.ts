import { HELM_RELEASE_INPUTS, helmReleasePendingFindings } from '../../facts/helm-release.js';
import { HARVESTER_ISSUE, type KnownIssue, minorOf, UPGRADE_DOC } from '../known-issue.js';
import { naming } from '../../model/finding.js';

const ID = 'fleet-pending-upgrade-v1-7';

export const fleetPendingUpgradeV17: KnownIssue = {
  id: ID,
  title: 'Fleet\'s Helm releases are not left pending-upgrade before "Upgrading System Service"',
  from: minorOf('v1.6'),
  to: minorOf('v1.7'),
  // harvester/docs docs/upgrade/v1-6-x-to-v1-7-x.md known issue 2 (harvester#9738, #9680; docs PR #697): the
  // upgrade sits in "Upgrading System Service" at "wait helm release cattle-fleet-system fleet …" because the fleet
  // release's last revision is pending-upgrade; v1.7.x scripts never roll it back (only v1.8.0 and later do). Same
  // rule as helm-release-pending, told which script runs.
  detection: {
    kind: 'check',
    needs: [...HELM_RELEASE_INPUTS],
    problem: (findings) => naming(findings, "Fleet's Helm releases are left pending-upgrade"),
    run: (snapshot, path) => helmReleasePendingFindings(snapshot, ID, path.to.dev ? undefined : path.to, !path.to.dev),
  },
  sources: [`${UPGRADE_DOC}v1-6-x-to-v1-7-x`, `${HARVESTER_ISSUE}9738`, `${HARVESTER_ISSUE}9680`],
  remedy:
    'Roll the release back before upgrading (helm rollback fleet -n cattle-fleet-system, as the docs say), then let the embedded Rancher upgrade it again (restart its pods to hurry it).',
};
