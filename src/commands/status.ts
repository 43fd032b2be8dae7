import { Flags } from '@oclif/core';
import { parseDuration } from '../cluster/duration.js';
import { readPodLogs } from '../cluster/read-logs.js';
import { UsageProblem } from '../cluster/read-snapshot.js';
import { escapeTerminal } from '../render/escape.js';
import { renderStatusReport } from '../render/status-report.js';
import { analyseStatus, logRequestsFor, statusExitCode, statusReads } from '../results/status.js';
import { KubeCommand, kubeFlags, refuseWide } from './kube-command.js';
import { withSpinner } from './with-spinner.js';

const DEFAULT_STALL = '15m';

const stallAfter = (text: string): number => {
  let ms: number | undefined;
  try {
    ms = parseDuration(text);
  } catch (error) {
    throw new UsageProblem(`--stall-after: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (ms === undefined) throw new UsageProblem('--stall-after must be more than 0 (15m, 1h)');
  return ms;
};

export class Status extends KubeCommand {
  static override summary = 'Show where a running Harvester upgrade is, and what each unfinished step waits for.';
  static override description = `Reads the newest Upgrade (upgrades.harvesterhci.io) or UpgradePlan (upgradeplans.management.harvesterhci.io) and prints its phases in order: upgrade image, repository, image preload, system services (the apply-manifests Job), each node (pre-drain, drain, post-drain, reboot) and cleanup, each with its state and since when. For the phase in progress it names the object and the field it waits on, with the same logic as the precheck checks (Helm releases, ManagedCharts, KubeVirt, Longhorn, the repository, system-upgrade-controller Plans, the drain). It shows every upgrade Job with its pods, restarts, exit codes and the last lines of the running step's log (live through pods/log, an optional RBAC rule; offline from the bundle's logs folder), one line per node, and reports a wait with no progress for longer than --stall-after as stalled, a failed upgrade with its failing Job, and a node lost mid-upgrade with the documented recovery.

Exit codes: 0 the upgrade succeeded, runs without a stall, or there is none; 1 it failed or stalled; 2 usage error; 3 could not evaluate.`;

  static override examples = [
    '<%= config.bin %> status',
    '<%= config.bin %> status --stall-after 30m',
    '<%= config.bin %> status --bundle supportbundle.zip',
    '<%= config.bin %> status -o json --log-lines 0',
  ];

  static override flags = {
    ...kubeFlags,
    'stall-after': Flags.string({
      description: 'Report a wait with no progress in the upgrade for this long as stalled (30s, 15m, 2h).',
      default: DEFAULT_STALL,
    }),
    'log-lines': Flags.integer({
      description: "Lines of each running step's log to show (0 = read no logs).",
      default: 10,
      min: 0,
      max: 200,
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Status);
    refuseWide(flags.output, 'status');
    const stallAfterMs = stallAfter(flags['stall-after']);
    const { snapshot } = await this.read(flags, undefined, statusReads());
    const interactive = flags.output === 'table' && flags.v < 6;
    const logs = await withSpinner(escapeTerminal('Reading upgrade job logs'), interactive, () =>
      readPodLogs(this.sourceOptions(flags), logRequestsFor(snapshot), flags['log-lines']),
    );
    const analysis = analyseStatus(snapshot, new Date(snapshot.readAt), { stallAfterMs, logs });
    this.finish(flags, {
      result: analysis.result,
      table: (style) => renderStatusReport(style, analysis.result),
      exitCode: statusExitCode(analysis),
    });
  }
}
