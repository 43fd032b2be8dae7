import type { Upgrade } from '../model/harvester.js';
import { conditionOf, nameOf, namespaceOf } from '../model/kube-object.js';
import type { VirtualMachine } from '../model/kubevirt.js';
import type { LonghornVolume } from '../model/longhorn.js';
import type { Deployment } from '../model/pod.js';
import { itemsOf, type ClusterSnapshot } from '../model/snapshot.js';

/**
 * The upgrade repository: the target's ISO served over HTTP to every upgrade job, which waits for it with no
 * timeout (harvester/harvester package/upgrade/lib.sh wait_repo). Up to v1.6 it is the VirtualMachine
 * `upgrade-repo-<upgrade>` booting the ISO from PVC `upgrade-repo-<upgrade>-disk-0`, and the jobs wait for
 * printableStatus Running; from v1.7.0 it is the Deployment `upgrade-repo-<upgrade>` mounting the PVC of the ISO
 * image (named as the VirtualMachineImage), and they wait for its Available condition
 * (pkg/controller/master/upgrade/upgrade_repo.go at v1.6.0 createVM and v1.7.0 CreateDeployment).
 */
export const UPGRADE_NAMESPACE = 'harvester-system';

export const repoName = (upgrade: Upgrade): string => `upgrade-repo-${nameOf(upgrade)}`;

/** The PVCs the repo runs from: the VM's disk, or the ISO image's own PVC (Upgrade status.imageID). */
const repoClaims = (upgrade: Upgrade): readonly string[] => {
  const [namespace, image] = (upgrade.status?.imageID ?? '').split('/');
  return [
    `${repoName(upgrade)}-disk-0`,
    ...(namespace === UPGRADE_NAMESPACE && image !== undefined && image !== '' ? [image] : []),
  ];
};

/** The Longhorn volumes behind the repo's PVCs, by the PVC Longhorn records in `status.kubernetesStatus`. */
export const repoVolumes = (snapshot: ClusterSnapshot, upgrade: Upgrade): readonly LonghornVolume[] => {
  const claims = repoClaims(upgrade);
  return itemsOf(snapshot, 'longhornVolumes').filter((volume) => {
    const status = volume.status?.kubernetesStatus;
    return status?.namespace === UPGRADE_NAMESPACE && claims.includes(status.pvcName ?? '');
  });
};

export type RepoObject =
  | { readonly kind: 'Deployment'; readonly object: Deployment; readonly ready: boolean; readonly state: string }
  | {
      readonly kind: 'VirtualMachine';
      readonly object: VirtualMachine;
      readonly ready: boolean;
      readonly state: string;
    };

/**
 * The repo object the jobs find first (lib.sh detect_repo_type looks for the Deployment, then the VM), whether it
 * is what they wait for, and its state in words; undefined when neither exists.
 */
export const repoObject = (snapshot: ClusterSnapshot, upgrade: Upgrade): RepoObject | undefined => {
  const name = repoName(upgrade);
  const here = (object: Deployment | VirtualMachine): boolean =>
    nameOf(object) === name && namespaceOf(object) === UPGRADE_NAMESPACE;
  const deployment = itemsOf(snapshot, 'harvesterDeployments').find(here);
  if (deployment) {
    const available = conditionOf(deployment.status?.conditions, 'Available');
    const ready = deployment.status?.readyReplicas ?? 0;
    const wanted = deployment.spec?.replicas ?? 1;
    const reason = available?.reason ? `, ${available.reason}` : '';
    return {
      kind: 'Deployment',
      object: deployment,
      ready: available?.status === 'True',
      state: `Available ${available?.status ?? 'unknown'}${reason}, ${String(ready)}/${String(wanted)} ready`,
    };
  }
  const vm = itemsOf(snapshot, 'virtualMachines').find(here);
  if (!vm) return undefined;
  const status = vm.status?.printableStatus ?? 'no status';
  return { kind: 'VirtualMachine', object: vm, ready: status === 'Running', state: status };
};

/** The jobs start once the repo is ready (condition RepoReady True, upgrade_controller.go); before, none waits. */
export const repoWasReady = (upgrade: Upgrade): boolean =>
  conditionOf(upgrade.status?.conditions, 'RepoReady')?.status === 'True';
