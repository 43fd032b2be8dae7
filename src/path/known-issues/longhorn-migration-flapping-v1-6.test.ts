import { aVolume } from '../../../test/longhorn-builders.js';
import { expectFires, expectQuiet, pathOn, type Scenario } from '../../../test/known-issue-scenarios.js';
import type { LonghornVolume } from '../../model/longhorn.js';
import { longhornMigrationFlappingV16 } from './longhorn-migration-flapping-v1-6.js';

const withMigrationNode = (volume: LonghornVolume, node: string): LonghornVolume => ({
  ...volume,
  status: { ...volume.status, currentMigrationNodeID: node },
});

const volumes = (...longhornVolumes: LonghornVolume[]): Scenario => ({
  from: 'v1.5.2',
  to: 'v1.6.1',
  items: { longhornVolumes },
});

describe('longhorn-migration-flapping-v1-6', () => {
  it('fires', () => {
    expectFires(
      longhornMigrationFlappingV16,
      volumes(withMigrationNode(aVolume('pvc-1', { state: 'detaching' }), 'node-2')),
    );
    const report = pathOn(
      longhornMigrationFlappingV16,
      volumes(withMigrationNode(aVolume('pvc-1', { state: 'detached' }), 'node-2')),
    );
    expect(report.findings[0]?.remedy).toContain(
      `kubectl patch -n longhorn-system volume pvc-1 --type=merge --subresource status -p '{"status":{"currentMigrationNodeID":""}}'`,
    );
  });

  it('stays quiet', () => {
    // A migration in progress names the node while the volume is attached; a detached volume without it is fine.
    expectQuiet(
      longhornMigrationFlappingV16,
      volumes(withMigrationNode(aVolume('pvc-1'), 'node-2'), aVolume('pvc-2', { state: 'detached' })),
    );
  });
});
