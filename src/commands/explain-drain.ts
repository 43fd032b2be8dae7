import { Args, Flags } from '@oclif/core';
import { parseDuration } from '../cluster/duration.js';
import { ClusterError, mayHeal } from '../cluster/errors.js';
import { probeEvictions, UsageProblem } from '../cluster/read-snapshot.js';
import { drainTargets } from '../drain/drain-target.js';
import { drainChanges, explainDrain, isDrained, probeAgrees, type DrainExplanation } from '../drain/explain-drain.js';
import { namespacedKey } from '../model/kube-object.js';
import { HARVESTER_NAMESPACES, type ResourceKey } from '../model/resources.js';
import { sleep } from '../model/sleep.js';
import { inputName, inputOf, type ClusterSnapshot, type ReadRequest } from '../model/snapshot.js';
import { renderDrain, renderNotRead, type PodRow } from '../render/drain-report.js';
import { escapeTerminal } from '../render/escape.js';
import { toJsonFindings, type JsonFinding } from '../render/report.js';
import { EXIT } from './exit-codes.js';
import { checkNameFlag, exitCodeFor, KubeCommand, kubeFlags, type KubeFlagValues } from './kube-command.js';

/** What a drain's analysis cannot do without; the others it reads when it may (shared with fix-pdb). */
export const DRAIN_NEEDS: readonly ResourceKey[] = ['nodes', 'pods', 'podDisruptionBudgets'];
const OPTIONAL: readonly ResourceKey[] = [
  'vmis',
  'vmims',
  'kubevirts',
  'longhornEngines',
  'longhornReplicas',
  'longhornVolumes',
  'longhornInstanceManagers',
  'longhornSettings',
  'upgrades',
  'upgradePlans',
  'jobs',
  'machines',
  'machinePlanSecrets',
  'provisioningClusters',
];

export const drainReads = (): ReadRequest[] =>
  [...DRAIN_NEEDS, ...OPTIONAL].map((key) => ({
    key,
    // Harvester's hook Jobs live in harvester-system.
    namespace: key === 'jobs' ? 'harvester-system' : HARVESTER_NAMESPACES[key],
  }));

/** The drain's inputs that were forbidden or failed to list (absent kinds are not missing anything). */
export const unreadDrainInputs = (snapshot: ClusterSnapshot): { input: string; reason: string }[] =>
  drainReads().flatMap(({ key }) => {
    const input = inputOf(snapshot, key);
    return input.status === 'forbidden' || input.status === 'failed'
      ? [{ input: inputName(key), reason: input.reason }]
      : [];
  });

