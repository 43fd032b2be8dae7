import Table from 'cli-table3';
import type { Style } from './style.js';

/**
 * kubectl's look: no borders, columns separated by three spaces, upper-case headers. cli-table3 colours its
 * head and border unless told not to, even when piped, so both styles are always set explicitly.
 */
export const renderTable = (style: Style, head: readonly string[], rows: readonly (readonly string[])[]): string => {
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
