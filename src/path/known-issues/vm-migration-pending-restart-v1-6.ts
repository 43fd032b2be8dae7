import type { Finding } from '../../model/finding.js';
import { qualifiedName } from '../../model/kube-object.js';
import { isVmiRunning } from '../../model/kubevirt.js';
import { itemsOf, type ClusterSnapshot } from '../../model/snapshot.js';
import {
  HARVESTER_ISSUE,
  type KnownIssue,
  minorOf,
  type PathContext,
  UPGRADE_DOC,
  VERSION_OBJECT,
} from '../known-issue.js';

/** How many VM names a message lists before it only counts. */
const LISTED = 5;

const detect = (snapshot: ClusterSnapshot, path: PathContext): Finding[] => {
  const running = itemsOf(snapshot, 'vmis').filter(isVmiRunning).map(qualifiedName).sort();
  if (running.length === 0) return [];
  const names =
    running.slice(0, LISTED).join(', ') +
    (running.length > LISTED ? ` and ${String(running.length - LISTED)} more` : '');
  return [
    {
      check: 'vm-migration-pending-restart-v1-6',
      severity: 'warning',
      object: VERSION_OBJECT(path),
      message: `${String(running.length)} running VM${running.length === 1 ? '' : 's'} (${names}) will stay pending restart after the upgrade to ${path.to.text}: until each is restarted, a migration to a chosen node lands on a random node`,
      remedy: `After the upgrade, restart these VMs in a maintenance window before migrating them to a chosen node (${UPGRADE_DOC}v1-5-x-to-v1-6-x).`,
    },
  ];
};

export const vmMigrationPendingRestartV16: KnownIssue = {
  id: 'vm-migration-pending-restart-v1-6',
  title: 'VMs can be migrated to a chosen node after the upgrade to v1.6',
  from: minorOf('v1.5'),
  to: minorOf('v1.6'),
  detection: {
    kind: 'check',
    needs: ['vmis'],
    // harvester/docs v1-5-x-to-v1-6-x known issue 7 (harvester#9739, labels known-issue-v1.6.0 and v1.6.1): VMs
    // that ran through the upgrade from v1.5 stay pending restart and a node-specific migration picks a random node
    // (the node-selector fix of PR #8707 only reaches VMs started on v1.6). Every VM running now runs through it.
    problem: () => 'VMs cannot be migrated to a chosen node after the upgrade to v1.6',
    run: detect,
  },
  sources: [`${UPGRADE_DOC}v1-5-x-to-v1-6-x`, `${HARVESTER_ISSUE}9739`],
  remedy: 'Restart the VMs that ran through the upgrade before migrating them to a chosen node.',
};
