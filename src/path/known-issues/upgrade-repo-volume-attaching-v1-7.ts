import { upgradesInProgress } from '../../facts/harvester-upgrade.js';
import { repoVolumes, repoWasReady } from '../../facts/upgrade-repo.js';
import type { Finding } from '../../model/finding.js';
import { nameOf, refOf } from '../../model/kube-object.js';
import { LONGHORN_NAMESPACE, volumeState } from '../../model/longhorn.js';
import { sh } from '../../model/shell.js';
import { HARVESTER_ISSUE, type KnownIssue, minorOf, UPGRADE_DOC } from '../known-issue.js';

const ID = 'upgrade-repo-volume-attaching-v1-7';

export const upgradeRepoVolumeAttachingV17: KnownIssue = {
  id: ID,
  title: "The upgrade repository's Longhorn volume is not stuck Attaching",
  from: minorOf('v1.7'),
  to: minorOf('v1.7'),
  detection: {
    kind: 'check',
    needs: ['upgrades', 'longhornVolumes'],
    // harvester/docs docs/upgrade/v1-7-x-to-v1-7-y.md known issue 1 (harvester#9597, longhorn#12226): while a node
    // is drained, the upgrade-repo Deployment's Longhorn volume can stay Attaching; the post-drain job waits for the
    // Deployment (package/upgrade/lib.sh wait_repo) and the upgrade stalls at Post-draining. Only an upgrade in
    // progress shows it; before one, the repository does not exist yet.
    problem: () => "The upgrade repository's Longhorn volume is stuck Attaching",
    run: (snapshot) =>
      upgradesInProgress(snapshot)
        .filter(repoWasReady)
        .flatMap((upgrade) =>
          repoVolumes(snapshot, upgrade)
            .filter((volume) => volumeState(volume) === 'attaching')
            .map((volume): Finding => ({
              check: ID,
              severity: 'error',
              object: refOf('Volume', volume),
              message: `volume ${nameOf(volume)} of upgrade ${nameOf(upgrade)}'s repository is attaching, so the post-drain job waits for the repository and the node stays in Post-draining`,
              remedy: `Delete the volume's replica on the node being drained (it attaches then, and the upgrade goes on; repeat on each drain that hits it): ${sh`kubectl -n ${LONGHORN_NAMESPACE} get replicas.longhorn.io -l longhornvolume=${nameOf(volume)} -o wide`}, then ${sh`kubectl -n ${LONGHORN_NAMESPACE} delete replicas.longhorn.io`} <replica on that node>`,
            })),
        ),
  },
  sources: [
    `${UPGRADE_DOC}v1-7-x-to-v1-7-y`,
    `${HARVESTER_ISSUE}9597`,
    'https://github.com/longhorn/longhorn/issues/12226',
  ],
  remedy:
    "If a node stays in Post-draining with the upgrade-repo volume Attaching, delete that volume's Longhorn replica on the drained node.",
};
