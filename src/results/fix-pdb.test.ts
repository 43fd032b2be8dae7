import { aNode, aPdb, snapshotOf } from '../../test/builders.js';
import {
  appliedExitCode,
  planExitCode,
  resolveFixTarget,
  restoreCommand,
  restoreErrors,
  restoreExitCode,
  toFixPlanResult,
  toFixRestoreResult,
  toFixResult,
} from './fix-pdb.js';
import type { RestoreResultStep } from '../model/backup.js';

const budget = { kind: 'PodDisruptionBudget', namespace: 'default', name: 'web' };
const snapshot = snapshotOf({ nodes: [aNode('node-1')], podDisruptionBudgets: [aPdb('web')] });
const action = {
  kind: 'delete',
  resource: 'podDisruptionBudgets',
  object: budget,
  change: 'delete',
  reason: 'it duplicates another budget',
  expectedOwnership: '{}',
} as const;
const planned = (refusals = 0, actions = 0) =>
  toFixPlanResult(
    snapshot,
    { node: 'node-1' },
    {
      actions: Array.from({ length: actions }, () => action),
      refusals: Array.from({ length: refusals }, () => ({ object: budget, reason: 'stale status', remedy: 'wait' })),
      notes: [],
    },
  );

describe('resolveFixTarget', () => {
  it('refuses a node or a budget that does not exist, and no target when nothing is being drained', () => {
    expect(resolveFixTarget(snapshot, { node: 'node-9' })).toEqual({
      usage: "node node-9 not found; list the nodes with 'kubectl get nodes'",
    });
    expect(resolveFixTarget(snapshot, { namespace: 'default', name: 'db' })).toMatchObject({
      usage: expect.stringContaining('PodDisruptionBudget default/db not found') as unknown,
    });
    expect(resolveFixTarget(snapshot, {})).toMatchObject({
      usage: expect.stringContaining('no node is being drained') as unknown,
    });
  });

  it('keeps a node or a budget that exists', () => {
    expect(resolveFixTarget(snapshot, { node: 'node-1' })).toEqual({ node: 'node-1' });
    expect(resolveFixTarget(snapshot, { namespace: 'default', name: 'web' })).toEqual({
      namespace: 'default',
      name: 'web',
    });
  });
});

describe('fix-pdb exit codes', () => {
  it('holds the drain (1) while a plan is not applied or something is refused; 130 after Ctrl-C at the prompt', () => {
    expect(planExitCode(planned(0, 1), false)).toBe(1);
    expect(planExitCode(planned(1, 0), false)).toBe(1);
    expect(planExitCode(planned(0, 1), true)).toBe(130);
  });

  it('is 0 when nothing is left to do, or everything was applied', () => {
    expect(planExitCode(planned(), false)).toBe(0);
    const applied = toFixResult(planned(0, 1), { context: 'c', backupFile: 'b.json', outcomes: [] }, undefined);
    expect(appliedExitCode(applied, undefined)).toBe(0);
  });

  it('is 3 for writes that stopped, or what the signal that stopped them makes', () => {
    const stopped = toFixResult(planned(0, 1), { context: 'c', outcomes: [], stopped: 'conflict' }, undefined);
    expect(appliedExitCode(stopped, undefined)).toBe(3);
    expect(appliedExitCode(stopped, 143)).toBe(3 + 140);
  });

  const step = (result: RestoreResultStep['result']): RestoreResultStep => ({
    object: budget,
    outcome: 'recreate',
    result,
    message: 'm',
  });
  it('is 3 for a restore that failed on an object, naming it, and 1 for one left alone', () => {
    const failed = toFixRestoreResult('b.json', { context: 'c', steps: [step('done'), step('failed')] });
    expect(restoreExitCode(failed)).toBe(3);
    expect(restoreErrors(failed)).toEqual(['PodDisruptionBudget default/web: m']);
    expect(restoreExitCode(toFixRestoreResult('b.json', { context: 'c', steps: [step('skipped')] }))).toBe(1);
  });

  it('is 0 for a restore that put everything back', () => {
    const done = toFixRestoreResult('b.json', { context: 'c', steps: [step('done')] });
    expect(restoreExitCode(done)).toBe(0);
    expect(restoreErrors(done)).toEqual([]);
    expect(done.findings).toEqual([]);
  });
});

describe('restoreCommand', () => {
  it('quotes the file, kubeconfig and context for a shell', () => {
    expect(restoreCommand("my backup's.json", 'k config', 'ctx')).toBe(
      "kubectl harvester-upgrade fix-pdb --restore 'my backup'\\''s.json' --kubeconfig 'k config' --context ctx",
    );
  });
});
