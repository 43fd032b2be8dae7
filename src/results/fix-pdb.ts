import { drainTargets } from '../drain/drain-target.js';
import type {
  ActionOutcome,
  ApplyResult as AppliedFix,
  RestoreResult as Restored,
  RestoreResultStep,
} from '../model/backup.js';
import type { FixAction, FixPlan, FixRefusal, FixTarget } from '../fix/fix-types.js';
import { nameOf, namespaceOf, refName } from '../model/kube-object.js';
import { shellQuote } from '../model/shell.js';
import { itemsOf, type ClusterSnapshot, type SnapshotSource } from '../model/snapshot.js';
import { unreadDrainInputs } from './drain-reads.js';
import { API_VERSION, type ApiVersion, type JsonFinding } from './envelope.js';
import { EXIT } from './exit-codes.js';
import type { Usage } from './usage.js';

/** The `-o json|yaml` document of `fix-pdb` when it plans (and applies nothing). */
export interface FixPlanResult {
  readonly apiVersion: ApiVersion;
  readonly kind: 'FixPdbPlan';
  readonly source: SnapshotSource;
  /** One `fix-pdb-refused` finding per refusal. */
  readonly findings: readonly JsonFinding[];
  readonly target: FixTarget;
  readonly actions: readonly FixAction[];
  readonly refusals: readonly FixRefusal[];
  readonly notes: readonly string[];
}

/** The `-o json|yaml` document of `fix-pdb --yes`: the plan, then what was written. */
export interface FixResult extends Omit<FixPlanResult, 'kind'> {
  readonly kind: 'FixPdbResult';
  /** Both absent when the run stopped before anything was backed up (nothing changed). */
  readonly backupFile?: string;
  readonly restoreCommand?: string;
  readonly outcomes: readonly ActionOutcome[];
  readonly stopped?: string;
}

/** The `-o json|yaml` document of `fix-pdb --restore`. */
export interface FixRestoreResult {
  readonly apiVersion: ApiVersion;
  readonly kind: 'FixPdbRestore';
  readonly source: { readonly mode: 'live'; readonly context: string };
  /** One `fix-pdb-restore` finding per object not restored. */
  readonly findings: readonly JsonFinding[];
  readonly backupFile: string;
  readonly steps: readonly RestoreResultStep[];
}

/** What the user named: a node, a budget, or neither (the node being drained). */
export type FixRequest = { readonly node?: string } | { readonly namespace: string; readonly name: string };

const budgetTarget = (snapshot: ClusterSnapshot, namespace: string, name: string): FixTarget | Usage => {
  const found = itemsOf(snapshot, 'podDisruptionBudgets').some(
    (budget) => namespaceOf(budget) === namespace && nameOf(budget) === name,
  );
  return found
    ? { namespace, name }
    : { usage: `PodDisruptionBudget ${namespace}/${name} not found; list them with 'kubectl get pdb -n ${namespace}'` };
};

/** The budget or node to unblock, which must exist; by default the one node being drained. */
export const resolveFixTarget = (snapshot: ClusterSnapshot, request: FixRequest): FixTarget | Usage => {
  if ('name' in request) return budgetTarget(snapshot, request.namespace, request.name);
  const { node } = request;
  if (node !== undefined) {
    return itemsOf(snapshot, 'nodes').some((candidate) => nameOf(candidate) === node)
      ? { node }
      : { usage: `node ${node} not found; list the nodes with 'kubectl get nodes'` };
  }
  const targets = drainTargets(snapshot);
  const [only, ...others] = targets;
  if (only === undefined) {
    return {
      usage:
        'no node is being drained (no upgrade works on one, none is cordoned): name one with --node NODE or a budget with -n NAMESPACE NAME',
    };
  }
  if (others.length > 0) {
    return {
      usage: `${targets.map((target) => nameOf(target.node)).join(', ')} are being drained: name one with --node NODE`,
    };
  }
  return { node: nameOf(only.node) };
};

