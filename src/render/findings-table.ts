import type { Finding } from '../model/finding.js';
import { refPath } from '../model/kube-object.js';
import type { NotEvaluatedNote } from '../results/analysis-types.js';
import { escapeData } from './escape.js';
import { paint, paintSeverity, type Style } from './style.js';
import { renderTable } from './table.js';

/** Findings as a people-first list: what, where, the fact, then the fix on its own line. */
export const renderFindings = (style: Style, data: readonly Finding[]): string => {
  const findings = escapeData(data);
  if (findings.length === 0) return paint(style, 'green', 'No problems found.');
  const table = renderTable(
    style,
    ['SEVERITY', 'CHECK', 'OBJECT', 'MESSAGE'],
    findings.map((finding) => [
      paintSeverity(style, finding.severity),
      finding.check,
      refPath(finding.object),
      finding.message,
    ]),
  );
  const remedies = findings
    .filter((finding) => finding.remedy)
    .map((finding) => `  ${refPath(finding.object)}: ${finding.remedy ?? ''}`);
  const unique = [...new Set(remedies)];
  return unique.length > 0 ? `${table}\n\n${paint(style, 'bold', 'How to fix:')}\n${unique.join('\n')}` : table;
};

export const renderInputNotes = (style: Style, notes: readonly NotEvaluatedNote[]): string =>
  notes.length === 0
    ? ''
    : `${paint(style, 'yellow', 'Not evaluated:')}\n${escapeData(notes)
        .map((note) => `  ${note.checks.join(', ')}: ${note.reason}`)
        .join('\n')}`;
