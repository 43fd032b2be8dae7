import type { Version } from '../model/version.js';
import type { Check, CheckOptions } from '../checks/check.js';
import { serverVersion } from '../facts/harvester-version.js';
import { PRECHECK_GROUPS } from '../checks/precheck-checks.js';
import { runChecks, type CheckResult, type CheckStatus, type ChecksOutcome } from '../checks/run-checks.js';
import type { Severity } from '../model/finding.js';
import { isProbeKey, type ProbeKey } from '../model/probes.js';
import { HARVESTER_NAMESPACES, type ResourceKey } from '../model/resources.js';
import type { ClusterSnapshot, InputKey, ReadRequest, SnapshotSource } from '../model/snapshot.js';
import { evaluatePath, PATH_INPUTS, planPath, type PathPlan, type PathReport } from '../path/evaluate-path.js';
import { API_VERSION, toJsonFindings, type ApiVersion, type JsonFinding } from './envelope.js';
import { exitCodeFor } from './exit-code.js';
import { EXIT } from './exit-codes.js';
import type { Usage } from './usage.js';

/** One row of the precheck table: a check's result and the group it is listed under. */
export interface PrecheckRow extends CheckResult {
  readonly group: string;
}

/** One check as `precheck --list` shows it. */
export interface CheckDescription {
  readonly group: string;
  readonly id: string;
  readonly title: string;
  readonly description: string;
}

/**
 * `checks` of `precheck -o json|yaml`: every check, then every entry of the upgrade path (group `Path`, whose
 * status may also be `manual`), so that `select(.status != "pass")` finds a failed path entry too.
 */
export interface PrecheckCheck {
  readonly id: string;
  readonly title: string;
  readonly group: string;
  readonly status: CheckStatus | 'manual';
  readonly reason?: string;
}

/** The group of the upgrade path's entries among `checks`. */
export const PATH_GROUP = 'Path';

/** One entry of the upgrade path that applies to the version pair. */
export interface JsonPathEntry {
  readonly id: string;
  readonly source: string;
  readonly status: PathReport['entries'][number]['status'];
  readonly reason?: string;
  readonly manual?: { readonly command: string; readonly expect: string; readonly nodes: readonly string[] };
}

/** `path` of `-o json|yaml`: the version pair and every entry that applies to it. */
export interface JsonPath {
  readonly from: string;
  readonly to: string;
  readonly target: PathReport['target'];
  readonly minUpgradableVersion: string | null;
  readonly components: PathReport['components'];
  readonly entries: readonly JsonPathEntry[];
}

/** The `-o json|yaml` document of `precheck`. */
export interface PrecheckResult {
  readonly apiVersion: ApiVersion;
  readonly kind: 'PrecheckReport';
  readonly source: SnapshotSource;
  readonly harvesterVersion: string | null;
  readonly summary: string;
  readonly checks: readonly PrecheckCheck[];
  readonly findings: readonly JsonFinding[];
  /** The upgrade path evaluated (--to, or the newest Version object); null when none was. */
  readonly path: JsonPath | null;
}

/** The `-o json|yaml` document of `precheck --list`. */
export interface CheckListResult {
  readonly apiVersion: ApiVersion;
  readonly kind: 'CheckList';
  readonly source: null;
  readonly findings: readonly [];
  readonly checks: readonly CheckDescription[];
}

interface GroupedCheck {
  readonly group: string;
  readonly check: Check;
}

const ALL_CHECKS: readonly GroupedCheck[] = PRECHECK_GROUPS.flatMap((group) =>
  group.checks.map((check) => ({ group: group.name, check })),
);

/** The ids of `--only` or `--skip` that name no check. */
export const unknownCheckIds = (ids: ReadonlySet<string>): string[] => {
  const known = new Set(ALL_CHECKS.map((entry) => entry.check.id));
  return [...ids].filter((id) => !known.has(id));
};

/** What the flags ask precheck to do, every flag already valid. */
export interface PrecheckPlan {
  readonly selected: readonly GroupedCheck[];
  readonly skip: ReadonlySet<string>;
  readonly to: string | undefined;
  /** The path is evaluated when asked for with --to, and by default unless --only narrowed the run. */
  readonly wantPath: boolean;
  readonly options: CheckOptions;
  readonly failOn: Severity;
  readonly checkInputs: readonly InputKey[];
  readonly inputs: readonly InputKey[];
}

export const planPrecheck = (
  only: ReadonlySet<string>,
  skip: ReadonlySet<string>,
  to: string | undefined,
  options: CheckOptions,
  failOn: Severity,
): PrecheckPlan => {
  const selected = ALL_CHECKS.filter(({ check }) => (only.size === 0 || only.has(check.id)) && !skip.has(check.id));
  const wantPath = to !== undefined || only.size === 0;
  const checkInputs = [...new Set(selected.flatMap(({ check }) => [...check.needs, ...(check.optional ?? [])]))];
  const inputs = wantPath ? [...new Set([...checkInputs, ...PATH_INPUTS])] : checkInputs;
  return { selected, skip, to, wantPath, options, failOn, checkInputs, inputs };
};