/** Inputs the plan could not see, said plainly: the plan may miss what they would have shown. */
export const withUnreadNotes = (plan: FixPlan, snapshot: ClusterSnapshot): FixPlan => {
  const unread = unreadDrainInputs(snapshot).map(({ input, reason }) => `${input} (${reason})`);
  if (unread.length === 0) return plan;
  return { ...plan, notes: [...plan.notes, `not read: ${unread.join(', ')}; the plan may miss what they hold`] };
};

export const toFixPlanResult = (snapshot: ClusterSnapshot, target: FixTarget, plan: FixPlan): FixPlanResult => ({
  apiVersion: API_VERSION,
  kind: 'FixPdbPlan',
  source: snapshot.source,
  findings: plan.refusals.map((refusal) => ({
    check: 'fix-pdb-refused',
    severity: 'error',
    object: refusal.object,
    message: refusal.reason,
    ...(refusal.remedy ? { remedy: refusal.remedy } : {}),
  })),
  target,
  actions: plan.actions,
  refusals: plan.refusals,
  notes: plan.notes,
});

/** The command that puts the backup back, against the same kubeconfig and context, shell-quoted. */
export const restoreCommand = (file: string, kubeconfig: string | undefined, context: string): string =>
  [
    'kubectl harvester-upgrade fix-pdb --restore',
    shellQuote(file),
    ...(kubeconfig !== undefined ? ['--kubeconfig', shellQuote(kubeconfig)] : []),
    '--context',
    shellQuote(context),
  ].join(' ');

export const toFixResult = (
  planned: FixPlanResult,
  applied: AppliedFix,
  kubeconfig: string | undefined,
): FixResult => ({
  ...planned,
  kind: 'FixPdbResult',
  ...(applied.backupFile === undefined
    ? {}
    : {
        backupFile: applied.backupFile,
        restoreCommand: restoreCommand(applied.backupFile, kubeconfig, applied.context),
      }),
  outcomes: applied.outcomes,
  ...(applied.stopped ? { stopped: applied.stopped } : {}),
});

/** A plan not applied: planned but unmade changes leave the drain held just as refusals do; Ctrl-C at the prompt is 130. */
export const planExitCode = (plan: FixPlanResult, interrupted: boolean): number => {
  if (interrupted) return EXIT_INTERRUPTED;
  return plan.refusals.length > 0 || plan.actions.length > 0 ? EXIT.findings : EXIT.ok;
};

/** 128 + SIGINT, as shells report a command stopped by Ctrl-C. */
export const EXIT_INTERRUPTED = 130;

/**
 * Writes that stopped early are 3, or what the signal that stopped them makes (`stopExit`); otherwise what fix-pdb
 * would not change still holds the drain.
 */
export const appliedExitCode = (result: FixResult, stopExit: number | undefined): number => {
  if (result.stopped) return stopExit ?? EXIT.notEvaluated;
  return result.refusals.length > 0 ? EXIT.findings : EXIT.ok;
};

export const toFixRestoreResult = (file: string, restored: Restored): FixRestoreResult => ({
  apiVersion: API_VERSION,
  kind: 'FixPdbRestore',
  source: { mode: 'live', context: restored.context },
  findings: restored.steps
    .filter((step) => step.result !== 'done')
    .map((step) => ({ check: 'fix-pdb-restore', severity: 'error', object: step.object, message: step.message })),
  backupFile: file,
  steps: restored.steps,
});

/** One line for each object not restored, as fix-pdb --yes ends with the line that says why it stopped. */
export const restoreErrors = (result: FixRestoreResult): string[] =>
  result.steps
    .filter((step) => step.result === 'failed')
    .map((step) => `${step.object.kind} ${refName(step.object)}: ${step.message}`);

/** Something someone changed since is left alone and reported: the user has to look at it. */
export const restoreExitCode = (result: FixRestoreResult): number =>
  result.steps.some((step) => step.result === 'failed')
    ? EXIT.notEvaluated
    : result.steps.some((step) => step.result === 'skipped')
      ? EXIT.findings
      : EXIT.ok;
