import type { CheckStatus } from '../results/analysis-types.js';
import type { Finding } from '../model/finding.js';
import { refPath } from '../model/kube-object.js';
import {
  precheckChecks,
  summaryLine,
  type CheckListResult,
  type PrecheckAnalysis,
  type PrecheckCheck,
  type PrecheckRow,
} from '../results/precheck.js';
import { escapeData, escapeTerminal } from './escape.js';
import { renderNoPath, renderPath } from './path-report.js';
import { paint, paintSeverity, type Style } from './style.js';
import { renderTable } from './table.js';

const STATUS_TEXT: Readonly<Record<CheckStatus, string>> = {
  fail: 'FAIL',
  warn: 'WARN',
  'not-evaluated': 'NOT EVALUATED',
  skip: 'SKIP',
  pass: 'PASS',
};

const STATUS_COLOR: Readonly<Record<CheckStatus, 'red' | 'yellow' | 'dim' | 'green'>> = {
  fail: 'red',
  warn: 'yellow',
  'not-evaluated': 'yellow',
  skip: 'dim',
  pass: 'green',
};

const STATUS_ORDER: readonly CheckStatus[] = ['fail', 'warn', 'not-evaluated', 'skip', 'pass'];

/** Problems first; within a status, the order the checks were given in. */
const byStatus = (rows: readonly PrecheckRow[]): PrecheckRow[] =>
  STATUS_ORDER.flatMap((status) => rows.filter((row) => row.status === status));

/** Controllers copy whole manifests into condition messages; a table shows the start, -o json the full text. */
const MAX_MESSAGE = 400;
const clip = (text: string): string =>
  text.length <= MAX_MESSAGE ? text : `${text.slice(0, MAX_MESSAGE)}… (${String(text.length)} characters; see -o json)`;

/** What a row says: why it was not evaluated or skipped, what was found (FAIL, WARN), or the healthy state (PASS). */
const headline = (row: PrecheckRow): string => row.reason ?? row.problem ?? row.title;

/** One line per check, problems first within the reading order of the groups. */
const statusTable = (style: Style, rows: readonly PrecheckRow[]): string =>
  renderTable(
    style,
    ['GROUP', 'CHECK', 'STATUS', 'DETAIL'],
    byStatus(rows).map((row) => [
      row.group,
      row.id,
      paint(style, STATUS_COLOR[row.status], STATUS_TEXT[row.status]),
      headline(row),
    ]),
  );

/** Each check that found something, with every object, the fact and the fix under it. */
const details = (style: Style, rows: readonly PrecheckRow[], findings: readonly Finding[]): string => {
  const blocks: string[] = [];
  for (const row of byStatus(rows)) {
    const own = findings.filter((finding) => finding.check === row.id);
    if (own.length === 0) continue;
    const lines = [paint(style, 'bold', `${STATUS_TEXT[row.status]}  ${row.id}: ${headline(row)}`)];
    for (const finding of own) {
      lines.push(`  ${paintSeverity(style, finding.severity)}  ${refPath(finding.object)}: ${clip(finding.message)}`);
      if (finding.remedy) lines.push(`    ${paint(style, 'cyan', 'fix:')} ${finding.remedy}`);
    }
    blocks.push(lines.join('\n'));
  }
  return blocks.join('\n\n');
};

export const renderPrecheck = (
  style: Style,
  header: string,
  rowData: readonly PrecheckRow[],
  findingData: readonly Finding[],
  /** Sections printed before the summary, such as the PATH of `--to`; rendered, so already escaped. */
  sections: readonly string[] = [],
  /** What the summary counts: the rows, and the path's entries when a path was evaluated. */
  counted: readonly { readonly status: PrecheckCheck['status'] }[] = rowData,
): string => {
  const rows = escapeData(rowData);
  const findings = escapeData(findingData);
  const body = details(style, rows, findings);
  return [
    paint(style, 'bold', escapeTerminal(header)),
    statusTable(style, rows),
    body,
    ...sections,
    `${paint(style, 'bold', 'Summary:')} ${summaryLine(counted)}.`,
  ]
    .filter(Boolean)
    .join('\n\n');
};

/** `precheck --list`: id and title; `-o wide` adds why each check matters. */
export const renderCheckList = (style: Style, result: CheckListResult, wide: boolean): string =>
  renderTable(
    style,
    wide ? ['GROUP', 'CHECK', 'TITLE', 'DESCRIPTION'] : ['GROUP', 'CHECK', 'TITLE'],
    escapeData(result.checks).map((check) =>
      wide ? [check.group, check.id, check.title, check.description] : [check.group, check.id, check.title],
    ),
  );

const headerOf = ({ snapshot, version }: PrecheckAnalysis): string => {
  const where =
    snapshot.source.mode === 'live'
      ? `context ${snapshot.source.context} (${snapshot.source.server})`
      : `bundle ${snapshot.source.path}`;
  return `Harvester ${version?.text ?? 'version unknown'} · ${where} · read ${snapshot.readAt}`;
};

/** The whole `precheck` report for people: the checks' table and details (their findings only), then the PATH. */
export const renderPrecheckReport = (style: Style, analysis: PrecheckAnalysis): string => {
  const { path, pathPlan } = analysis;
  return renderPrecheck(
    style,
    headerOf(analysis),
    analysis.rows,
    analysis.outcome.findings,
    [
      ...(path ? [renderPath(style, path)] : []),
      ...(pathPlan?.kind === 'none' ? [renderNoPath(style, pathPlan.reason)] : []),
    ],
    precheckChecks(analysis),
  );
};
