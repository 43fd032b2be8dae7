import type { MachineNodeRow, NotEvaluatedNote } from '../results/analysis-types.js';
import type { MachinesResult } from '../results/machines.js';
import { escapeData } from './escape.js';
import { renderFindings, renderInputNotes } from './findings-table.js';
import { paint, type Style } from './style.js';
import { renderTable } from './table.js';

const readyText = (style: Style, ready: string | undefined): string =>
  ready === undefined ? '-' : ready === 'True' ? paint(style, 'green', 'True') : paint(style, 'red', ready);

/** Machines against Nodes, one row per pair; `wide` adds both providerIDs. */
export const renderMachinesTable = (style: Style, data: readonly MachineNodeRow[], wide: boolean): string => {
  const rows = escapeData(data);
  const head = ['MACHINE', 'PHASE', 'NODE', 'PROVIDERID', 'ROLES', 'READY', 'KUBELET'];
  if (wide) head.splice(4, 0, 'NODE PROVIDERID');
  return renderTable(
    style,
    head,
    rows.map((row) => {
      const cells = [
        row.machine ?? paint(style, 'red', '<none>'),
        row.phase ?? '-',
        row.node ?? '-',
        row.machineProviderID ?? '-',
        row.roles.join(','),
        readyText(style, row.ready),
        row.kubeletVersion ?? '-',
      ];
      if (wide) cells.splice(4, 0, row.nodeProviderID ?? '-');
      return cells;
    }),
  );
};

/** The whole `machines` report for people: the pairs, the findings, and the checks that could not run. */
export const renderMachinesReport = (
  style: Style,
  result: MachinesResult,
  notes: readonly NotEvaluatedNote[],
  wide: boolean,
): string =>
  [
    renderMachinesTable(style, result.rows, wide),
    renderFindings(style, result.findings),
    renderInputNotes(style, notes),
  ]
    .filter(Boolean)
    .join('\n\n');
