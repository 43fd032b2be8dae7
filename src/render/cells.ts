/**
 * Text measured and wrapped in terminal cells, for output on a terminal of a known width. What reaches here was
 * escaped first (src/render/escape.ts), so the only control sequences left are our own SGR colours (style.ts),
 * which take no cell; every other character takes one cell, two for East Asian Wide and Fullwidth characters and
 * emoji presented as emoji (Unicode UAX #11, UTS #51), none for combining marks and variation selectors.
 */

const ESC = String.fromCharCode(0x1b);
const SGR = new RegExp(`${ESC}\\[[0-9;]*m`, 'gu');
const SGR_RESET = `${ESC}[0m`;
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\ufe00-\ufe0f]$/u;
const WIDE =
  /^[\p{Emoji_Presentation}\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6\u{16fe0}-\u{16fe4}\u{17000}-\u{18cff}\u{1b000}-\u{1b2ff}\u{1f200}-\u{1f251}\u{20000}-\u{3fffd}]$/u;

const charCells = (char: string): number => (ZERO_WIDTH.test(char) ? 0 : WIDE.test(char) ? 2 : 1);

/** The cells a text takes on a terminal: colours count nothing, wide characters two. */
export const cellWidth = (text: string): number => {
  let cells = 0;
  for (const char of text.replace(SGR, '')) cells += charCells(char);
  return cells;
};

/** One character or one colour sequence; a line is cut only between atoms. */
interface Atom {
  readonly text: string;
  readonly cells: number;
  readonly sgr: boolean;
}

const atomsOf = (text: string): Atom[] => {
  const atoms: Atom[] = [];
  let at = 0;
  for (const match of text.matchAll(SGR)) {
    for (const char of text.slice(at, match.index)) atoms.push({ text: char, cells: charCells(char), sgr: false });
    atoms.push({ text: match[0], cells: 0, sgr: true });
    at = match.index + match[0].length;
  }
  for (const char of text.slice(at)) atoms.push({ text: char, cells: charCells(char), sgr: false });
  return atoms;
};

/**
 * Where a word longer than a line may be broken without cutting a word of it: after the punctuation that joins
 * the parts of a name or a path (`pdb-`, `harvester-system/`, `control-plane,`).
 */
const SOFT_BREAK = new Set(['-', '/', ',', '.', ':', ';', '_', '=', '&', '?', '|', ')']);

const cellsOf = (atoms: readonly Atom[]): number => atoms.reduce((sum, atom) => sum + atom.cells, 0);

/**
 * The longest head of `word` that fits `room` cells, ending just after or just before one of its joining
 * characters; a word without one that fits is cut at `room`.
 */
const headLength = (word: readonly Atom[], room: number): number => {
  let cells = 0;
  let soft = 0;
  let hard = 0;
  for (const [index, atom] of word.entries()) {
    if (SOFT_BREAK.has(atom.text) && index > 0) soft = index;
    cells += atom.cells;
    if (cells > room) break;
    hard = index + 1;
    if (SOFT_BREAK.has(atom.text) && index < word.length - 1) soft = index + 1;
  }
  return soft > 0 ? soft : Math.max(hard, 1);
};

/** The words of a text and the spaces before each, as atoms. */
const wordsOf = (atoms: readonly Atom[]): { gap: Atom[]; word: Atom[] }[] => {
  const words: { gap: Atom[]; word: Atom[] }[] = [];
  let gap: Atom[] = [];
  let word: Atom[] = [];
  for (const atom of atoms) {
    if (atom.text === ' ') {
      if (word.length > 0) {
        words.push({ gap, word });
        gap = [];
        word = [];
      }
      gap.push(atom);
    } else {
      word.push(atom);
    }
  }
  if (word.length > 0 || gap.length > 0) words.push({ gap, word });
  return words;
};

/** Colours still open at the end of a run of atoms: what the next line must open again. */
const openColours = (open: readonly string[], atoms: readonly Atom[]): string[] => {
  let colours = [...open];
  for (const atom of atoms) {
    if (!atom.sgr) continue;
    colours = atom.text === SGR_RESET ? [] : [...colours, atom.text];
  }
  return colours;
};

/**
 * `text` (one line) in lines of at most `width` cells, broken at spaces; a word longer than a line is broken after
 * one of its joining characters, and cut only when it has none. Lines after the first start with `indent` spaces.
 * Spaces inside a line are kept, those at a break dropped; a colour open at a break is closed there and opened
 * again on the next line, so nothing else is coloured.
 */
export const wrapLine = (text: string, width: number, indent = 0): string[] => {
  const hang = indent < width / 2 ? indent : 0;
  const lines: string[] = [];
  let line: Atom[] = [];
  let open: string[] = [];
  let prefix = '';
  const room = (): number => (lines.length === 0 ? width : width - hang);
  const flush = (): void => {
    const colours = openColours(open, line);
    const body = line.map((atom) => atom.text).join('');
    lines.push(`${prefix}${body}${colours.length > 0 ? SGR_RESET : ''}`.trimEnd());
    prefix = ' '.repeat(hang) + colours.join('');
    open = colours;
    line = [];
  };
  for (const { gap, word } of wordsOf(atomsOf(text))) {
    let rest = word;
    let spaces = line.length === 0 && lines.length > 0 ? [] : gap;
    while (rest.length > 0) {
      const used = cellsOf(line) + cellsOf(spaces);
      if (used + cellsOf(rest) <= room()) {
        line.push(...spaces, ...rest);
        rest = [];
      } else if (line.length > 0 && cellsOf(rest) <= room()) {
        flush();
        spaces = [];
      } else {
        const cut = headLength(rest, room() - used);
        const clean = SOFT_BREAK.has(rest[cut - 1]?.text ?? '') || SOFT_BREAK.has(rest[cut]?.text ?? '');
        if (line.length > 0 && !clean) {
          flush();
          spaces = [];
          continue;
        }
        line.push(...spaces, ...rest.slice(0, cut));
        rest = rest.slice(cut);
        spaces = [];
        if (rest.length > 0) flush();
      }
    }
    if (word.length === 0) line.push(...spaces);
  }
  if (line.length > 0 || lines.length === 0) flush();
  return lines;
};

const leadingSpaces = (line: string): number => line.length - line.trimStart().length;

/**
 * A rendered text fitted to a terminal of `width` columns: each line wider than that is wrapped at its words, its
 * continuation lines indented two spaces more than it. Lines that fit (tables laid out for the width) stay as
 * they are; without a width (output to a pipe or a file) nothing changes.
 */
export const fitToWidth = (text: string, width: number | undefined): string =>
  width === undefined
    ? text
    : text
        .split('\n')
        .flatMap((line) => (cellWidth(line) <= width ? [line] : wrapLine(line, width, leadingSpaces(line) + 2)))
        .join('\n');
