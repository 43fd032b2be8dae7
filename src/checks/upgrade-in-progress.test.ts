import { anUpgrade, snapshotOf } from '../../test/builders.js';
import { anUpgradePlan } from '../../test/rancher-builders.js';
import { upgradeInProgress } from './upgrade-in-progress.js';

describe('upgrade-in-progress', () => {
  it('stays quiet when every upgrade finished and the latest ones Succeeded', () => {
    const snapshot = snapshotOf({
      upgrades: [
        anUpgrade('hvst-upgrade-a', { state: 'Succeeded' }),
        anUpgrade('hvst-upgrade-b', { state: 'Failed', latest: false }),
      ],
      upgradePlans: [
        anUpgradePlan('plan-a', 'Succeeded', undefined, '2026-11-21T10:00:00Z'),
        anUpgradePlan('plan-b', 'Failed', undefined, '2026-11-20T10:00:00Z'),
      ],
    });
    expect(upgradeInProgress.run(snapshot)).toEqual([]);
  });

  it('stays quiet with no upgrades, and without the optional plans', () => {
    expect(upgradeInProgress.run(snapshotOf({ upgrades: [] }))).toEqual([]);
  });

  it('reports an upgrade that is still upgrading nodes, naming its state', () => {
    const snapshot = snapshotOf({ upgrades: [anUpgrade('hvst-upgrade-9gmg2', { state: 'UpgradingNodes' })] });
    expect(upgradeInProgress.run(snapshot)).toEqual([
      {
        check: 'upgrade-in-progress',
        severity: 'error',
        object: { kind: 'Upgrade', namespace: 'harvester-system', name: 'hvst-upgrade-9gmg2' },
        message: 'upgrade to v1.4.2 has not finished (upgradeState UpgradingNodes)',
        remedy: expect.stringContaining(
          'kubectl -n harvester-system get upgrades.harvesterhci.io hvst-upgrade-9gmg2 -o yaml',
        ) as unknown,
      },
    ]);
  });

  it('reports an upgrade without the state label, as the webhook counts it', () => {
    const snapshot = snapshotOf({ upgrades: [anUpgrade('hvst-upgrade-new', { latest: false })] });
    expect(upgradeInProgress.run(snapshot)).toEqual([
      expect.objectContaining({ message: 'upgrade to v1.4.2 has not finished (no upgradeState label)' }),
    ]);
  });

  it('names the image when the upgrade has no version', () => {
    const base = anUpgrade('hvst-upgrade-iso', { state: 'PreparingRepo' });
    const upgrade = { ...base, spec: { image: 'default/harvester-v1.4.2-iso' } };
    expect(upgradeInProgress.run(snapshotOf({ upgrades: [upgrade] }))).toEqual([
      expect.objectContaining({
        message: 'upgrade to default/harvester-v1.4.2-iso has not finished (upgradeState PreparingRepo)',
      }),
    ]);
  });

  it('reports Upgrade V2 plans that are not Succeeded or Failed', () => {
    const snapshot = snapshotOf({
      upgrades: [],
      upgradePlans: [anUpgradePlan('plan-x', 'NodeUpgrading'), anUpgradePlan('plan-y', null)],
    });
    expect(upgradeInProgress.run(snapshot)).toEqual([
      expect.objectContaining({
        object: { kind: 'UpgradePlan', name: 'plan-x' },
        message: 'upgrade plan is in phase NodeUpgrading, not Succeeded or Failed',
        remedy: expect.stringContaining(
          'kubectl get upgradeplans.management.harvesterhci.io plan-x -o yaml',
        ) as unknown,
      }),
      expect.objectContaining({
        object: { kind: 'UpgradePlan', name: 'plan-y' },
        message: 'upgrade plan has no phase yet',
      }),
    ]);
  });

  it('reports the latest Upgrade left Failed, with its message and the states of its nodes', () => {
    const upgrade = anUpgrade('hvst-upgrade-x', {
      state: 'Failed',
      version: 'v1.4.1',
      conditions: [
        { type: 'Completed', status: 'False', reason: 'NodeUpgradeFailed', message: '' },
        { type: 'NodesUpgraded', status: 'False' },
      ],
      nodeStatuses: {
        'node-1': { state: 'Succeeded' },
        'node-0': { state: 'Failed', message: 'Job has reached the specified backoff limit' },
      },
    });
    expect(upgradeInProgress.run(snapshotOf({ upgrades: [upgrade] }))).toEqual([
      {
        check: 'upgrade-in-progress',
        severity: 'warning',
        object: { kind: 'Upgrade', namespace: 'harvester-system', name: 'hvst-upgrade-x' },
        message:
          'the latest upgrade to v1.4.1 failed: NodeUpgradeFailed; nodes: node-0 Failed (Job has reached the specified backoff limit), node-1 Succeeded',
        remedy: expect.stringContaining(
          'kubectl -n harvester-system get upgrades.harvesterhci.io hvst-upgrade-x -o yaml',
        ) as unknown,
      },
    ]);
  });

  it('reports the newest UpgradePlan left Failed', () => {
    const plans = [
      anUpgradePlan('plan-old', 'Succeeded', undefined, '2026-11-20T10:00:00Z'),
      anUpgradePlan('plan-new', 'Failed', { 'node-0': { state: 'Failed' } }, '2026-11-21T10:00:00Z'),
    ];
    expect(upgradeInProgress.run(snapshotOf({ upgrades: [], upgradePlans: plans }))).toEqual([
      expect.objectContaining({
        object: { kind: 'UpgradePlan', name: 'plan-new' },
        message: 'the latest upgrade plan failed; nodes: node-0 Failed',
      }),
    ]);
  });
});
