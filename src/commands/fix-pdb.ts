import { homedir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { Args, Flags } from '@oclif/core';
import { applyFix, readBackupFile, restoreFix } from '../cluster/fix-writes.js';
import { UsageProblem } from '../cluster/read-snapshot.js';
import { blockedPods } from '../drain/blocked-pods.js';
import { backupToRestore } from '../fix/backup-file.js';
import { planFix } from '../fix/plan-fix.js';
import type { ClusterSnapshot } from '../model/snapshot.js';
import { fitToWidth } from '../render/cells.js';
import { escapeTerminal } from '../render/escape.js';
import { renderFixPlan, renderFixResult, renderPlanOnly, renderRestoreResult } from '../render/fix-report.js';
import { drainReads, missingDrainNeed } from '../results/drain-reads.js';
import {
  appliedExitCode,
  planExitCode,
  resolveFixTarget,
  restoreErrors,
  restoreExitCode,
  toFixPlanResult,
  toFixRestoreResult,
  toFixResult,
  withUnreadNotes,
  type FixPlanResult,
  type FixRequest,
  type FixResult,
} from '../results/fix-pdb.js';
import {
  checkNameFlag,
  KubeCommand,
  kubeFlags,
  NotEvaluated,
  orUsage,
  refuseWide,
  type KubeFlagValues,
  type Outcome,
} from './kube-command.js';
import { deferStop, STOP_EXIT, type StopSignal } from './signals.js';
import { writeStep } from './write-steps.js';

interface FixFlags extends KubeFlagValues {
  readonly node?: string;
  readonly namespace?: string;
  readonly yes: boolean;
  readonly 'override-operator-budgets': boolean;
  readonly restore?: string;
  readonly 'backup-dir'?: string;
}

/** What the flags ask for: put a backup back, or plan (and maybe apply) for a node or a budget. */
type FixMode = { readonly restore: string } | { readonly target: FixRequest };

/** The answer at the prompt; `interrupted`: Ctrl-C, which is a no and makes the exit code 130. */
type Answer = 'yes' | 'no' | 'interrupted';

/** Every flag checked before anything is read: a combination that cannot work is a usage error (exit 2). */
const modeOf = (flags: FixFlags, name: string | undefined): FixMode => {
  checkNameFlag('--node', 'Node', flags.node);
  checkNameFlag('-n/--namespace', 'Namespace', flags.namespace);
  checkNameFlag('NAME', 'PodDisruptionBudget', name);
  if (flags.restore !== undefined) {
    if (flags.bundle !== undefined) throw new UsageProblem('--restore writes to a live cluster; drop --bundle');
    // The backup names its objects: a target given beside it would be silently ignored.
    if (flags.node !== undefined || flags.namespace !== undefined || name !== undefined) {
      throw new UsageProblem('--restore puts back what the backup holds; drop -n, --node and NAME');
    }
    return { restore: flags.restore };
  }
  if (flags.yes && flags.bundle !== undefined) {
    throw new UsageProblem(
      '--yes changes a live cluster and a support bundle is a copy: drop --yes to plan, or --bundle to apply',
    );
  }
  if (flags.node !== undefined && name !== undefined) {
    throw new UsageProblem('name a node with --node or a budget with -n NAMESPACE NAME, not both');
  }
  if (name !== undefined && flags.namespace === undefined) {
    throw new UsageProblem(`budget ${name}: give its namespace with -n NAMESPACE`);
  }
  if (flags.namespace !== undefined && name === undefined) {
    throw new UsageProblem('-n NAMESPACE needs the budget NAME after it');
  }
  return {
    target:
      flags.namespace !== undefined && name !== undefined ? { namespace: flags.namespace, name } : { node: flags.node },
  };
};

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
    refuseWide(flags.output, 'fix-pdb');
    const mode = modeOf(flags, args.name);
    if ('restore' in mode) {
      await this.restore(flags, mode.restore);
      return;
    }
    await this.pipeline<FixPlanResult | FixResult>(flags, { requests: drainReads() }, async (snapshot) => {
      const planned = this.plan(snapshot, mode.target, flags['override-operator-budgets']);
      // At a terminal the plan is shown before the question, and not again after it.
      const prompted = planned.actions.length > 0 && this.prompts(flags);
      if (prompted) {
        const style = this.style(flags);
        process.stdout.write(`${fitToWidth(renderFixPlan(style, planned), style.width)}\n\n`);
      }
      const answer = await this.answer(flags, planned, prompted);
      if (answer === 'yes') return this.apply(flags, planned, prompted);
      return {
        result: planned,
        table: (style) => renderPlanOnly(style, planned, prompted, flags.bundle !== undefined),
        exitCode: planExitCode(planned, answer === 'interrupted'),
      };
    });
  }

  /** Without nodes, pods and budgets there is no plan to trust (an unread list is not an empty one). */
  private plan(snapshot: ClusterSnapshot, request: FixRequest, overrideOperatorBudgets: boolean): FixPlanResult {
    const unreadable = missingDrainNeed(snapshot);
    if (unreadable !== undefined) throw new NotEvaluated(`cannot plan: ${unreadable}`);
    const target = orUsage(resolveFixTarget(snapshot, request));
    return toFixPlanResult(
      snapshot,
      target,
      withUnreadNotes(planFix(snapshot, target, { overrideOperatorBudgets }, blockedPods(snapshot, target)), snapshot),
    );
  }

  private async answer(flags: FixFlags, planned: FixPlanResult, prompted: boolean): Promise<Answer> {
    if (planned.actions.length === 0) return 'no';
    if (flags.yes) return 'yes';
    return prompted ? this.confirmed(planned.source.mode === 'live' ? planned.source.context : '', planned) : 'no';
  }

  /** Ctrl-C or SIGTERM while writing: the write under way finishes, and nothing after it is sent. */
  private async apply(flags: FixFlags, planned: FixPlanResult, shown: boolean): Promise<Outcome<FixResult>> {
    const signal: { interrupted: StopSignal | undefined } = { interrupted: undefined };
    const undefer = deferStop((received) => {
      signal.interrupted = received;
      process.stderr.write(`\nstopping after the current write (${received === 'SIGINT' ? 'Ctrl-C' : received})…\n`);
    });
    const applied = await applyFix(this.sourceOptions(flags), planned.actions, this.backupDir(flags), {
      step: writeStep,
      interrupted: () => signal.interrupted !== undefined,
      interruptedBy: () => (signal.interrupted === 'SIGTERM' ? 'SIGTERM' : 'Ctrl-C'),
    }).finally(undefer);
    const result = toFixResult(planned, applied, flags.kubeconfig);
    return {
      result,
      table: (style) => renderFixResult(style, result, shown),
      exitCode: appliedExitCode(result, signal.interrupted && STOP_EXIT[signal.interrupted]),
      errors: result.stopped === undefined ? [] : [result.stopped],
    };
  }

  private async restore(flags: FixFlags, file: string): Promise<void> {
    const restored = await restoreFix(this.sourceOptions(flags), readBackupFile(file, backupToRestore), file, {
      step: writeStep,
    });
    const result = toFixRestoreResult(file, restored);
    this.finish(flags, {
      result,
      table: (style) => renderRestoreResult(style, result),
      exitCode: restoreExitCode(result),
      errors: restoreErrors(result),
    });
  }

  /** A question at a terminal: live, no --yes, a table for a person, stdin and stdout both a terminal. */
  private prompts(flags: KubeFlagValues & { yes: boolean }): boolean {
    const interactive = flags.output === 'table' || flags.output === 'wide';
    return flags.bundle === undefined && !flags.yes && interactive && process.stdin.isTTY && process.stdout.isTTY;
  }

  private async confirmed(context: string, plan: FixPlanResult): Promise<Answer> {
    const prompt = createInterface({ input: process.stdin, output: process.stderr });
    // Ctrl-C at the prompt is a no, and the exit code says the user stopped it.
    const abort = new AbortController();
    prompt.on('SIGINT', () => {
      abort.abort();
    });
    try {
      const answer = await prompt.question(
        `Apply ${String(plan.actions.length)} change(s) to context ${escapeTerminal(context)}, with a backup first? [y/N] `,
        { signal: abort.signal },
      );
      return /^y(es)?$/i.test(answer.trim()) ? 'yes' : 'no';
    } catch (error) {
      if (abort.signal.aborted) return 'interrupted';
      throw error;
    } finally {
      prompt.close();
    }
  }

  private backupDir(flags: FixFlags): string {
    return flags['backup-dir'] ?? join(homedir(), '.kube', 'harvester-upgrade', 'backups');
  }
}
