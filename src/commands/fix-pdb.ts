import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { Args, Flags } from '@oclif/core';
import { applyFix, readBackupFile, restoreFix, type ApplyResult } from '../cluster/fix-writes.js';
import { UsageProblem } from '../cluster/read-snapshot.js';
import { drainTargets } from '../drain/drain-target.js';
import { backupToRestore } from '../fix/backup-file.js';
import type { FixPlan, FixTarget } from '../fix/fix-types.js';
import { planFix } from '../fix/plan-fix.js';
import { nameOf, namespaceOf, refName } from '../model/kube-object.js';
import { shellQuote } from '../model/shell.js';
import { inputOf, itemsOf, type ClusterSnapshot } from '../model/snapshot.js';
import { renderApplied, renderPlan, renderRestore } from '../render/fix-report.js';
import { diagnosticLine, escapeTerminal } from '../render/escape.js';
import type { JsonFinding } from '../render/report.js';
import { drainReads, DRAIN_NEEDS, unreadDrainInputs } from './explain-drain.js';
import { EXIT } from './exit-codes.js';
import { checkNameFlag, KubeCommand, kubeFlags, type KubeFlagValues } from './kube-command.js';
import { deferStop, STOP_EXIT, type StopSignal } from './signals.js';

/**
 * Test-only: the named steps (comma-separated) at which the process signals itself (SIGKILL, or HU_TEST_SIGNAL such
 * as SIGINT, or SIGSTOP to let a test restart the API server meanwhile), to prove that a crash, Ctrl-C or an API
 * server restart anywhere still leaves a backup that restores.
 */
const KILL_AT = 'HU_TEST_KILL_AT';
const KILL_SIGNAL = 'HU_TEST_SIGNAL';

const testStep = (name: string): void => {
  if (process.env[KILL_AT]?.split(',').includes(name)) process.kill(process.pid, process.env[KILL_SIGNAL] ?? 'SIGKILL');
};

/** 128 + SIGINT, as shells report a command stopped by Ctrl-C. */
const EXIT_INTERRUPTED = 130;

const API_VERSION = 'harvester-upgrade.kubectl/v1alpha1';

const refusalsAsFindings = (plan: FixPlan): JsonFinding[] =>
  plan.refusals.map((refusal) => ({
    check: 'fix-pdb-refused',
    severity: 'error',
    object: refusal.object,
    message: refusal.reason,
    ...(refusal.remedy ? { remedy: refusal.remedy } : {}),
  }));

export class FixPdb extends KubeCommand {
  static override summary =
    'Unblock a drain safely: relax or remove the budgets that hold it, with a backup and restore.';
  static override description = `Plans what unblocks the drain of a node (--node, default: the node the upgrade is working on, else the one cordoned node) or one budget (-n NAMESPACE NAME), from explain-drain's analysis: the root cause first (KubeVirt's control-plane placement: patch spec.infra.nodePlacement to {}), then user budgets relaxed (maxUnavailable, minAvailable, or unhealthyPodEvictionPolicy AlwaysAllow), or deleted only when they duplicate another budget on a pod. Operator-managed budgets (virt-operator's, longhorn-manager's) are deleted only with --override-operator-budgets, since their operator recreates them; KubeVirt's per-VMI budgets never. An instance-manager budget is refused, override or not, while its node holds the last healthy replica of an attached volume.

Without --yes it only plans (on a terminal it asks before applying). With --yes it reads every object again (a change since the plan stops it), dry-runs every write on the server, writes the whole objects to a backup file and syncs it to disk, then writes with resourceVersion preconditions, and prints the command that restores the backup.

Exit codes: 0 nothing left holding the drain, 1 the drain is still held (a plan not applied, or something fix-pdb will not change), 2 usage error, 3 could not read or write (nothing or only part was changed: see the restore command), 130 stopped by Ctrl-C.`;

