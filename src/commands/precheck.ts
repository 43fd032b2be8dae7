import { Flags } from '@oclif/core';
import type { Check, CheckOptions } from '../checks/check.js';
import { serverVersion } from '../facts/harvester-version.js';
import { PRECHECK_GROUPS } from '../checks/precheck-checks.js';
import { runChecks, type CheckResult } from '../checks/run-checks.js';
import type { Severity } from '../model/finding.js';
import { isProbeKey, type ProbeKey } from '../model/probes.js';
import { HARVESTER_NAMESPACES, type ResourceKey } from '../model/resources.js';
import type { ClusterSnapshot, InputKey, ReadRequest } from '../model/snapshot.js';
import { renderCheckList, renderPrecheck, summaryLine, type PrecheckRow } from '../render/precheck-report.js';
import { renderDocument, toJsonFindings, type JsonFinding } from '../render/report.js';
import { parseAge } from '../cluster/duration.js';
import { UsageProblem } from '../cluster/read-snapshot.js';
import { evaluatePath, PATH_INPUTS, planPath, type PathReport } from '../path/evaluate-path.js';
import { renderNoPath, renderPath } from '../render/path-report.js';
import { EXIT } from './exit-codes.js';
import { exitCodeFor, KubeCommand, kubeFlags } from './kube-command.js';

/** The `-o json|yaml` contract of `precheck`. */
export interface PrecheckResult {
  readonly harvesterVersion: string | null;
  readonly summary: string;
  readonly checks: readonly (CheckResult & { readonly group: string })[];
  readonly findings: readonly JsonFinding[];
  /** The upgrade path evaluated (--to, or the newest Version object); null when none was. */
  readonly path: JsonPath | null;
}

/** `path` of `-o json|yaml`: the version pair and every entry that applies to it. */
export interface JsonPath {
  readonly from: string;
  readonly to: string;
  readonly target: PathReport['target'];
  readonly minUpgradableVersion: string | null;
  readonly components: PathReport['components'];
  readonly entries: readonly {
    readonly id: string;
    readonly source: string;
    readonly status: string;
    readonly reason?: string;
    readonly manual?: { readonly command: string; readonly expect: string; readonly nodes: readonly string[] };
  }[];
}

const jsonPath = (report: PathReport): JsonPath => ({
  from: report.from,
  to: report.to,
  target: report.target,
  minUpgradableVersion: report.minUpgradableVersion,
  components: report.components,
  entries: report.entries.map(({ id, source, status, reason, manual }) => ({
    id,
    source,
    status,
    ...(reason === undefined ? {} : { reason }),
    ...(manual === undefined ? {} : { manual }),
  })),
});

const ALL_CHECKS: readonly { readonly group: string; readonly check: Check }[] = PRECHECK_GROUPS.flatMap((group) =>
  group.checks.map((check) => ({ group: group.name, check })),
);

/** `--only a,b --only c` → [a, b, c]; every id must exist. */
const idsOf = (flag: string, values: readonly string[] | undefined): Set<string> => {
  const ids = new Set(
    (values ?? [])
      .flatMap((value) => value.split(','))
      .map((id) => id.trim())
      .filter(Boolean),
  );
  const known = new Set(ALL_CHECKS.map((entry) => entry.check.id));
  const unknown = [...ids].filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new UsageProblem(
      `--${flag}: unknown check id ${unknown.join(', ')}; list the ids with 'kubectl harvester-upgrade precheck --list'`,
    );
  }
  return ids;
};

const inputsOf = (checks: readonly Check[]): InputKey[] => [
  ...new Set(checks.flatMap((check) => [...check.needs, ...(check.optional ?? [])])),
];

/** The flags checks depend on; a bad age is a usage error (exit 2) before anything is read. */
const checkOptions = (maxAge: string, warnOldBackups: boolean): CheckOptions => {
  try {
    return { backupMaxAgeMs: parseAge(maxAge), oldBackupSeverity: warnOldBackups ? 'warning' : 'info' };
  } catch (error) {
    throw new UsageProblem(`--backup-max-age: ${error instanceof Error ? error.message : String(error)}`);
  }
};

const headerOf = (snapshot: ClusterSnapshot): string => {
  const version = serverVersion(snapshot);
  const where =
    snapshot.source.mode === 'live'
      ? `context ${snapshot.source.context} (${snapshot.source.server})`
      : `bundle ${snapshot.source.path}`;
  return `Harvester ${version?.text ?? 'version unknown'} · ${where} · read ${snapshot.readAt}`;
};

export class Precheck extends KubeCommand {
  static override summary = 'Find every Harvester upgrade blocker at once, with the fix for each.';
  static override description = `Runs every check that Harvester's upgrade webhook and the upgrade-helpers pre-check script perform, and the ones both miss, over one read of the cluster (or a support bundle): cluster and Rancher state, nodes and kubelet version skew, Machines, pod health (a Running pod with an unready container fails; superseded upgrade-job attempts do not), Longhorn volumes, VMs and backups, drain risks such as budgets that allow no disruption and KubeVirt's control-plane placement, disk space and the API server certificate, and whether the cluster survives losing a node mid-upgrade: etcd quorum, disk health, volume redundancy and live-migration headroom with each node drained in turn, the backup target and recent VM backups (--backup-max-age, --warn-old-backups).

A check whose inputs are forbidden or absent is NOT EVALUATED, never passed. Checks made for other Harvester versions are SKIPPED and say why.

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above --fail-on, 2 usage error, 3 an input could not be read.`;