/** The lists and probes a plan reads. */
export const precheckReads = (plan: PrecheckPlan): { requests: ReadRequest[]; probes: ProbeKey[] } => ({
  requests: plan.inputs
    .filter((key): key is ResourceKey => !isProbeKey(key))
    .map((key) => ({ key, namespace: HARVESTER_NAMESPACES[key] })),
  probes: plan.inputs.filter((key): key is ProbeKey => isProbeKey(key)),
});

export interface PrecheckAnalysis {
  readonly plan: PrecheckPlan;
  readonly snapshot: ClusterSnapshot;
  readonly outcome: ChecksOutcome;
  /** Undefined when no path was wanted. */
  readonly pathPlan: Exclude<PathPlan, { kind: 'usage' }> | undefined;
  readonly path: PathReport | undefined;
  /** The checks' findings, then the path's. */
  readonly findings: readonly JsonFinding[];
  /** The checks run, then those left out with --skip. */
  readonly rows: readonly PrecheckRow[];
  /** The running Harvester version (setting server-version), for the report's header. */
  readonly version: Version | undefined;
}

const rowsOf = (plan: PrecheckPlan, outcome: ChecksOutcome): PrecheckRow[] => {
  const groupOf = new Map(plan.selected.map(({ group, check }) => [check.id, group]));
  const skipped: PrecheckRow[] = ALL_CHECKS.filter(({ check }) => plan.skip.has(check.id)).map(({ group, check }) => ({
    group,
    id: check.id,
    title: check.title,
    status: 'skip',
    reason: 'left out with --skip',
  }));
  return [...outcome.checks.map((result) => ({ ...result, group: groupOf.get(result.id) ?? '' })), ...skipped];
};

/** Runs the selected checks and the path; a --to that this cluster cannot take is a usage error. */
export const analysePrecheck = (snapshot: ClusterSnapshot, plan: PrecheckPlan): PrecheckAnalysis | Usage => {
  const outcome = runChecks(
    plan.selected.map(({ check }) => check),
    snapshot,
    plan.options,
  );
  const pathPlan = plan.wantPath ? planPath(snapshot, plan.to) : undefined;
  if (pathPlan?.kind === 'usage') return { usage: pathPlan.message };
  const path = pathPlan?.kind === 'path' ? evaluatePath(snapshot, pathPlan) : undefined;
  const findings = toJsonFindings([...outcome.findings, ...(path?.findings ?? [])]);
  return {
    plan,
    snapshot,
    outcome,
    pathPlan,
    path,
    findings,
    rows: rowsOf(plan, outcome),
    version: serverVersion(snapshot),
  };
};

/** The counts of the checks and the path's entries; `manual` only when some entry must be checked by hand. */
export const summaryLine = (rows: readonly { readonly status: PrecheckCheck['status'] }[]): string => {
  const count = (status: PrecheckCheck['status']): number => rows.filter((row) => row.status === status).length;
  return [
    `${String(count('fail'))} failed`,
    `${String(count('warn'))} warned`,
    `${String(count('pass'))} passed`,
    `${String(count('skip'))} skipped`,
    `${String(count('not-evaluated'))} not evaluated`,
    ...(count('manual') > 0 ? [`${String(count('manual'))} to check by hand`] : []),
  ].join(', ');
};

/** Every check's row, then the path's entries as rows of group `Path`. */
export const precheckChecks = (analysis: PrecheckAnalysis): PrecheckCheck[] => [
  ...analysis.rows.map(({ group, id, title, status, reason }) => ({
    id,
    title,
    group,
    status,
    ...(reason === undefined ? {} : { reason }),
  })),
  ...(analysis.path?.entries ?? []).map(({ id, title, status, reason }) => ({
    id,
    title,
    group: PATH_GROUP,
    status,
    ...(reason === undefined ? {} : { reason }),
  })),
];

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

export const toPrecheckResult = (analysis: PrecheckAnalysis): PrecheckResult => ({
  apiVersion: API_VERSION,
  kind: 'PrecheckReport',
  source: analysis.snapshot.source,
  harvesterVersion: serverVersion(analysis.snapshot)?.text ?? null,
  summary: summaryLine(precheckChecks(analysis)),
  checks: precheckChecks(analysis),
  findings: analysis.findings,
  path: analysis.path ? jsonPath(analysis.path) : null,
});

/**
 * The exit code of a precheck run. The path's own inputs count only when a path was evaluated, or asked for with
 * --to; a path asked for that could not be evaluated is never a pass.
 */
export const precheckExitCode = (analysis: PrecheckAnalysis): number => {
  const { plan, snapshot, path, pathPlan } = analysis;
  const needed = path || plan.to !== undefined ? plan.inputs : plan.checkInputs;
  const code = exitCodeFor(analysis.findings, snapshot, needed, plan.failOn, analysis.outcome.checks);
  return pathPlan?.kind === 'none' && plan.to !== undefined && code === EXIT.ok ? EXIT.notEvaluated : code;
};

export const toCheckListResult = (plan: PrecheckPlan): CheckListResult => ({
  apiVersion: API_VERSION,
  kind: 'CheckList',
  source: null,
  findings: [],
  checks: plan.selected.map(({ group, check }) => ({
    group,
    id: check.id,
    title: check.title,
    description: check.description,
  })),
});
