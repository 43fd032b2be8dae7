import { aSetting } from '../../../test/builders.js';
import { expectFires, expectQuiet, type Scenario } from '../../../test/known-issue-scenarios.js';
import { rwxStorageNetworkPostDraining } from './rwx-storage-network-post-draining.js';

const rwxOnStorageNetwork = (value: string): Scenario => ({
  from: 'v1.7.1',
  to: 'v1.8.0',
  items: { longhornSettings: [aSetting('storage-network-for-rwx-volume-enabled', value, 'longhorn-system')] },
});

describe('rwx-storage-network-post-draining', () => {
  it('fires', () => {
    expectFires(rwxStorageNetworkPostDraining, rwxOnStorageNetwork('true'));
  });

  it('stays quiet', () => {
    expectQuiet(rwxStorageNetworkPostDraining, rwxOnStorageNetwork('false'));
  });
});
