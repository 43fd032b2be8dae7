import { aNode, snapshotOf } from '../../test/builders.js';
import type { Upgrade, UpgradePlan } from '../model/harvester.js';
import type { Condition } from '../model/kube-object.js';
import { analyseStatus, statusExitCode } from './status.js';
import { nodeSteps } from './status-nodes.js';
import { chooseUpgrade, v2Phases } from './status-phases.js';

const NOW = new Date('2026-11-21T12:00:00Z');
const LOGS = { tails: {} };
const condition = (type: string, status: string, at: string) => ({ type, status, lastTransitionTime: at });

const anUpgrade = (state: string, conditions: readonly Condition[], nodeStatuses = {}): Upgrade => ({
  apiVersion: 'harvesterhci.io/v1beta1',
  kind: 'Upgrade',
  metadata: {
    name: 'hvst-upgrade-x',
    namespace: 'harvester-system',
    labels: { 'harvesterhci.io/latestUpgrade': 'true', 'harvesterhci.io/upgradeState': state },
  },
  spec: { version: 'v1.6.0' },
  status: { previousVersion: 'v1.5.1', conditions, nodeStatuses },
});

const preparing = (at: string): Upgrade =>
  anUpgrade('PreparingNodes', [
    condition('ImageReady', 'True', '2026-11-21T09:00:00Z'),
    condition('RepoReady', 'True', '2026-11-21T09:10:00Z'),
    condition('NodesPrepared', 'Unknown', at),
  ]);

describe('status analysis', () => {
  it('says there is no upgrade, exit 0', () => {
    const analysis = analyseStatus(snapshotOf({ upgrades: [], jobs: [], pods: [], nodes: [] }), NOW, {
      stallAfterMs: 900_000,
      logs: LOGS,
    });
    expect(analysis.result.verdict).toBe('no-upgrade');
    expect(statusExitCode(analysis)).toBe(0);
  });

  it('runs the first phase whose condition is not True, since its transition', () => {
    const snapshot = snapshotOf({
      upgrades: [preparing('2026-11-21T11:50:00Z')],
      jobs: [],
      pods: [],
      nodes: [aNode('n0')],
      sucPlans: [],
    });
    const { result } = analyseStatus(snapshot, NOW, { stallAfterMs: 900_000, logs: LOGS });
    expect(result.phases.slice(0, 4).map((phase) => [phase.id, phase.state])).toEqual([
      ['image', 'done'],
      ['repo', 'done'],
      ['preload', 'running'],
      ['system-services', 'pending'],
    ]);
    // The Plan does not exist yet: that is what preload waits for; 10 minutes is no stall.
    expect(result.waitingFor).toEqual([
      expect.objectContaining({ phase: 'preload', field: 'metadata.name', stalled: false }),
    ]);
    expect(result.verdict).toBe('running');
  });

  it('calls a wait stalled once nothing moved for longer than --stall-after', () => {
    const snapshot = snapshotOf({
      upgrades: [preparing('2026-11-21T11:00:00Z')],
      jobs: [],
      pods: [],
      nodes: [aNode('n0')],
      sucPlans: [],
    });
    const analysis = analyseStatus(snapshot, NOW, { stallAfterMs: 900_000, logs: LOGS });
    expect(analysis.result.verdict).toBe('stalled');
    expect(analysis.result.findings.map((finding) => finding.check)).toEqual(['upgrade-stalled']);
    expect(statusExitCode(analysis)).toBe(1);
  });

  it('is NOT EVALUATED (exit 3) when the upgrades could not be listed', () => {
    const snapshot = snapshotOf(
      { jobs: [], pods: [], nodes: [] },
      { upgrades: { status: 'forbidden', reason: 'forbidden: list upgrades.harvesterhci.io' } },
    );
    const analysis = analyseStatus(snapshot, NOW, { stallAfterMs: 900_000, logs: LOGS });
    expect(analysis.result.notEvaluated).toContainEqual({
      input: 'upgrades.harvesterhci.io',
      reason: 'forbidden: list upgrades.harvesterhci.io',
    });
    expect(statusExitCode(analysis)).toBe(3);
  });
});

describe('node steps', () => {
  it('puts each V1 node state on its step', () => {
    const states = (state: string | undefined) => nodeSteps(state, [], 'n').map((step) => step.state);
    expect(states('Images preloaded')).toEqual(['pending', 'pending', 'pending', 'pending']);
    expect(states('Pre-draining')).toEqual(['running', 'pending', 'pending', 'pending']);
    expect(states('Pre-drained')).toEqual(['done', 'running', 'pending', 'pending']);
    expect(states('Post-draining')).toEqual(['done', 'done', 'running', 'pending']);
    expect(states('Waiting Reboot')).toEqual(['done', 'done', 'done', 'running']);
    expect(states('Succeeded')).toEqual(['done', 'done', 'done', 'done']);
    expect(states('Failed')).toEqual(['failed', 'pending', 'pending', 'pending']);
    expect(states('PreDrained')).toEqual(['done', 'running', 'pending', 'pending']);
  });
});

describe('UpgradePlan (V2)', () => {
  const plan = (currentPhase: string, stamps: string[]): UpgradePlan => ({
    apiVersion: 'management.harvesterhci.io/v1beta1',
    kind: 'UpgradePlan',
    metadata: { name: 'plan-1', creationTimestamp: '2026-11-21T09:00:00Z' },
    status: {
      currentPhase,
      phaseTransitionTimestamps: stamps.map((phase, i) => ({
        phase,
        phaseTransitionTimestamp: `2026-11-21T1${String(i)}:00:00Z`,
      })),
    },
  });

  it('reads its phases from currentPhase and the phase stamps', () => {
    const phases = v2Phases(
      plan('ClusterUpgrading', [
        'ISODownloading',
        'ISODownloaded',
        'RepoCreating',
        'MetadataPopulated',
        'ImagePreloading',
        'ImagePreloaded',
        'ClusterUpgrading',
      ]),
    );
    expect(phases.map((phase) => [phase.id, phase.state])).toEqual([
      ['image', 'done'],
      ['repo', 'done'],
      ['preload', 'done'],
      ['system-services', 'running'],
      ['nodes', 'pending'],
      ['cleanup', 'pending'],
    ]);
    expect(phases[3]?.since).toBe('2026-11-21T16:00:00Z');
  });

  it('marks the phase it failed in', () => {
    const phases = v2Phases(plan('Failed', ['ISODownloading', 'ISODownloaded', 'RepoCreating', 'Failed']));
    expect(phases.map((phase) => phase.state)).toEqual(['done', 'failed', 'pending', 'pending', 'pending', 'pending']);
  });

  it('is chosen over a finished V1 Upgrade while it runs, and not over a running one', () => {
    const done = anUpgrade('Succeeded', []);
    const running = plan('ImagePreloading', ['ImagePreloading']);
    expect(chooseUpgrade(snapshotOf({ upgrades: [done], upgradePlans: [running] }))?.kind).toBe('UpgradePlan');
    expect(
      chooseUpgrade(snapshotOf({ upgrades: [anUpgrade('PreparingNodes', [])], upgradePlans: [running] }))?.kind,
    ).toBe('Upgrade');
  });
});
