import { aMachine, aNode, healthyCluster, snapshotOf } from '../../test/builders.js';
import type { Finding, Severity } from '../model/finding.js';
import type { ResourceKey } from '../model/resources.js';
import { DEFAULT_CHECK_OPTIONS, type Check, type CheckOptions } from './check.js';
import { MACHINE_CHECKS } from './machine-checks.js';
import { machineNotRunning } from './machine-not-running.js';
import { nodeNotManaged } from './node-not-managed.js';
import { notEvaluatedNotes, runChecks, type CheckResult } from './run-checks.js';

const FORBIDDEN = 'forbidden: User "viewer" cannot list resource "machines" in API group "cluster.x-k8s.io"';

const finding = (check: string, severity: Severity, name: string): Finding => ({
  check,
  severity,
  object: { kind: 'Node', name },
  message: `${check} on ${name}`,
});

const fixedCheck = (id: string, findings: readonly Finding[], needs: readonly ResourceKey[] = ['nodes']): Check => ({
  id,
  title: `title of ${id}`,
  problem: (found) => `problem of ${id}: ${String(found.length)}`,
  description: `description of ${id}`,
  needs,
  run: () => findings,
});

const throwingCheck: Check = {
  id: 'throws',
  title: 'Throws',
  problem: () => 'Threw',
  description: 'Always throws.',
  needs: ['nodes'],
  run: () => {
    throw new Error('cannot read properties of undefined');
  },
};

