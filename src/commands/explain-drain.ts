import { Args, Flags } from '@oclif/core';
import { parseDuration } from '../cluster/duration.js';
import { ClusterError, mayHeal } from '../cluster/errors.js';
import { probeEvictions, UsageProblem } from '../cluster/read-snapshot.js';
import type { DrainExplanation } from '../drain/explain-drain.js';
import { fitToWidth } from '../render/cells.js';
import { renderDrainReport } from '../render/drain-report.js';
import { escapeTerminal } from '../render/escape.js';
import {
  analyseDrain,
  drainExitCode,
  explainDrains,
  probedPods,
  toDrainResult,
  watchStep,
  withProbeAnswers,
  type PodRow,
} from '../results/drain.js';
import { drainReads, missingDrainNeed } from '../results/drain-reads.js';
import { EXIT } from '../results/exit-codes.js';
import { checkNameFlag, KubeCommand, kubeFlags, orUsage, refuseWide, type KubeFlagValues } from './kube-command.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const duration = (flag: string, text: string): number | undefined => {
  try {
    return parseDuration(text);
  } catch (error) {
    throw new UsageProblem(`${flag}: ${error instanceof Error ? error.message : String(error)}`);
  }
};

type WatchRead =
  | { readonly kind: 'drains'; readonly drains: readonly DrainExplanation[] }
  | { readonly kind: 'retry' | 'unreadable'; readonly line: string };

interface WatchOptions {
  readonly interval: number;
  readonly timeout: number | undefined;
}

export class ExplainDrain extends KubeCommand {
  static override summary = "Explain why a node's drain is stuck, pod by pod, and what unblocks it.";
  static override description = `Picks the node named, else the node the current Harvester upgrade is working on (Upgrade or UpgradePlan), else every cordoned node. Shows where the upgrade stands for it (node state, Rancher's drain hand-shake on the machine plan secret, the pre-drain and post-drain Jobs) and gives every pod on the node a verdict, evict, skip or block, with every reason: budget arithmetic, pods under two budgets, virt-launcher migrations, Longhorn instance-manager budgets, KubeVirt's control-plane placement, and where a replacement could run. The drain options are Rancher's for Harvester: force, ignore DaemonSets, delete emptyDir data.

Exit codes: 0 nothing blocks the drain, 1 a pod blocks it, 2 usage error, 3 could not evaluate.`;

  static override examples = [
    '<%= config.bin %> explain-drain',
    '<%= config.bin %> explain-drain harvester-node-0',
    '<%= config.bin %> explain-drain harvester-node-0 --probe',
    '<%= config.bin %> explain-drain --watch --interval 10s --timeout 30m',
    '<%= config.bin %> explain-drain --bundle supportbundle.zip -o json',
  ];

  static override args = {
    node: Args.string({
      description: "Node to explain (default: the upgrade's current node, else every cordoned node).",
    }),
  };

  static override flags = {
    ...kubeFlags,
    probe: Flags.boolean({
      description:
        'Confirm each prediction with a server-side dry-run eviction (dryRun=All; changes nothing). Live only.',
    }),
    watch: Flags.boolean({
      char: 'w',
      description: 'Re-read until the node is drained, printing only what changed. Live only.',
    }),
    interval: Flags.string({ description: 'Time between reads with --watch.', default: '10s' }),
    timeout: Flags.string({ description: 'Give up --watch after this long (0 = never).', default: '0' }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(ExplainDrain);
    refuseWide(flags.output, 'explain-drain');
    const watch = this.watchOptions(flags, args.node);
    if (watch) {
      process.exitCode = await this.watch(flags, args.node, watch);
      return;
    }
    await this.pipeline(flags, { requests: drainReads() }, async (snapshot) => {
      const drains = orUsage(explainDrains(snapshot, args.node));
      const rows = await Promise.all(drains.map((drain) => this.rows(flags, drain)));
      const analysis = analyseDrain(snapshot, drains, rows);
      return {
        result: toDrainResult(analysis),
        table: (style) => renderDrainReport(style, analysis),
        exitCode: drainExitCode(analysis),
      };
    });
  }

  /** Every flag checked before anything is read; the --watch timing when watching, else undefined. */
  private watchOptions(
    flags: KubeFlagValues & { probe: boolean; watch: boolean; interval: string; timeout: string },
    node: string | undefined,
  ): WatchOptions | undefined {
    checkNameFlag('NODE', 'Node', node);
    if ((flags.probe || flags.watch) && flags.bundle !== undefined) {
      throw new UsageProblem(`--${flags.probe ? 'probe' : 'watch'} needs a live cluster; drop --bundle`);
    }
    if (flags.watch && (flags.probe || flags.output === 'json' || flags.output === 'yaml')) {
      throw new UsageProblem('--watch prints one line per change; run --probe or -o json|yaml without --watch');
    }
    const interval = duration('--interval', flags.interval);
    if (flags.watch && interval === undefined) throw new UsageProblem('--interval must be more than 0 with --watch');
    const timeout = duration('--timeout', flags.timeout);
    return flags.watch ? { interval: interval ?? 10_000, timeout } : undefined;
  }

  /** The pods of one node, with the server's dry-run answers beside the prediction under --probe. */
  private async rows(flags: KubeFlagValues & { probe: boolean }, drain: DrainExplanation): Promise<PodRow[]> {
    if (!flags.probe) return [...drain.pods];
    return withProbeAnswers(drain, await probeEvictions(this.sourceOptions(flags), probedPods(drain)));
  }

  /** Reads again every interval, printing what changed, until the drain is over; its exit code. */
  private async watch(flags: KubeFlagValues, named: string | undefined, options: WatchOptions): Promise<number> {
    const deadline = options.timeout === undefined ? undefined : Date.now() + options.timeout;
    const previous = new Map<string, DrainExplanation>();
    const line = (text: string): void => {
      process.stdout.write(
        `${fitToWidth(`${new Date().toISOString()}  ${escapeTerminal(text)}`, this.style(flags).width)}\n`,
      );
    };
    for (;;) {
      const read = await this.watchRead(flags, named);
      if (read.kind !== 'drains') line(read.line);
      if (read.kind === 'unreadable') return EXIT.notEvaluated;
      const drains = read.kind === 'drains' ? read.drains : undefined;
      const step = watchStep(previous, drains, deadline !== undefined && Date.now() + options.interval > deadline);
      for (const text of step.lines) line(text);
      for (const drain of drains ?? []) previous.set(drain.node, drain);
      if (step.exitCode !== undefined) return step.exitCode;
      await sleep(options.interval);
    }
  }

  /**
   * One read of --watch: the drains; or a line to print when the read failed but may heal (`retry`), or when an
   * input it cannot do without was not read (`unreadable`: the watch ends, exit 3).
   */
  private async watchRead(flags: KubeFlagValues, named: string | undefined): Promise<WatchRead> {
    try {
      const { snapshot } = await this.read({ ...flags, output: 'json' }, undefined, drainReads());
      const unreadable = missingDrainNeed(snapshot);
      if (unreadable !== undefined) {
        return { kind: 'unreadable', line: `cannot tell whether the node is drained: ${unreadable}` };
      }
      return { kind: 'drains', drains: orUsage(explainDrains(snapshot, named)) };
    } catch (error) {
      // The API server restarts while its own node is upgraded: keep watching until the deadline. What cannot heal
      // by waiting (credentials, RBAC, a missing context, a certificate) ends the watch at once.
      if (!(error instanceof ClusterError) || !mayHeal(error)) throw error;
      return { kind: 'retry', line: `read failed, retrying: ${error.oneLine()}` };
    }
  }
}
