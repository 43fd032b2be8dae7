import { snapshotOf } from '../../test/builders.js';
import { aRepoDeployment, aRepoVm, aRepoVolume, anUpgradeWithRepo } from '../../test/upgrade-repo-builders.js';
import { repoName, repoObject, repoVolumes } from './upgrade-repo.js';

const UPGRADE = 'hvst-upgrade-abcde';

describe('upgrade-repo', () => {
  it('is named after the upgrade', () => {
    expect(repoName(anUpgradeWithRepo(UPGRADE))).toBe(`upgrade-repo-${UPGRADE}`);
  });

  it('finds the Deployment before the VM, as lib.sh detect_repo_type does', () => {
    const snapshot = snapshotOf({
      harvesterDeployments: [aRepoDeployment(UPGRADE, false)],
      virtualMachines: [aRepoVm(UPGRADE, 'Running')],
    });
    expect(repoObject(snapshot, anUpgradeWithRepo(UPGRADE))).toMatchObject({ kind: 'Deployment', ready: false });
    const vmOnly = snapshotOf({ harvesterDeployments: [], virtualMachines: [aRepoVm(UPGRADE, 'Running')] });
    expect(repoObject(vmOnly, anUpgradeWithRepo(UPGRADE))).toMatchObject({ kind: 'VirtualMachine', ready: true });
    expect(repoObject(snapshotOf({}), anUpgradeWithRepo(UPGRADE))).toBeUndefined();
  });

  it('finds the volumes of the VM disk and of the ISO image PVC, and only in harvester-system', () => {
    const image = aRepoVolume(UPGRADE, 'attached');
    const disk = aRepoVolume(`upgrade-repo-${UPGRADE}-disk-0`, 'attached');
    const noImageId = { ...anUpgradeWithRepo(UPGRADE), status: {} };
    const snapshot = snapshotOf({ longhornVolumes: [image, disk] });
    expect(repoVolumes(snapshot, anUpgradeWithRepo(UPGRADE))).toEqual([image, disk]);
    expect(repoVolumes(snapshot, noImageId)).toEqual([disk]);
  });
});
