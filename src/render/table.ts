import Table from 'cli-table3';
import { cellWidth, wrapLine } from './cells.js';
import { paint, type Style } from './style.js';

/**
 * kubectl's look: no borders, columns separated by three spaces, upper-case headers. cli-table3 colours its
 * head and border unless told not to, even when piped, so both styles are always set explicitly.
 */
export const renderTable = (style: Style, head: readonly string[], rows: readonly (readonly string[])[]): string => {
  if (style.width !== undefined) return layoutTable(style, style.width, head, rows);
  const table = new Table({
    head: style.headers ? [...head] : [],
    chars: {
      top: '',
      'top-mid': '',
      'top-left': '',
      'top-right': '',
      bottom: '',
      'bottom-mid': '',
      'bottom-left': '',
      'bottom-right': '',
      left: '',
      'left-mid': '',
      mid: '',
      'mid-mid': '',
      right: '',
      'right-mid': '',
      middle: '   ',
    },
    style: { head: style.color ? ['bold'] : [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
  for (const row of rows) table.push([...row]);
  return table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n');
};

const GAP = 3;
/** The least room a wrapped last column is given beside the others; with less, it goes under its row. */
const MIN_PROSE = 30;
/** How far the text moved under a row is indented. */
const UNDER = 4;

type Cell = readonly string[];

const widest = (lines: readonly string[]): number => Math.max(0, ...lines.map(cellWidth));

const total = (widths: readonly number[]): number =>
  widths.reduce((sum, width) => sum + width, 0) + GAP * Math.max(0, widths.length - 1);

/** A cell's lines wrapped to `width`; the continuation of a line is indented when the cell holds several. */
const wrapCell = (cell: Cell, width: number): string[] =>
  cell.flatMap((line) => (cellWidth(line) <= width ? [line] : wrapLine(line, width, cell.length > 1 ? 2 : 0)));

/**
 * The widths of columns that must shrink to `room` cells together: the widest are narrowed first, to one cap, so
 * that short columns keep their width.
 */
const shrunk = (natural: readonly number[], room: number): number[] => {
  let cap = Math.max(...natural, 1);
  while (cap > 1 && total(natural.map((width) => Math.min(width, cap))) > room) cap -= 1;
  return natural.map((width) => Math.max(1, Math.min(width, cap)));
};

/** Rows of cells side by side in columns of `widths`, each cell padded to its width, lines trimmed at the end. */
const sideBySide = (cells: readonly Cell[], widths: readonly number[]): string[] => {
  const wrapped = cells.map((cell, index) => wrapCell(cell, widths[index] ?? 1));
  const height = Math.max(1, ...wrapped.map((lines) => lines.length));
  return Array.from({ length: height }, (_, row) =>
    wrapped
      .map((lines, index) => {
        const text = lines[row] ?? '';
        return index === wrapped.length - 1
          ? text
          : text + ' '.repeat(Math.max(0, (widths[index] ?? 0) - cellWidth(text)));
      })
      .join(' '.repeat(GAP))
      .trimEnd(),
  );
};

/**
 * How a table fits a terminal `width` cells wide, in this order of preference: as it is; with its last column
 * (the reasons, messages and details) wrapped at its words beside the others; with that column moved to indented
 * lines under each row (and, when the other columns still do not fit, the columns after the first two moved there
 * too, each as `HEADER value`); and at last with the widest of the columns left narrowed, names broken after a
 * `-`, `/` or `.` rather than anywhere.
 */
const layoutTable = (
  style: Style,
  width: number,
  headData: readonly string[],
  rowData: readonly (readonly string[])[],
): string => {
  const head: Cell[] = headData.map((text) => [text]);
  const rows: Cell[][] = rowData.map((row) => row.map((text) => text.split('\n')));
  const columns = Math.max(head.length, ...rows.map((row) => row.length));
  const natural = Array.from({ length: columns }, (_, index) =>
    widest([...(style.headers ? (head[index] ?? []) : []), ...rows.flatMap((row) => row[index] ?? [])]),
  );
  const heading = (cells: readonly Cell[]): Cell[] =>
    cells.map((cell) => cell.map((text) => paint(style, 'bold', text)));
  const lines = (widths: readonly number[], keep: number): string[] => [
    ...(style.headers ? sideBySide(heading(head.slice(0, keep)), widths) : []),
    ...rows.flatMap((row) => [
      ...sideBySide(row.slice(0, keep), widths),
      ...under(row.slice(keep), head.slice(keep), width),
    ]),
  ];
  if (total(natural) <= width || columns === 1) return lines(columns === 1 ? [width] : natural, columns).join('\n');
  const before = natural.slice(0, -1);
  const room = width - total(before) - GAP;
  if (room >= MIN_PROSE) return lines([...before, room], columns).join('\n');
  const minimum = Math.min(2, columns - 1);
  for (let keep = columns - 1; keep >= minimum; keep -= 1) {
    if (total(natural.slice(0, keep)) <= width) return lines(natural.slice(0, keep), keep).join('\n');
  }
  return lines(shrunk(before, width), columns - 1).join('\n');
};

/** The columns moved under a row: one alone as its text, several as `HEADER value`; each line wrapped and indented. */
const under = (cells: readonly Cell[], head: readonly Cell[], width: number): string[] => {
  if (cells.length === 0) return [];
  const paragraphs =
    cells.length === 1
      ? (cells[0] ?? []).filter((line) => line !== '')
      : [
          cells
            .map((cell, index) => ({ label: (head[index] ?? []).join(' '), text: cell.join(' ') }))
            .filter(({ text }) => text !== '')
            .map(({ label, text }) => (label ? `${label} ${text}` : text))
            .join('   '),
        ].filter((line) => line !== '');
  const indent = ' '.repeat(UNDER);
  return paragraphs.flatMap((line) => wrapLine(line, width - UNDER, 2).map((text) => `${indent}${text}`));
};
