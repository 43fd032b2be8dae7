import { upgradesInProgress } from '../facts/harvester-upgrade.js';
import { repoName, repoObject, repoVolumes, repoWasReady, UPGRADE_NAMESPACE } from '../facts/upgrade-repo.js';
import { counted, type Finding } from '../model/finding.js';
import type { Upgrade } from '../model/harvester.js';
import { nameOf, refOf } from '../model/kube-object.js';
import { LONGHORN_NAMESPACE, volumeRobustness, volumeState } from '../model/longhorn.js';
import { sh } from '../model/shell.js';
import type { ClusterSnapshot } from '../model/snapshot.js';
import type { Check } from './check.js';

const ID = 'upgrade-repo-not-ready';

/** The repo's Longhorn volumes that are not attached, or attached but faulted, in words. */
const volumeTrouble = (snapshot: ClusterSnapshot, upgrade: Upgrade): string[] =>
  repoVolumes(snapshot, upgrade)
    .filter((volume) => volumeState(volume) !== 'attached' || volumeRobustness(volume) === 'faulted')
    .map((volume) => `Longhorn volume ${nameOf(volume)} is ${volumeState(volume)} (${volumeRobustness(volume)})`);

const volumeRemedy = (snapshot: ClusterSnapshot, upgrade: Upgrade): string => {
  const [volume] = repoVolumes(snapshot, upgrade);
  return volume
    ? ` A volume stuck attaching: see its replicas with ${sh`kubectl -n ${LONGHORN_NAMESPACE} get replicas.longhorn.io -l longhornvolume=${nameOf(volume)} -o wide`} and delete the one on the node being drained (docs v1-7-x-to-v1-7-y known issue 1).`
    : '';
};

const findingFor = (snapshot: ClusterSnapshot, upgrade: Upgrade): Finding | undefined => {
  if (!repoWasReady(upgrade)) return undefined;
  const repo = repoObject(snapshot, upgrade);
  const volumes = volumeTrouble(snapshot, upgrade);
  const name = repoName(upgrade);
  if (!repo) {
    return {
      check: ID,
      severity: 'error',
      object: refOf('Upgrade', upgrade),
      message: `upgrade ${nameOf(upgrade)} had its repository ready, but neither Deployment nor VirtualMachine ${UPGRADE_NAMESPACE}/${name} exists, so every upgrade job waits for it forever`,
      remedy: `The repository cannot come back by itself: stop this upgrade and start it again (docs upgrade/troubleshooting "Stop the ongoing upgrade").`,
    };
  }
  if (repo.ready && volumes.length === 0) return undefined;
  const what = `${repo.kind} ${UPGRADE_NAMESPACE}/${name}`;
  const waitedFor = repo.kind === 'Deployment' ? 'Available' : 'Running';
  return {
    check: ID,
    severity: 'error',
    object: refOf(repo.kind, repo.object),
    message: `upgrade repository ${what} is ${repo.state}${volumes.length > 0 ? `; its ${volumes.join(', ')}` : ''}; every upgrade job waits with no timeout until it is ${waitedFor}`,
    remedy: `Find why it does not come up: ${
      repo.kind === 'Deployment'
        ? sh`kubectl -n ${UPGRADE_NAMESPACE} get pods -l harvesterhci.io/upgradeComponent=repo -o wide`
        : sh`kubectl -n ${UPGRADE_NAMESPACE} get vmi,pods -l harvesterhci.io/upgradeComponent=repo -o wide`
    }.${volumeRemedy(snapshot, upgrade)}`,
  };
};

/**
 * Every upgrade job starts by waiting, with no timeout, for the upgrade repository: the repo VM Running (targets up
 * to v1.6, restarted with virtctl start) or the repo Deployment Available (v1.7.0 and later), then its HTTP
 * endpoint (harvester/harvester package/upgrade/lib.sh wait_repo). A repo that cannot come back after a drain
 * stalls the upgrade at Post-draining (harvester#8773, #9857; its volume stuck Attaching: #9597, longhorn#12226).
 * Before an upgrade there is no repo; this reads the one of an upgrade in progress.
 */
export const upgradeRepoNotReady: Check = {
  id: ID,
  title: 'An upgrade in progress has its repository up',
  problem: (findings) => counted(findings, "upgrade's repository is not up", "upgrades' repositories are not up"),
  description:
    "While an upgrade runs, every job waits with no timeout for the upgrade repository's VM (to v1.6) or Deployment (from v1.7) and its volume.",
  needs: ['upgrades', 'harvesterDeployments', 'virtualMachines', 'longhornVolumes'],
  run: (snapshot) =>
    upgradesInProgress(snapshot).flatMap((upgrade) => {
      const finding = findingFor(snapshot, upgrade);
      return finding ? [finding] : [];
    }),
};
