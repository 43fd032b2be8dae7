import { aNode, anUpgrade, snapshotOf } from '../../test/builders.js';
import { anUpgradePlan } from '../../test/rancher-builders.js';
import { nameOf } from '../model/kube-object.js';
import type { ClusterSnapshot } from '../model/snapshot.js';
import { drainTargets } from './drain-target.js';

const nodes = [aNode('node-1'), aNode('node-2'), aNode('node-3', { unschedulable: true })];

const picked = (snapshot: ClusterSnapshot, named?: string) =>
  drainTargets(snapshot, named).map((target) => ({ node: nameOf(target.node), why: target.why }));

describe('drainTargets', () => {
  it('returns the named node, whatever the upgrade works on', () => {
    const upgrade = anUpgrade('hvst-upgrade-abcde', {
      state: 'UpgradingNodes',
      nodeStatuses: { 'node-2': { state: 'Pre-drained' } },
    });
    expect(picked(snapshotOf({ nodes, upgrades: [upgrade] }), 'node-1')).toEqual([
      { node: 'node-1', why: 'named on the command line' },
    ]);
  });

  it('returns nothing for a name no node has', () => {
    expect(drainTargets(snapshotOf({ nodes }), 'node-9')).toEqual([]);
  });

  it('picks the nodes the latest V1 upgrade holds in a job-running state', () => {
    const upgrade = anUpgrade('hvst-upgrade-abcde', {
      state: 'UpgradingNodes',
      nodeStatuses: {
        'node-1': { state: 'Succeeded' },
        'node-2': { state: 'Pre-drained' },
        'node-3': { state: 'Images preloaded' },
      },
    });
    expect(picked(snapshotOf({ nodes, upgrades: [upgrade] }))).toEqual([
      { node: 'node-2', why: 'Upgrade hvst-upgrade-abcde has it in state Pre-drained' },
    ]);
  });

  it.each(['Pre-draining', 'Pre-drained', 'Post-draining', 'Waiting Reboot', 'Node-upgrade paused', 'Failed'])(
    'counts V1 state %s as job-running',
    (state) => {
      const upgrade = anUpgrade('hvst-upgrade-abcde', {
        state: 'UpgradingNodes',
        nodeStatuses: { 'node-1': { state } },
      });
      expect(picked(snapshotOf({ nodes, upgrades: [upgrade] })).map((target) => target.node)).toEqual(['node-1']);
    },
  );

  it('ignores finished and superseded upgrades and falls back to cordoned nodes', () => {
    const finished = anUpgrade('hvst-upgrade-old', {
      state: 'Failed',
      nodeStatuses: { 'node-1': { state: 'Failed' } },
    });
    const superseded = anUpgrade('hvst-upgrade-older', {
      latest: false,
      state: 'UpgradingNodes',
      nodeStatuses: { 'node-2': { state: 'Pre-drained' } },
    });
    expect(picked(snapshotOf({ nodes, upgrades: [finished, superseded] }))).toEqual([
      { node: 'node-3', why: 'cordoned (spec.unschedulable)' },
    ]);
  });

  it('skips node states of nodes the snapshot does not hold', () => {
    const upgrade = anUpgrade('hvst-upgrade-abcde', {
      state: 'UpgradingNodes',
      nodeStatuses: { gone: { state: 'Pre-drained' } },
    });
    expect(picked(snapshotOf({ nodes, upgrades: [upgrade] }))).toEqual([
      { node: 'node-3', why: 'cordoned (spec.unschedulable)' },
    ]);
  });

  it('picks the nodes of a running V2 upgrade plan in its CamelCase states', () => {
    const plan = anUpgradePlan('hvst-upgrade-v2', 'NodeUpgrading', {
      'node-1': { state: 'PostDrained' },
      'node-2': { state: 'PreDrained' },
      'node-3': { state: 'ImagePreloadFailed' },
    });
    expect(picked(snapshotOf({ nodes, upgradePlans: [plan] }))).toEqual([
      { node: 'node-2', why: 'UpgradePlan hvst-upgrade-v2 has it in state PreDrained' },
    ]);
  });

  it('ignores a finished V2 plan', () => {
    const plan = anUpgradePlan('hvst-upgrade-v2', 'Succeeded', { 'node-2': { state: 'PreDrained' } });
    expect(picked(snapshotOf({ nodes, upgradePlans: [plan] })).map((target) => target.node)).toEqual(['node-3']);
  });

  it('names a node once when both flavours hold it', () => {
    const upgrade = anUpgrade('hvst-upgrade-abcde', {
      state: 'UpgradingNodes',
      nodeStatuses: { 'node-2': { state: 'Post-draining' } },
    });
    const plan = anUpgradePlan('hvst-upgrade-v2', 'NodeUpgrading', { 'node-2': { state: 'PostDraining' } });
    expect(picked(snapshotOf({ nodes, upgrades: [upgrade], upgradePlans: [plan] }))).toEqual([
      { node: 'node-2', why: 'Upgrade hvst-upgrade-abcde has it in state Post-draining' },
    ]);
  });

  it('returns every cordoned node without an upgrade, and nothing when none is cordoned', () => {
    const cordoned = [
      aNode('node-1', { unschedulable: true }),
      aNode('node-2'),
      aNode('node-3', { unschedulable: true }),
    ];
    expect(picked(snapshotOf({ nodes: cordoned })).map((target) => target.node)).toEqual(['node-1', 'node-3']);
    expect(drainTargets(snapshotOf({ nodes: [aNode('node-1')] }))).toEqual([]);
  });
});
