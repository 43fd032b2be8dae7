import { refPath } from '../model/kube-object.js';
import type { PathEntryStatus, PathReport, ReleaseComponents } from '../results/analysis-types.js';
import { escapeData, escapeTerminal } from './escape.js';
import { paint, paintSeverity, type Style } from './style.js';
import { renderTable } from './table.js';

const STATUS_TEXT: Readonly<Record<PathEntryStatus, string>> = {
  fail: 'FAIL',
  warn: 'WARN',
  'not-evaluated': 'NOT EVALUATED',
  manual: 'MANUAL',
  pass: 'PASS',
};
const STATUS_COLOR: Readonly<Record<PathEntryStatus, 'red' | 'yellow' | 'cyan' | 'green'>> = {
  fail: 'red',
  warn: 'yellow',
  'not-evaluated': 'yellow',
  manual: 'cyan',
  pass: 'green',
};
const ORDER: readonly PathEntryStatus[] = ['fail', 'warn', 'not-evaluated', 'manual', 'pass'];

const componentText = (from: ReleaseComponents | null, to: ReleaseComponents | null): string => {
  const pairs: [string, string | undefined, string | undefined][] = [
    ['RKE2', from?.rke2, to?.rke2],
    ['KubeVirt', from?.kubevirt, to?.kubevirt],
    ['Longhorn', from?.longhorn, to?.longhorn],
    ['Rancher', from?.rancher, to?.rancher],
  ];
  return pairs.map(([name, a, b]) => `${name} ${a ?? '?'} → ${b ?? '?'}`).join(', ');
};

/** The PATH section of `precheck`: the version pair, its component changes, every entry, then findings and commands. */
export const renderPath = (style: Style, reportData: PathReport): string => {
  const report = escapeData(reportData);
  const chosen = report.target === 'flag' ? '--to' : 'the newest Version object';
  const lines = [
    paint(style, 'bold', `PATH ${report.from} → ${report.to}`) +
      ` (target: ${chosen}; minUpgradableVersion ${report.minUpgradableVersion ?? 'not set'})`,
    `Components: ${componentText(report.components.from, report.components.to)}`,
  ];
  const entries = ORDER.flatMap((status) => report.entries.filter((entry) => entry.status === status));
  const table = renderTable(
    style,
    ['PATH ENTRY', 'STATUS', 'DETAIL', 'SOURCE'],
    entries.map((entry) => [
      entry.id,
      paint(style, STATUS_COLOR[entry.status], STATUS_TEXT[entry.status]),
      entry.reason ?? entry.problem ?? entry.title,
      entry.source,
    ]),
  );
  const blocks: string[] = [];
  for (const entry of entries) {
    const own = report.findings.filter((finding) => finding.check === entry.id);
    if (own.length > 0) {
      const found = own.map((finding) => {
        const object = refPath(finding.object);
        const fix = finding.remedy ? `\n    ${paint(style, 'cyan', 'fix:')} ${finding.remedy}` : '';
        return `  ${paintSeverity(style, finding.severity)}  ${object}: ${finding.message}${fix}`;
      });
      blocks.push(
        [
          paint(
            style,
            'bold',
            `${STATUS_TEXT[entry.status]}  ${entry.id} (${report.from} → ${report.to}): ${entry.problem ?? entry.title}`,
          ),
          ...found,
        ].join('\n'),
      );
    }
    if (entry.manual) {
      const nodes = entry.manual.nodes.length > 0 ? entry.manual.nodes.join(', ') : 'every node';
      blocks.push(
        [
          paint(style, 'bold', `MANUAL  ${entry.id} (${report.from} → ${report.to}): ${entry.title}`),
          `  run as root on ${nodes}: ${entry.manual.command}`,
          `  expect: ${entry.manual.expect}`,
          `    ${paint(style, 'cyan', 'fix:')} ${entry.remedy}`,
          `  source: ${entry.sources.join(', ')}`,
        ].join('\n'),
      );
    }
  }
  return [lines.join('\n'), table, ...blocks].join('\n\n');
};

/** `precheck` without a path to evaluate says why, in one line. */
export const renderNoPath = (style: Style, reason: string): string =>
  `${paint(style, 'bold', 'PATH')} not evaluated: ${escapeTerminal(reason)}`;
