import { cellWidth, fitToWidth, wrapLine } from './cells';
import { renderTable } from './table';

const RED = '\u001b[31m';
const RESET = '\u001b[0m';
const plain = (text: string): string => text.replace(new RegExp(`${String.fromCharCode(0x1b)}\\[[0-9;]*m`, 'g'), '');

describe('cellWidth', () => {
  it('counts colours as nothing, wide characters as two cells and combining marks as none', () => {
    expect(cellWidth(`${RED}BLOCK${RESET}`)).toBe(5);
    expect(cellWidth('节点-1')).toBe(6);
    expect(cellWidth('ｈａｒｖ')).toBe(8);
    expect(cellWidth('vm-🚀')).toBe(5);
    expect(cellWidth('cafe\u0301')).toBe(4);
  });
});

describe('wrapLine', () => {
  it('breaks at spaces and indents the continuation', () => {
    expect(wrapLine('pdb-blocks-eviction: the budget needs 1 healthy', 24, 2)).toEqual([
      'pdb-blocks-eviction: the',
      '  budget needs 1 healthy',
    ]);
  });

  it('breaks a word longer than the line after a joining character, never inside a part', () => {
    expect(wrapLine('apply-system-agent-upgrader-on-harvester-node-0', 20)).toEqual([
      'apply-system-agent-',
      'upgrader-on-',
      'harvester-node-0',
    ]);
  });

  it('cuts a word only when it has no joining character at all', () => {
    expect(wrapLine('abcdefghijklmnop', 10)).toEqual(['abcdefghij', 'klmnop']);
  });

  it('measures wide characters in cells', () => {
    const lines = wrapLine('节点 节点 节点 节点', 10);
    expect(lines.map(cellWidth).every((cells) => cells <= 10)).toBe(true);
    expect(lines).toEqual(['节点 节点', '节点 节点']);
  });

  it('closes a colour at a break and opens it again on the next line', () => {
    expect(wrapLine(`${RED}2 pods block the drain.${RESET}`, 12)).toEqual([
      `${RED}2 pods block${RESET}`,
      `${RED}the drain.${RESET}`,
    ]);
  });
});

describe('fitToWidth', () => {
  it('leaves everything as it is without a width (a pipe or a file)', () => {
    const text = `${'word '.repeat(100)}\n  short`;
    expect(fitToWidth(text, undefined)).toBe(text);
  });

  it('wraps only the lines that are too wide, two spaces deeper than they start', () => {
    expect(fitToWidth('ok\n  fix: kubectl uncordon harvester-node-0', 24)).toBe(
      'ok\n  fix: kubectl uncordon\n    harvester-node-0',
    );
  });
});

describe('renderTable on a terminal', () => {
  const head = ['NAMESPACE', 'POD', 'VERDICT', 'REASONS'];
  const rows = [
    [
      'harvester-system',
      'virt-api-6c9f7d8b5-r1x1',
      'BLOCK',
      `pdb-blocks-eviction: ${'needs one more healthy pod '.repeat(4)}\nsecond reason`,
    ],
  ];

  it('is the same as through a pipe when it fits', () => {
    const short = [['a', 'b', 'c', 'd']];
    expect(renderTable({ color: false, headers: true, width: 200 }, head, short)).toBe(
      renderTable({ color: false, headers: true }, head, short),
    );
  });

  it('wraps the last column beside the others when it keeps room for it', () => {
    const lines = renderTable({ color: false, headers: true, width: 100 }, head, rows).split('\n');
    expect(lines.every((line) => cellWidth(line) <= 100)).toBe(true);
    expect(lines[0]).toMatch(/^NAMESPACE +POD +VERDICT +REASONS$/);
    expect(lines[1]).toMatch(/^harvester-system +virt-api-6c9f7d8b5-r1x1 +BLOCK +pdb-blocks-eviction: needs/);
    expect(lines.slice(2).every((line) => line.startsWith(' '.repeat(53)))).toBe(true);
    expect(lines.some((line) => line.trim() === 'second reason')).toBe(true);
  });

  it('moves the last column under its row, indented, when there is no room beside', () => {
    const lines = renderTable({ color: true, headers: true, width: 60 }, head, rows).split('\n').map(plain);
    expect(lines[0]).toMatch(/^NAMESPACE +POD +VERDICT$/);
    expect(lines[1]).toMatch(/^harvester-system +virt-api-6c9f7d8b5-r1x1 +BLOCK$/);
    expect(lines[2]).toMatch(/^ {4}pdb-blocks-eviction: needs one more/);
    expect(lines.every((line) => cellWidth(line) <= 60 && line !== '')).toBe(true);
  });

  it('moves several columns under their row as HEADER value, and narrows names when even two columns do not fit', () => {
    const machines = renderTable(
      { color: false, headers: true, width: 42 },
      ['MACHINE', 'NODE', 'ROLES', 'READY'],
      [['custom-0a1b2c3d4e5f', 'harvester-node-0', 'control-plane,etcd', 'True']],
    ).split('\n');
    expect(machines).toEqual([
      'MACHINE               NODE',
      'custom-0a1b2c3d4e5f   harvester-node-0',
      '    ROLES control-plane,etcd   READY True',
    ]);
    const narrow = renderTable({ color: false, headers: false, width: 30 }, head, rows).split('\n');
    expect(narrow.every((line) => cellWidth(line) <= 30)).toBe(true);
    expect(narrow[0]).toMatch(/^harvester +virt-api- +BLOCK$/);
    expect(narrow[1]).toMatch(/^-system +6c9f7d8b5$/);
  });
});
