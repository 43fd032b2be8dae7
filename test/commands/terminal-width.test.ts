/**
 * Every command's output in a real terminal of 80 and 200 columns: a pseudo-terminal opened by util-linux
 * `script`, sized by `stty`. `script` can run a command only through a shell (`-c`); that shell, here and only in
 * this test, runs one fixed line that names no argument (`exec "$HU_NODE" "$HU_CHILD"`): the size and the CLI's
 * arguments reach test/pty-child.cjs through the environment, and it runs `stty` and the CLI with argv.
 *
 * No line may be wider than the terminal, no table may hold an empty line (the output has as many blocks between
 * blank lines as through a pipe), and no word may be cut: each word on the terminal is a word of the piped output,
 * or a piece of one cut just before or after one of its joining characters (`-`, `/`, `.`, …).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { CLI, REPO, runCli } from '../run-cli';

const SGR = new RegExp(`${String.fromCharCode(0x1b)}\\[[0-9;]*m`, 'g');

/** What the terminal received, as lines: colours removed, the terminal's CRLF as LF. */
const onTerminal = (columns: number, args: readonly string[]): { status: number | null; lines: string[] } => {
  const run = spawnSync('script', ['-qec', 'exec "$HU_NODE" "$HU_CHILD"', '/dev/null'], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: join(REPO, 'test', 'fixtures', 'no-home'),
      SHELL: '/bin/sh',
      TERM: 'xterm',
      // No spinner: it would write to the same terminal.
      CI: 'true',
      HU_NODE: process.execPath,
      HU_CHILD: join(REPO, 'test', 'pty-child.cjs'),
      HU_CLI: CLI,
      HU_COLS: String(columns),
      HU_ARGS: JSON.stringify(args),
    },
    timeout: 60_000,
  });
  const text = run.stdout.replace(SGR, '').replace(/\r\n/g, '\n').replace(/\n$/, '');
  return { status: run.status, lines: text.split('\n') };
};

/** Cells of a line: two for the East Asian wide ranges and emoji, one for anything else. */
const cells = (line: string): number =>
  Array.from(line).reduce(
    (sum, char) =>
      sum +
      (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60\u{1f300}-\u{1faff}]/u.test(char) ? 2 : 1),
    0,
  );

const blocks = (lines: readonly string[]): number => lines.join('\n').split(/\n\s*\n/).length;

const JOINING = new Set(['-', '/', ',', '.', ':', ';', '_', '=', '&', '?', '|', ')']);

/** A word of `words`, or a piece of one cut at its joining characters. */
const wholeOrPiece = (token: string, words: ReadonlySet<string>): boolean => {
  if (words.has(token)) return true;
  for (const word of words) {
    for (let at = word.indexOf(token); at >= 0; at = word.indexOf(token, at + 1)) {
      const end = at + token.length;
      const startsClean = at === 0 || JOINING.has(word.charAt(at - 1)) || JOINING.has(word.charAt(at));
      const endsClean = end === word.length || JOINING.has(word.charAt(end - 1)) || JOINING.has(word.charAt(end));
      if (startsClean && endsClean) return true;
    }
  }
  return false;
};

const drain = (name: string): string => join('test', 'fixtures', 'drain', name);
const scenario = (name: string): string => join('test', 'fixtures', 'scenarios', name);
const EXAMPLE = join('examples', 'harvester-support-bundle');
const KUBEVIRT_TRAP = drain('kubevirt-trap-pre-drained');

const CASES: readonly (readonly string[])[] = [
  ['precheck', '--bundle', EXAMPLE],
  ['explain-drain', '--bundle', EXAMPLE],
  ['machines', '--bundle', EXAMPLE],
  ['machines', '--bundle', EXAMPLE, '-o', 'wide'],
  ['fix-pdb', '--bundle', EXAMPLE],
  ['precheck', '--bundle', KUBEVIRT_TRAP],
  ['explain-drain', '--bundle', KUBEVIRT_TRAP],
  ['fix-pdb', '--bundle', KUBEVIRT_TRAP],
  ['explain-drain', '--bundle', drain('non-migratable-vmi')],
  ['fix-pdb', '--bundle', drain('pod-under-two-budgets')],
  ['explain-drain', '--bundle', drain('longhorn-last-replica')],
  ['precheck', '--bundle', scenario('kubevirt-single-control-plane')],
  ['precheck', '--bundle', scenario('kubevirt-v1-6-1-to-v1-7-1')],
  ['precheck', '--list', '-o', 'wide'],
];

describe.each([80, 200])('on a terminal of %i columns', (columns) => {
  it.each(CASES.map((args) => [args.join(' '), args] as const))('%s fits it', (_name, args) => {
    const piped = runCli(args);
    const terminal = onTerminal(columns, args);
    expect(terminal.status).toBe(piped.status);
    expect(terminal.lines.filter((line) => cells(line) > columns)).toEqual([]);
    const pipedLines = piped.stdout.replace(/\n$/, '').split('\n');
    expect(blocks(terminal.lines)).toBe(blocks(pipedLines));
    // The terminal shows stderr too; a bundle without a read time is read "now", a time that differs per run.
    const words = new Set(`${piped.stdout} ${piped.stderr}`.split(/\s+/).filter(Boolean));
    const isTime = (token: string): boolean => /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(token);
    const cut = terminal.lines
      .flatMap((line) => line.split(/\s+/).filter(Boolean))
      .filter((token) => !isTime(token) && !wholeOrPiece(token, words));
    expect(cut).toEqual([]);
  });
});

describe('explain-drain on the KubeVirt trap', () => {
  it('keeps each reason beside or under its pod at 80 columns, with every filter name whole', () => {
    const { lines } = onTerminal(80, ['explain-drain', '--bundle', KUBEVIRT_TRAP]);
    const text = lines.join('\n');
    expect(text).toContain('\n    pdb-eviction: PodDisruptionBudget');
    expect(lines.some((line) => /^ {20,}\S/.test(line) && !/^ {19}\S/.test(line))).toBe(false);
  });

  it('prints through a pipe exactly as before: nothing wrapped or cut', () => {
    const piped = runCli(['explain-drain', '--bundle', KUBEVIRT_TRAP]);
    expect(piped.stdout.split('\n').some((line) => line.length > 300)).toBe(true);
  });
});