describe('runChecks', () => {
  it('hands every check the options, the defaults when none are given', () => {
    const seen: (CheckOptions | undefined)[] = [];
    const recording: Check = { ...fixedCheck('records', []), run: (_snapshot, options) => (seen.push(options), []) };
    const chosen: CheckOptions = { backupMaxAgeMs: 3_600_000, oldBackupSeverity: 'warning' };
    runChecks([recording], healthyCluster(1), chosen);
    runChecks([recording], healthyCluster(1));
    expect(seen).toEqual([chosen, DEFAULT_CHECK_OPTIONS]);
  });

  it('passes every machine check on a healthy cluster', () => {
    const outcome = runChecks(MACHINE_CHECKS, healthyCluster(3));
    expect(outcome.findings).toEqual([]);
    expect(outcome.checks.map((result) => result.status)).toEqual(MACHINE_CHECKS.map(() => 'pass'));
    expect(outcome.checks.map((result) => result.id)).toEqual(MACHINE_CHECKS.map((check) => check.id));
  });

  it('does not evaluate a check whose input is forbidden and names the resource', () => {
    const snapshot = snapshotOf(
      {
        nodes: [aNode('node-1'), aNode('harv44', { managed: false })],
        machines: [aMachine('custom-4d279419a084', 'node-1', { phase: 'Provisioning' })],
      },
      { machines: { status: 'forbidden', reason: FORBIDDEN } },
    );
    const outcome = runChecks([machineNotRunning, nodeNotManaged], snapshot);
    expect(outcome.checks).toEqual([
      {
        id: 'machine-not-running',
        title: machineNotRunning.title,
        status: 'not-evaluated',
        reason: `machines.cluster.x-k8s.io: ${FORBIDDEN}`,
      },
      {
        id: 'node-not-managed',
        title: nodeNotManaged.title,
        status: 'fail',
        problem: '1 node is not Harvester-managed: harv44',
      },
    ]);
    expect(outcome.findings).toEqual([
      expect.objectContaining({ check: 'node-not-managed', object: { kind: 'Node', name: 'harv44' } }),
    ]);
  });

  it('does not evaluate a check whose input was never read', () => {
    const outcome = runChecks(
      [fixedCheck('needs-secrets', [finding('x', 'error', 'n')], ['machinePlanSecrets'])],
      snapshotOf({}),
    );
    expect(outcome.checks).toEqual([
      expect.objectContaining({
        id: 'needs-secrets',
        status: 'not-evaluated',
        reason: 'secrets: machinePlanSecrets was not read',
      }),
    ]);
    expect(outcome.findings).toEqual([]);
  });

  it.each([
    ['not-installed', 'the server does not serve cluster.x-k8s.io'],
    ['not-in-bundle', 'the bundle has no machines'],
    ['failed', 'connection refused'],
  ] as const)('does not evaluate a check whose input is %s', (status, reason) => {
    const snapshot = snapshotOf({ nodes: [aNode('node-1')] }, { machines: { status, reason } });
    expect(runChecks([machineNotRunning], snapshot).checks).toEqual([
      expect.objectContaining({ status: 'not-evaluated', reason: `machines.cluster.x-k8s.io: ${reason}` }),
    ]);
  });

  it('turns a check that throws into a check-failed finding and still runs the others', () => {
    const after = fixedCheck('after', [finding('after', 'warning', 'node-1')]);
    const outcome = runChecks([throwingCheck, after], snapshotOf({ nodes: [aNode('node-1')] }));
    expect(outcome.checks).toEqual([
      {
        id: 'throws',
        title: 'Throws',
        status: 'not-evaluated',
        reason: 'check failed: cannot read properties of undefined',
      },
      { id: 'after', title: 'title of after', status: 'warn', problem: 'problem of after: 1' },
    ]);
    expect(outcome.findings).toEqual([
      expect.objectContaining({
        check: 'check-failed',
        severity: 'error',
        object: { kind: 'Check', name: 'throws' },
        message: 'the check failed on unexpected data: cannot read properties of undefined',
      }),
      expect.objectContaining({ check: 'after', severity: 'warning' }),
    ]);
  });

  it('derives each status from the worst finding', () => {
    const outcome = runChecks(
      [
        fixedCheck('none', []),
        fixedCheck('info', [finding('info', 'info', 'a')]),
        fixedCheck('warning', [finding('warning', 'info', 'a'), finding('warning', 'warning', 'b')]),
        fixedCheck('error', [finding('error', 'warning', 'a'), finding('error', 'error', 'b')]),
      ],
      snapshotOf({ nodes: [] }),
    );
    expect(outcome.checks.map((result) => [result.id, result.status])).toEqual([
      ['none', 'pass'],
      ['info', 'pass'],
      ['warning', 'warn'],
      ['error', 'fail'],
    ]);
  });

  it('sorts findings errors first, then by check and object', () => {
    const outcome = runChecks(
      [
        fixedCheck('z-info', [finding('z-info', 'info', 'a')]),
        fixedCheck('b-warning', [finding('b-warning', 'warning', 'a')]),
        fixedCheck('y-error', [finding('y-error', 'error', 'b'), finding('y-error', 'error', 'a')]),
        fixedCheck('a-error', [finding('a-error', 'error', 'c')]),
      ],
      snapshotOf({ nodes: [] }),
    );
    expect(outcome.findings.map((found) => [found.severity, found.check, found.object.name])).toEqual([
      ['error', 'a-error', 'c'],
      ['error', 'y-error', 'a'],
      ['error', 'y-error', 'b'],
      ['warning', 'b-warning', 'a'],
      ['info', 'z-info', 'a'],
    ]);
  });
});

describe('notEvaluatedNotes', () => {
  it('groups the checks that could not run by reason, in order of first appearance', () => {
    const snapshot = snapshotOf({ nodes: [aNode('node-1')] }, { machines: { status: 'forbidden', reason: FORBIDDEN } });
    const outcome = runChecks(MACHINE_CHECKS, snapshot);
    const machineReason = `machines.cluster.x-k8s.io: ${FORBIDDEN}`;
    expect(notEvaluatedNotes(outcome.checks)).toEqual([
      {
        reason: machineReason,
        checks: MACHINE_CHECKS.filter((check) => check.id !== 'node-not-managed').map((check) => check.id),
      },
    ]);
  });

  it('keeps distinct reasons apart and ignores checks that ran', () => {
    const results: CheckResult[] = [
      { id: 'a', title: 'A', status: 'not-evaluated', reason: 'nodes: forbidden' },
      { id: 'b', title: 'B', status: 'pass' },
      { id: 'c', title: 'C', status: 'not-evaluated', reason: 'secrets: forbidden' },
      { id: 'd', title: 'D', status: 'not-evaluated', reason: 'nodes: forbidden' },
      { id: 'e', title: 'E', status: 'fail' },
      { id: 'f', title: 'F', status: 'not-evaluated' },
    ];
    expect(notEvaluatedNotes(results)).toEqual([
      { reason: 'nodes: forbidden', checks: ['a', 'd'] },
      { reason: 'secrets: forbidden', checks: ['c'] },
      { reason: 'not evaluated', checks: ['f'] },
    ]);
  });

  it('is empty when every check ran', () => {
    expect(notEvaluatedNotes(runChecks(MACHINE_CHECKS, healthyCluster(2)).checks)).toEqual([]);
  });
});

