import type { MachineNodeRow } from '../facts/machine-node-rows.js';
import { escapeData } from './escape.js';
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
