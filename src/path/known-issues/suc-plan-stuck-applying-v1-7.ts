import { sucPlanStuckFindings } from '../../facts/suc-plan-stuck.js';
import { HARVESTER_ISSUE, type KnownIssue, minorOf, sameAsCheck, UPGRADE_DOC } from '../known-issue.js';
import { counted } from '../../model/finding.js';

export const sucPlanStuckApplyingV17: KnownIssue = {
  id: 'suc-plan-stuck-applying-v1-7',
  title: 'No system-upgrade-controller Plan is stuck applying',
  from: minorOf('v1.7'),
  to: { atLeast: 'v1.7.0-0', below: 'v1.9.0-0' },
  // harvester/docs upgrade/v1-7-x-to-v1-7-y.md and v1-7-x-to-v1-8-x.md known issue 3 (harvester#9880): a preload
  // Plan's Job fails, is deleted after its TTL, and system-upgrade-controller does not create it again; the Plan
  // stays applying on that node and the upgrade stalls at image preload. The Plans of this upgrade do not exist yet,
  // so this reports a Plan the controller has already left behind: the same rule as the check.
  detection: sameAsCheck('suc-plan-stuck-applying-v1-7', ['sucPlans', 'jobs', 'nodes'], {
    run: sucPlanStuckFindings,
    problem: (findings) =>
      counted(
        findings,
        'system-upgrade-controller Plan is stuck applying',
        'system-upgrade-controller Plans are stuck applying',
      ),
  }),
  sources: [`${UPGRADE_DOC}v1-7-x-to-v1-7-y`, `${UPGRADE_DOC}v1-7-x-to-v1-8-x`, `${HARVESTER_ISSUE}9880`],
  remedy:
    'If image preload shows no progress for 30 minutes and a prepare Plan lists a node under status.applying with no Job for it in cattle-system, restart the controller: kubectl rollout restart deployment/system-upgrade-controller -n cattle-system',
};