  static override examples = [
    '<%= config.bin %> precheck',
    '<%= config.bin %> precheck --list',
    '<%= config.bin %> precheck --only pod-containers-not-ready,pod-pending',
    '<%= config.bin %> precheck --skip node-disk-space --fail-on warning',
    '<%= config.bin %> precheck -o json',
    '<%= config.bin %> precheck --bundle supportbundle.zip',
    '<%= config.bin %> precheck --to v1.5.0',
    '<%= config.bin %> precheck --backup-max-age 3d --warn-old-backups',
  ];

  static override flags = {
    ...kubeFlags,
    list: Flags.boolean({ description: 'List the checks (id, title; -o wide adds why) and exit.' }),
    only: Flags.string({
      description: 'Run only these check ids (comma-separated or repeated).',
      multiple: true,
      exclusive: ['skip'],
    }),
    skip: Flags.string({ description: 'Leave out these check ids (comma-separated or repeated).', multiple: true }),
    to: Flags.string({
      description:
        'Evaluate the upgrade to this Harvester version: the version guard, component changes and the known problems of this path. Default: the newest Version object newer than the running version.',
    }),
    'fail-on': Flags.option({
      description: 'Lowest finding severity that makes the exit code 1.',
      options: ['error', 'warning'] as const,
      default: 'error' as const,
    })(),
    'backup-max-age': Flags.string({
      description:
        'A running VM needs a completed backup younger than this (7d, 36h, 1d12h) for vm-without-recent-backup.',
      default: '7d',
    }),
    'warn-old-backups': Flags.boolean({
      description: 'Report running VMs without a recent backup as warnings instead of info.',
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Precheck);
    const options = checkOptions(flags['backup-max-age'], flags['warn-old-backups']);
    const only = idsOf('only', flags.only);
    const skip = idsOf('skip', flags.skip);
    const selected = ALL_CHECKS.filter(({ check }) => (only.size === 0 || only.has(check.id)) && !skip.has(check.id));

    if (flags.list) {
      const list = selected.map(({ group, check }) => ({
        group,
        id: check.id,
        title: check.title,
        description: check.description,
      }));
      const text =
        flags.output === 'json' || flags.output === 'yaml'
          ? renderDocument(
              {
                apiVersion: 'harvester-upgrade.kubectl/v1alpha1',
                kind: 'CheckList',
                source: null,
                findings: [],
                checks: list,
              },
              flags.output,
            )
          : renderCheckList(this.style(flags), list, flags.output === 'wide');
      process.stdout.write(`${text}\n`);
      return;
    }

    // The path is evaluated when asked for with --to, and by default unless --only narrowed the run.
    const wantPath = flags.to !== undefined || only.size === 0;
    const checkInputs = inputsOf(selected.map(({ check }) => check));
    const inputs = wantPath ? [...new Set([...checkInputs, ...PATH_INPUTS])] : checkInputs;
    const probes = inputs.filter((key): key is ProbeKey => isProbeKey(key));
    const requests: ReadRequest[] = inputs
      .filter((key): key is ResourceKey => !isProbeKey(key))
      .map((key) => ({ key, namespace: HARVESTER_NAMESPACES[key] }));
    const { snapshot } = await this.read(flags, undefined, requests, probes);

    const outcome = runChecks(
      selected.map(({ check }) => check),
      snapshot,
      options,
    );
    const plan = wantPath ? planPath(snapshot, flags.to) : undefined;
    if (plan?.kind === 'usage') throw new UsageProblem(plan.message);
    const path = plan?.kind === 'path' ? evaluatePath(snapshot, plan) : undefined;
    const findings = [...outcome.findings, ...(path?.findings ?? [])];
    const groupOf = new Map(selected.map(({ group, check }) => [check.id, group]));
    const skipped: PrecheckRow[] = ALL_CHECKS.filter(({ check }) => skip.has(check.id)).map(({ group, check }) => ({
      group,
      id: check.id,
      title: check.title,
      status: 'skip',
      reason: 'left out with --skip',
    }));
    const rows: PrecheckRow[] = [
      ...outcome.checks.map((result) => ({ ...result, group: groupOf.get(result.id) ?? '' })),
      ...skipped,
    ];
    const style = this.style(flags);
    const failOn: Severity = flags['fail-on'];
    this.emit(
      flags,
      {
        apiVersion: 'harvester-upgrade.kubectl/v1alpha1',
        kind: 'PrecheckReport',
        source: snapshot.source,
        harvesterVersion: serverVersion(snapshot)?.text ?? null,
        summary: summaryLine(rows),
        checks: rows.map(({ group, id, title, status, reason }) => ({
          id,
          title,
          group,
          status,
          ...(reason === undefined ? {} : { reason }),
        })),
        findings: toJsonFindings(findings),
        path: path ? jsonPath(path) : null,
      },
      () =>
        renderPrecheck(style, headerOf(snapshot), rows, outcome.findings, [
          ...(path ? [renderPath(style, path)] : []),
          ...(plan?.kind === 'none' ? [renderNoPath(style, plan.reason)] : []),
        ]),
    );
    // The path's own inputs count only when a path was evaluated, or asked for and could not be.
    const needed = path || flags.to !== undefined ? inputs : checkInputs;
    process.exitCode = exitCodeFor(findings, snapshot, needed, failOn, outcome.checks);
    if (plan?.kind === 'none' && flags.to !== undefined && process.exitCode === EXIT.ok) {
      process.exitCode = EXIT.notEvaluated;
    }
  }
}