describe('runChecks with optional inputs and appliesTo', () => {
  const withOptional: Check = {
    ...fixedCheck('reads-plans', []),
    optional: ['upgradePlans'],
  };

  it('runs a check whose optional input is not installed, taking it as empty', () => {
    const snapshot = snapshotOf({ nodes: [] }, { upgradePlans: { status: 'not-installed', reason: 'not installed' } });
    expect(runChecks([withOptional], snapshot).checks).toEqual([
      { id: 'reads-plans', title: 'title of reads-plans', status: 'pass' },
    ]);
  });

  it('does not evaluate a check whose optional input was forbidden: an unread list could hide a problem', () => {
    const snapshot = snapshotOf(
      { nodes: [] },
      { upgradePlans: { status: 'forbidden', reason: 'forbidden: list upgradeplans.management.harvesterhci.io' } },
    );
    expect(runChecks([withOptional], snapshot).checks).toEqual([
      {
        id: 'reads-plans',
        title: 'title of reads-plans',
        status: 'not-evaluated',
        reason: 'forbidden: list upgradeplans.management.harvesterhci.io',
      },
    ]);
  });

  it('skips a check that does not apply, with its reason, without running it', () => {
    const run = jest.fn(() => []);
    const gated: Check = { ...fixedCheck('gated', []), run, appliesTo: () => 'applies to v1.4.x only' };
    expect(runChecks([gated], snapshotOf({ nodes: [] })).checks).toEqual([
      { id: 'gated', title: 'title of gated', status: 'skip', reason: 'applies to v1.4.x only' },
    ]);
    expect(run).not.toHaveBeenCalled();
  });
});

describe('runChecks with a check that could judge only part of what it read', () => {
  const partly = (findings: readonly Finding[]): Check => ({
    ...fixedCheck('partly', findings),
    notEvaluated: () => '1 of 3 endpoints not reached: 10.0.0.11:2379 (connection refused)',
  });

  it('is not evaluated, with the reason, when nothing worse than info was found: never a pass', () => {
    const outcome = runChecks([partly([finding('partly', 'info', 'a')])], snapshotOf({ nodes: [] }));
    expect(outcome.checks).toEqual([
      {
        id: 'partly',
        title: 'title of partly',
        status: 'not-evaluated',
        reason: '1 of 3 endpoints not reached: 10.0.0.11:2379 (connection refused)',
      },
    ]);
    expect(outcome.findings).toEqual([finding('partly', 'info', 'a')]);
  });

  it('fails or warns on what it did find', () => {
    const outcome = runChecks(
      [partly([finding('partly', 'error', 'a')]), { ...partly([finding('w', 'warning', 'b')]), id: 'w' }],
      snapshotOf({ nodes: [] }),
    );
    expect(outcome.checks.map((result) => [result.id, result.status, result.reason])).toEqual([
      ['partly', 'fail', undefined],
      ['w', 'warn', undefined],
    ]);
  });

  it('passes when it judged everything', () => {
    const whole: Check = { ...fixedCheck('whole', []), notEvaluated: () => undefined };
    expect(runChecks([whole], snapshotOf({ nodes: [] })).checks).toEqual([
      { id: 'whole', title: 'title of whole', status: 'pass' },
    ]);
  });
});
