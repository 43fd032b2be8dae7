import { anUpgrade, snapshotOf } from '../../test/builders.js';
import { upgradeCleanupPending } from './upgrade-cleanup-pending.js';

describe('upgrade-cleanup-pending', () => {
  it('stays quiet when every cleanup Succeeded or was never needed', () => {
    const snapshot = snapshotOf({
      upgrades: [
        anUpgrade('hvst-upgrade-a', { state: 'Succeeded', cleanup: 'Succeeded' }),
        anUpgrade('hvst-upgrade-b', { state: 'UpgradingNodes', latest: false }),
      ],
    });
    expect(upgradeCleanupPending.run(snapshot)).toEqual([]);
  });

  it('reports the latest upgrade waiting for its cleanup', () => {
    const snapshot = snapshotOf({
      upgrades: [anUpgrade('hvst-upgrade-9gmg2', { state: 'Succeeded', cleanup: 'Pending' })],
    });
    expect(upgradeCleanupPending.run(snapshot)).toEqual([
      {
        check: 'upgrade-cleanup-pending',
        severity: 'error',
        object: { kind: 'Upgrade', namespace: 'harvester-system', name: 'hvst-upgrade-9gmg2' },
        message: 'cleanup is still pending (upgradeState Succeeded)',
        remedy: expect.stringContaining('hvst-upgrade-9gmg2-cleanup') as unknown,
      },
    ]);
  });

  it('tells to delete an older upgrade that the controller will never clean up', () => {
    const snapshot = snapshotOf({
      upgrades: [anUpgrade('hvst-upgrade-old', { state: 'Failed', cleanup: 'Pending', latest: false })],
    });
    expect(upgradeCleanupPending.run(snapshot)).toEqual([
      expect.objectContaining({
        message:
          'cleanup is still pending (upgradeState Failed) and will not run: only the latest upgrade is cleaned up',
        remedy: expect.stringContaining(
          'kubectl -n harvester-system delete upgrades.harvesterhci.io hvst-upgrade-old',
        ) as unknown,
      }),
    ]);
  });

  it('says so when the state label is missing', () => {
    const snapshot = snapshotOf({ upgrades: [anUpgrade('hvst-upgrade-x', { cleanup: 'Pending' })] });
    expect(upgradeCleanupPending.run(snapshot)).toEqual([
      expect.objectContaining({ message: 'cleanup is still pending (no upgradeState label)' }),
    ]);
  });
});
