import { expectFires, expectQuiet, type Scenario } from '../../../test/known-issue-scenarios.js';
import { aRepoDeployment, aRepoVolume, anUpgradeWithRepo } from '../../../test/upgrade-repo-builders.js';
import { upgradeRepoVolumeAttachingV17 } from './upgrade-repo-volume-attaching-v1-7.js';

const UPGRADE = 'hvst-upgrade-abcde';

const repoVolumeIn = (state: string, from = 'v1.7.1', to = 'v1.7.2'): Scenario => ({
  from,
  to,
  items: {
    upgrades: [anUpgradeWithRepo(UPGRADE, to)],
    harvesterDeployments: [aRepoDeployment(UPGRADE, state === 'attached')],
    longhornVolumes: [aRepoVolume(UPGRADE, state)],
  },
});

describe('upgrade-repo-volume-attaching-v1-7', () => {
  it('fires', () => {
    expectFires(upgradeRepoVolumeAttachingV17, repoVolumeIn('attaching'));
  });

  it('stays quiet', () => {
    expectQuiet(upgradeRepoVolumeAttachingV17, repoVolumeIn('attached'));
    expectQuiet(upgradeRepoVolumeAttachingV17, {
      from: 'v1.7.1',
      to: 'v1.7.2',
      items: { upgrades: [], longhornVolumes: [] },
    });
  });

  it('keeps to the documented path v1.7.x → v1.7.y', () => {
    expectQuiet(upgradeRepoVolumeAttachingV17, repoVolumeIn('attaching', 'v1.7.1', 'v1.8.0'));
  });
});
