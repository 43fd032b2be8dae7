import { aSetting, anUpgrade, snapshotOf } from '../../test/builders.js';
import { anUpgradePlan } from '../../test/rancher-builders.js';
import { upgradeConfig, upgradePlansInProgress, upgradesInProgress, nodePhase } from './harvester-upgrade.js';

const names = (objects: readonly { metadata?: { name?: string } }[]) => objects.map((o) => o.metadata?.name);

describe('upgradeConfig', () => {
  it('reads restoreVM from setting upgrade-config', () => {
    const snapshot = snapshotOf({ harvesterSettings: [aSetting('upgrade-config', '{"restoreVM":true}')] });
    expect(upgradeConfig(snapshot)).toEqual({ restoreVM: true });
  });

  it('takes the default for a missing, false or unreadable value', () => {
    expect(upgradeConfig(snapshotOf({ harvesterSettings: [] }))).toEqual({ restoreVM: false });
    const off = snapshotOf({ harvesterSettings: [aSetting('upgrade-config', '{"restoreVM":"yes"}')] });
    expect(upgradeConfig(off)).toEqual({ restoreVM: false });
    const broken = snapshotOf({ harvesterSettings: [aSetting('upgrade-config', '{restoreVM')] });
    expect(upgradeConfig(broken)).toEqual({ restoreVM: false });
  });
});

describe('upgradesInProgress', () => {
  it('counts upgrades in any state but Succeeded and Failed, and those without the label', () => {
    const upgrades = [
      anUpgrade('running', { state: 'UpgradingNodes' }),
      anUpgrade('unlabelled'),
      anUpgrade('done', { state: 'Succeeded' }),
      anUpgrade('failed', { state: 'Failed' }),
    ];
    expect(names(upgradesInProgress(snapshotOf({ upgrades })))).toEqual(['running', 'unlabelled']);
  });

  it('finds none when every upgrade ended', () => {
    expect(upgradesInProgress(snapshotOf({ upgrades: [anUpgrade('done', { state: 'Succeeded' })] }))).toEqual([]);
  });
});

describe('upgradePlansInProgress', () => {
  it('counts plans in any phase but Succeeded and Failed, and those without a phase', () => {
    const upgradePlans = [anUpgradePlan('a', 'NodeUpgrading'), anUpgradePlan('b', null), anUpgradePlan('c', 'Failed')];
    expect(names(upgradePlansInProgress(snapshotOf({ upgradePlans })))).toEqual(['a', 'b']);
  });

  it('finds none when every plan ended', () => {
    expect(upgradePlansInProgress(snapshotOf({ upgradePlans: [anUpgradePlan('a', 'Succeeded')] }))).toEqual([]);
  });
});

describe('nodePhase', () => {
  const nameOf = (snapshot: Parameters<typeof nodePhase>[0]) => nodePhase(snapshot)?.upgrade;

  it('names the upgrade or plan that is upgrading the nodes', () => {
    expect(nameOf(snapshotOf({ upgrades: [anUpgrade('hvst-1', { state: 'UpgradingNodes' })] }))).toBe('Upgrade hvst-1');
    const unknown = anUpgrade('hvst-2', { conditions: [{ type: 'NodesUpgraded', status: 'Unknown' }] });
    expect(nameOf(snapshotOf({ upgrades: [unknown] }))).toBe('Upgrade hvst-2');
    expect(nameOf(snapshotOf({ upgradePlans: [anUpgradePlan('plan-1', 'NodeUpgrading')] }))).toBe('UpgradePlan plan-1');
  });

  it("gives each node's state as the upgrade records it", () => {
    const upgrade = anUpgrade('hvst-1', {
      state: 'UpgradingNodes',
      nodeStatuses: { 'node-1': { state: 'Succeeded' }, 'node-2': { state: 'Images preloaded' } },
    });
    const phase = nodePhase(snapshotOf({ upgrades: [upgrade] }));
    expect(['node-1', 'node-2', 'node-3'].map((node) => phase?.stateOf(node))).toEqual([
      'Succeeded',
      'Images preloaded',
      undefined,
    ]);
  });

  it('is undefined before or after the node phase', () => {
    const upgrades = [anUpgrade('hvst-1', { state: 'PreparingRepo' }), anUpgrade('old', { state: 'Succeeded' })];
    expect(nodePhase(snapshotOf({ upgrades, upgradePlans: [anUpgradePlan('p', 'ImagePreloading')] }))).toBe(undefined);
  });
});