/** The `-o json|yaml` contract of `explain-drain`. */
export interface ExplainDrainResult {
  readonly findings: readonly JsonFinding[];
  readonly drains: readonly (Omit<DrainExplanation, 'findings' | 'pods'> & { readonly pods: readonly PodRow[] })[];
  /** The first (usually only) node, at the top level as the contract names it. */
  readonly node?: string;
  readonly upgrade?: DrainExplanation['upgrade'];
  readonly pods?: readonly PodRow[];
  /** Inputs that were forbidden or failed to list, with the reason. */
  readonly notRead: readonly { readonly input: string; readonly reason: string }[];
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
    checkNameFlag('NODE', 'Node', args.node);
    if ((flags.probe || flags.watch) && flags.bundle !== undefined) {
      throw new UsageProblem(`--${flags.probe ? 'probe' : 'watch'} needs a live cluster; drop --bundle`);
    }
    if (flags.watch && (flags.probe || flags.output === 'json' || flags.output === 'yaml')) {
      throw new UsageProblem('--watch prints one line per change; run --probe or -o json|yaml without --watch');
    }
    const interval = this.duration('--interval', flags.interval);
    if (flags.watch && interval === undefined) throw new UsageProblem('--interval must be more than 0 with --watch');
    const timeout = this.duration('--timeout', flags.timeout);
    if (flags.watch) {
      await this.watch(flags, args.node, interval ?? 10_000, timeout);
      return;
    }
    const { snapshot } = await this.read(flags, undefined, drainReads());
    const drains = this.explain(snapshot, args.node);
    const rows = await Promise.all(drains.map((drain) => this.rows(flags, drain)));
    const style = this.style(flags);
    const findings = drains.flatMap((drain) => drain.findings);
    const first = drains[0];
    const firstRows = rows[0];
    // An input that could not be read hides what it would have shown (unread VMIs make a launcher pod look
    // evictable): say which, beside the verdicts, and not only through the exit code.
    const notRead = unreadDrainInputs(snapshot);
    this.emit(
      flags,
      {
        apiVersion: 'harvester-upgrade.kubectl/v1alpha1',
        kind: 'DrainExplanation',
        source: snapshot.source,
        findings: toJsonFindings(findings),
        ...(first && firstRows ? { node: first.node, upgrade: first.upgrade, pods: firstRows } : {}),
        drains: drains.map(({ findings: _findings, ...drain }, index) => ({ ...drain, pods: rows[index] ?? [] })),
        notRead,
      },
      () =>
        [
          drains.length === 0
            ? 'No node is being drained: no upgrade is working on a node and no node is cordoned.'
            : drains.map((drain, index) => renderDrain(style, drain, rows[index] ?? [])).join('\n\n---\n\n'),
          ...(notRead.length > 0 ? [renderNotRead(style, notRead)] : []),
        ].join('\n\n'),
    );
    // Any unreadable input counts: VMIs that could not be read would leave a launcher pod looking evictable.
    process.exitCode = exitCodeFor(
      findings,
      snapshot,
      drainReads().map((request) => request.key),
    );
  }

  private duration(flag: string, text: string): number | undefined {
    try {
      return parseDuration(text);
    } catch (error) {
      throw new UsageProblem(`${flag}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private explain(snapshot: ClusterSnapshot, named: string | undefined): DrainExplanation[] {
    const targets = drainTargets(snapshot, named);
    if (named !== undefined && targets.length === 0) {
      throw new UsageProblem(`node ${named} not found; list the nodes with 'kubectl get nodes'`);
    }
    return targets.map((target) => explainDrain(snapshot, target.node, target.why));
  }

  /** The pods of one node, with the server's dry-run answers beside the prediction under --probe. */
  private async rows(flags: KubeFlagValues & { probe: boolean }, drain: DrainExplanation): Promise<PodRow[]> {
    if (!flags.probe) return [...drain.pods];
    const probed = drain.pods.filter((pod) => pod.verdict !== 'skip');
    const answers = await probeEvictions(this.sourceOptions(flags), probed);
    const byPod = new Map(answers.map((answer) => [namespacedKey(answer.namespace, answer.name), answer]));
    return drain.pods.map((pod) => {
      const answer = byPod.get(namespacedKey(pod.namespace, pod.name));
      return answer
        ? {
            ...pod,
            probe: {
              status: answer.status,
              outcome: answer.outcome,
              message: answer.message,
              ...(probeAgrees(pod, answer.outcome) === undefined ? {} : { agrees: probeAgrees(pod, answer.outcome) }),
            },
          }
        : pod;
    });
  }

  private async watch(
    flags: KubeFlagValues,
    named: string | undefined,
    interval: number,
    timeout: number | undefined,
  ): Promise<void> {
    const deadline = timeout === undefined ? undefined : Date.now() + timeout;
    const previous = new Map<string, DrainExplanation>();
    const line = (text: string): void => {
      process.stdout.write(`${new Date().toISOString()}  ${escapeTerminal(text)}\n`);
    };
    for (;;) {
      let drains: DrainExplanation[] | undefined;
      try {
        const { snapshot } = await this.read({ ...flags, output: 'json' }, undefined, drainReads());
        const unreadable = DRAIN_NEEDS.map((key) => inputOf(snapshot, key)).find((input) => input.status !== 'ok');
        if (unreadable && 'reason' in unreadable) {
          line(`cannot tell whether the node is drained: ${unreadable.reason}`);
          process.exitCode = EXIT.notEvaluated;
          return;
        }
        drains = this.explain(snapshot, named);
      } catch (error) {
        // The API server restarts while its own node is upgraded: keep watching until the deadline. What cannot heal
        // by waiting (credentials, RBAC, a missing context, a certificate) ends the watch at once.
        if (!(error instanceof ClusterError)) throw error;
        if (!mayHeal(error)) throw error;
        line(`read failed, retrying: ${error.oneLine()}`);
      }
      for (const drain of drains ?? []) {
        for (const change of drainChanges(previous.get(drain.node), drain)) line(`${drain.node}  ${change}`);
        previous.set(drain.node, drain);
      }
      if (drains?.length === 0) {
        line('no node is being drained');
        process.exitCode = EXIT.ok;
        return;
      }
      if (drains?.every(isDrained)) {
        line('drained: nothing left to evict');
        process.exitCode = EXIT.ok;
        return;
      }
      if (deadline !== undefined && Date.now() + interval > deadline) {
        line('timed out: the drain is still blocked');
        process.exitCode = EXIT.findings;
        return;
      }
      await sleep(interval);
    }
  }
}
