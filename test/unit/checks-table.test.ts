import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRECHECK_GROUPS } from '../../src/checks/precheck-checks.js';

/**
 * The checks table of docs/precheck.md is generated from the registry, so adding a check cannot leave the docs
 * behind. Run with HU_WRITE_DOCS=1 to write it (CONTRIBUTING.md, "Add a check").
 */

const REPO = join(__dirname, '..', '..');
const PAGE = join('docs', 'precheck.md');
const BEGIN = '<!-- checks:begin: generated from src/checks/precheck-checks.ts by test/unit/checks-table.test.ts -->';
const END = '<!-- checks:end -->';

/** Markdown's special characters in a cell: a pipe would split it, `<x>` would vanish as a tag. */
const cell = (text: string): string => text.replace(/[\\|<*_]/g, (char) => `\\${char}`).replace(/\s+/g, ' ');

const table = (): string => {
  const rows = PRECHECK_GROUPS.flatMap((group) =>
    group.checks.map(
      (check) => `| \`${check.id}\` | ${group.name} | ${cell(check.title)} | ${cell(check.description)} |`,
    ),
  );
  return ['| Check | Group | Title | Why it matters |', '| --- | --- | --- | --- |', ...rows].join('\n');
};

/** The page with its generated section replaced, formatted as `prettier --check` wants it. */
const expectedPage = (page: string): string => {
  const start = page.indexOf(BEGIN);
  const end = page.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${PAGE} has no ${BEGIN} … ${END} section`);
  const replaced = `${page.slice(0, start + BEGIN.length)}\n\n${table()}\n\n${page.slice(end)}`;
  // Prettier is an ES module that Jest's CommonJS runtime cannot load: format in a Node child.
  const prettier = join(REPO, 'node_modules', 'prettier', 'bin', 'prettier.cjs');
  return execFileSync(process.execPath, [prettier, '--stdin-filepath', PAGE], {
    cwd: REPO,
    input: replaced,
    encoding: 'utf8',
  });
};

describe('the checks table of docs/precheck.md', () => {
  it('equals the table rendered from the registry (HU_WRITE_DOCS=1 writes it)', () => {
    const path = join(REPO, PAGE);
    const page = readFileSync(path, 'utf8');
    const expected = expectedPage(page);
    if (process.env.HU_WRITE_DOCS === '1' && expected !== page) writeFileSync(path, expected);
    else expect(page).toEqual(expected);
  });

  it('lists every check of the registry, each once', () => {
    const rendered = table();
    for (const check of PRECHECK_GROUPS.flatMap((group) => group.checks)) {
      expect(rendered.split(`| \`${check.id}\` |`)).toHaveLength(2);
    }
  });
});
