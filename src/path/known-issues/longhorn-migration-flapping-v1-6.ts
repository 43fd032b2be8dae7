import { counted, type Finding } from '../../model/finding.js';
import { nameOf, refOf } from '../../model/kube-object.js';
import { LONGHORN_NAMESPACE, meaningful, volumePvc, volumeState } from '../../model/longhorn.js';
import { sh } from '../../model/shell.js';
import { itemsOf } from '../../model/snapshot.js';
import { HARVESTER_ISSUE, type KnownIssue, minorOf, UPGRADE_DOC } from '../known-issue.js';

const ID = 'longhorn-migration-flapping-v1-6';
const CLEAR = '{"status":{"currentMigrationNodeID":""}}';

export const longhornMigrationFlappingV16: KnownIssue = {
  id: ID,
  title: 'No detached Longhorn volume keeps a live-migration node',
  from: minorOf('v1.5'),
  to: minorOf('v1.6'),
  detection: {
    kind: 'check',
    needs: ['longhornVolumes'],
    // harvester/docs docs/upgrade/v1-5-x-to-v1-6-x.md known issue 3 (harvester#8949, longhorn#11479): after a live
    // migration a volume can flap between Detaching and Detached with status.currentMigrationNodeID still set, and
    // its VM stays Starting. The upgrade live-migrates every VM, so a volume already in that state only gets company.
    problem: (findings) =>
      counted(
        findings,
        'detached Longhorn volume keeps a live-migration node',
        'detached Longhorn volumes keep a live-migration node',
      ),
    run: (snapshot) =>
      itemsOf(snapshot, 'longhornVolumes')
        .filter((volume) => {
          const state = volumeState(volume);
          return (
            (state === 'detached' || state === 'detaching') &&
            meaningful(volume.status?.currentMigrationNodeID) !== undefined
          );
        })
        .map((volume): Finding => ({
          check: ID,
          severity: 'warning',
          object: refOf('Volume', volume),
          message: `volume ${nameOf(volume)}${volumePvc(volume) ? ` (PVC ${volumePvc(volume) ?? ''})` : ''} is ${volumeState(volume)} but still names migration node ${volume.status?.currentMigrationNodeID ?? ''}, so it can flap between detaching and detached and its VM cannot start`,
          remedy: `Clear the leftover migration node: ${sh`kubectl patch -n ${LONGHORN_NAMESPACE} volume ${nameOf(volume)} --type=merge --subresource status -p ${CLEAR}`}`,
        })),
  },
  sources: [
    `${UPGRADE_DOC}v1-5-x-to-v1-6-x`,
    `${HARVESTER_ISSUE}8949`,
    'https://github.com/longhorn/longhorn/issues/11479',
  ],
  remedy:
    'Clear status.currentMigrationNodeID of a volume that flaps between Detaching and Detached after a live migration.',
};