  static override examples = [
    '<%= config.bin %> fix-pdb --node harvester-node-0',
    '<%= config.bin %> fix-pdb --node harvester-node-0 --yes',
    '<%= config.bin %> fix-pdb -n default web-pdb --yes',
    '<%= config.bin %> fix-pdb --node harvester-node-0 --override-operator-budgets --yes',
    '<%= config.bin %> fix-pdb --restore ~/.kube/harvester-upgrade/backups/fix-pdb-local-20261122T101500123Z-3f9a1c.json',
    '<%= config.bin %> fix-pdb --bundle supportbundle.zip --node harvester-node-0',
  ];

  static override args = {
    name: Args.string({ description: 'A PodDisruptionBudget to unblock (with -n NAMESPACE).' }),
  };

  static override flags = {
    ...kubeFlags,
    node: Flags.string({ description: "Unblock this node's drain." }),
    namespace: Flags.string({ char: 'n', description: 'Namespace of the budget NAME.' }),
    yes: Flags.boolean({ char: 'y', description: 'Apply the plan without asking (live only).' }),
    'override-operator-budgets': Flags.boolean({
      description: 'Also delete budgets virt-operator or longhorn-manager manage (they recreate them).',
    }),
    restore: Flags.string({ description: 'Put back everything a backup file holds, then exit.' }),
    'backup-dir': Flags.string({
      description: 'Folder for the backup file (default: ~/.kube/harvester-upgrade/backups).',
    }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(FixPdb);
    checkNameFlag('--node', 'Node', flags.node);
    checkNameFlag('-n/--namespace', 'Namespace', flags.namespace);
    checkNameFlag('NAME', 'PodDisruptionBudget', args.name);
    if (flags.restore !== undefined) {
      if (flags.bundle !== undefined) throw new UsageProblem('--restore writes to a live cluster; drop --bundle');
      // The backup names its objects: a target given beside it would be silently ignored.
      if (flags.node !== undefined || flags.namespace !== undefined || args.name !== undefined) {
        throw new UsageProblem('--restore puts back what the backup holds; drop -n, --node and NAME');
      }
      await this.restore(flags, flags.restore);
      return;
    }
    if (flags.yes && flags.bundle !== undefined) {
      throw new UsageProblem(
        '--yes changes a live cluster and a support bundle is a copy: drop --yes to plan, or --bundle to apply',
      );
    }
    if (flags.node !== undefined && args.name !== undefined) {
      throw new UsageProblem('name a node with --node or a budget with -n NAMESPACE NAME, not both');
    }
    if (args.name !== undefined && flags.namespace === undefined) {
      throw new UsageProblem(`budget ${args.name}: give its namespace with -n NAMESPACE`);
    }
    if (flags.namespace !== undefined && args.name === undefined) {
      throw new UsageProblem('-n NAMESPACE needs the budget NAME after it');
    }

    const { snapshot } = await this.read(flags, undefined, drainReads());
    // Without nodes, pods and budgets there is no plan to trust (an unread list is not an empty one).
    const [unreadable] = DRAIN_NEEDS.flatMap((key) => {
      const input = inputOf(snapshot, key);
      return input.status === 'ok' ? [] : [input.reason];
    });
    if (unreadable !== undefined) {
      this.fail3(`cannot plan: ${unreadable}`);
      return;
    }
    const target = this.target(snapshot, flags.node, flags.namespace, args.name);
    const plan = withUnreadNotes(
      planFix(snapshot, target, { overrideOperatorBudgets: flags['override-operator-budgets'] }),
      snapshot,
    );
    const heading =
      'node' in target
        ? `fix-pdb plan for the drain of node ${target.node}`
        : `fix-pdb plan for budget ${target.namespace}/${target.name}`;
    const style = this.style(flags);
    const document = {
      apiVersion: API_VERSION,
      kind: 'FixPdbPlan',
      source: snapshot.source,
      findings: refusalsAsFindings(plan),
      target,
      actions: plan.actions,
      refusals: plan.refusals,
      notes: plan.notes,
    } as const;
    // At a terminal the plan is shown before the question, and not again after it.
    const prompted = plan.actions.length > 0 && this.prompts(flags);
    if (prompted) process.stdout.write(`${renderPlan(style, heading, plan)}\n\n`);
    const context = snapshot.source.mode === 'live' ? snapshot.source.context : '';
    const planOnly = plan.actions.length === 0 || !(flags.yes || (prompted && (await this.confirmed(context, plan))));
    const shownPlan = prompted ? [] : [renderPlan(style, heading, plan), ''];
    if (planOnly) {
      this.emit(flags, document, () =>
        [
          ...shownPlan,
          plan.actions.length === 0
            ? 'Nothing to change.'
            : flags.bundle !== undefined
              ? 'Plan only (from a support bundle): nothing was changed.'
              : 'Plan only: nothing was changed. Apply it with --yes.',
        ].join('\n'),
      );
      // Planned but not applied changes leave the drain held just as refusals do.
      const held = plan.refusals.length > 0 || plan.actions.length > 0;
      if (process.exitCode !== EXIT_INTERRUPTED) process.exitCode = held ? EXIT.findings : EXIT.ok;
      return;
    }

    // Ctrl-C or SIGTERM while writing: the write under way finishes, and nothing after it is sent.
    const signal: { interrupted: StopSignal | undefined } = { interrupted: undefined };
    const onInterrupt = (received: StopSignal): void => {
      signal.interrupted = received;
      process.stderr.write(`\nstopping after the current write (${received === 'SIGINT' ? 'Ctrl-C' : received})…\n`);
    };
    const undefer = deferStop(onInterrupt);
    let result: ApplyResult;
    try {
      result = await applyFix(this.sourceOptions(flags), plan.actions, this.backupDir(flags), {
        step: testStep,
        interrupted: () => signal.interrupted !== undefined,
        interruptedBy: () => (signal.interrupted === 'SIGTERM' ? 'SIGTERM' : 'Ctrl-C'),
      });
    } finally {
      undefer();
    }
    const restoreCommand =
      result.backupFile === undefined ? undefined : this.restoreCommand(flags, result.backupFile, result.context);
    this.emit(
      flags,
      {
        ...document,
        kind: 'FixPdbResult',
        ...(result.backupFile === undefined ? {} : { backupFile: result.backupFile, restoreCommand }),
        outcomes: result.outcomes,
        ...(result.stopped ? { stopped: result.stopped } : {}),
      },
      () =>
        [
          ...shownPlan,
          renderApplied(style, {
            outcomes: result.outcomes,
            ...(result.stopped === undefined ? {} : { stopped: result.stopped }),
            ...(result.backupFile === undefined || restoreCommand === undefined
              ? {}
              : { backupFile: result.backupFile, restoreCommand }),
          }),
        ].join('\n'),
    );
    if (result.stopped) {
      process.stderr.write(diagnosticLine('error', result.stopped));
      process.exitCode = signal.interrupted ? STOP_EXIT[signal.interrupted] : EXIT.notEvaluated;
      return;
    }
    process.exitCode = plan.refusals.length > 0 ? EXIT.findings : EXIT.ok;
  }

  private async restore(flags: KubeFlagValues, file: string): Promise<void> {
    const document = readBackupFile(file, backupToRestore);
    const result = await restoreFix(this.sourceOptions(flags), document, file, { step: testStep });
    this.emit(
      flags,
      {
        apiVersion: API_VERSION,
        kind: 'FixPdbRestore',
        source: { mode: 'live', context: result.context },
        findings: result.steps
          .filter((step) => step.result !== 'done')
          .map((step) => ({
            check: 'fix-pdb-restore',
            severity: 'error',
            object: step.object,
            message: step.message,
          })),
        backupFile: file,
        steps: result.steps,
      },
      () => renderRestore(this.style(flags), file, result),
    );
    // One line for each object not restored, as fix-pdb --yes ends with the line that says why it stopped.
    for (const step of result.steps) {
      if (step.result === 'failed') {
        process.stderr.write(diagnosticLine('error', `${step.object.kind} ${refName(step.object)}: ${step.message}`));
      }
    }
    // Something someone changed since is left alone and reported: the user has to look at it.
    process.exitCode = result.steps.some((step) => step.result === 'failed')
      ? EXIT.notEvaluated
      : result.steps.some((step) => step.result === 'skipped')
        ? EXIT.findings
        : EXIT.ok;
  }

  private target(
    snapshot: ClusterSnapshot,
    node: string | undefined,
    namespace: string | undefined,
    name: string | undefined,
  ): FixTarget {
    if (namespace !== undefined && name !== undefined) {
      const found = itemsOf(snapshot, 'podDisruptionBudgets').some(
        (budget) => namespaceOf(budget) === namespace && nameOf(budget) === name,
      );
      if (!found) {
        throw new UsageProblem(
          `PodDisruptionBudget ${namespace}/${name} not found; list them with 'kubectl get pdb -n ${namespace}'`,
        );
      }
      return { namespace, name };
    }
    if (node !== undefined) {
      if (!itemsOf(snapshot, 'nodes').some((candidate) => nameOf(candidate) === node)) {
        throw new UsageProblem(`node ${node} not found; list the nodes with 'kubectl get nodes'`);
      }
      return { node };
    }
    const targets = drainTargets(snapshot);
    const [only, ...others] = targets;
    if (only === undefined) {
      throw new UsageProblem(
        'no node is being drained (no upgrade works on one, none is cordoned): name one with --node NODE or a budget with -n NAMESPACE NAME',
      );
    }
    if (others.length > 0) {
      throw new UsageProblem(
        `${targets.map((target) => nameOf(target.node)).join(', ')} are being drained: name one with --node NODE`,
      );
    }
    return { node: nameOf(only.node) };
  }

  /** A question at a terminal: live, no --yes, a table for a person, stdin and stdout both a terminal. */
  private prompts(flags: KubeFlagValues & { yes: boolean }): boolean {
    const interactive = flags.output === 'table' || flags.output === 'wide';
    return flags.bundle === undefined && !flags.yes && interactive && process.stdin.isTTY && process.stdout.isTTY;
  }

  private async confirmed(context: string, plan: FixPlan): Promise<boolean> {
    const prompt = createInterface({ input: process.stdin, output: process.stderr });
    // Ctrl-C at the prompt is a no, and the exit code says the user stopped it.
    const abort = new AbortController();
    prompt.on('SIGINT', () => {
      process.exitCode = EXIT_INTERRUPTED;
      abort.abort();
    });
    try {
      const answer = await prompt.question(
        `Apply ${String(plan.actions.length)} change(s) to context ${escapeTerminal(context)}, with a backup first? [y/N] `,
        { signal: abort.signal },
      );
      return /^y(es)?$/i.test(answer.trim());
    } catch (error) {
      if (abort.signal.aborted) return false;
      throw error;
    } finally {
      prompt.close();
    }
  }

  private backupDir(flags: KubeFlagValues & { 'backup-dir'?: string }): string {
    return flags['backup-dir'] ?? join(homedir(), '.kube', 'harvester-upgrade', 'backups');
  }

  private restoreCommand(flags: KubeFlagValues, file: string, context: string): string {
    return [
      'kubectl harvester-upgrade fix-pdb --restore',
      shellQuote(file),
      ...(flags.kubeconfig !== undefined ? ['--kubeconfig', shellQuote(flags.kubeconfig)] : []),
      '--context',
      shellQuote(context),
    ].join(' ');
  }

  private fail3(message: string): void {
    process.stderr.write(diagnosticLine('error', message));
    process.exitCode = EXIT.notEvaluated;
  }
}

/** Inputs the plan could not see, said plainly: the plan may miss what they would have shown. */
const withUnreadNotes = (plan: FixPlan, snapshot: ClusterSnapshot): FixPlan => {
  const unread = unreadDrainInputs(snapshot).map(({ input, reason }) => `${input} (${reason})`);
  if (unread.length === 0) return plan;
  return { ...plan, notes: [...plan.notes, `not read: ${unread.join(', ')}; the plan may miss what they hold`] };
};
