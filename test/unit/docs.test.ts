import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PRECHECK_GROUPS } from '../../src/checks/precheck-checks.js';

/**
 * The README is the page a newcomer reads; the rest lives in docs/. These tests keep what the old single README
 * guaranteed: every check is documented, the test command CI runs is the one the README names, and no link leads
 * nowhere after a page moved.
 */

const REPO = join(__dirname, '..', '..');
const read = (path: string): string => readFileSync(join(REPO, path), 'utf8');
const PAGES = [
  'README.md',
  'CONTRIBUTING.md',
  ...readdirSync(join(REPO, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
const anchor = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

const anchorsOf = (markdown: string): Set<string> =>
  new Set(
    markdown
      .replace(/```[\s\S]*?```/g, '')
      .split('\n')
      .filter((line) => /^#{1,6} /.test(line))
      .map((line) => anchor(line.replace(/^#+ /, ''))),
  );

describe('the docs', () => {
  it('document every precheck check id in docs/precheck.md', () => {
    const page = read('docs/precheck.md');
    const missing = PRECHECK_GROUPS.flatMap((group) => group.checks)
      .map((check) => check.id)
      .filter((id) => !page.includes(`\`${id}\``));
    expect(missing).toEqual([]);
  });

  it('keep the README short: what it is, set-up, install, examples, exit codes, links', () => {
    const readme = read('README.md');
    expect(readme.split('\n').length).toBeLessThanOrEqual(165);
    const headings = readme.split('\n').filter((line) => line.startsWith('## '));
    expect(headings).toEqual(['## Start', '## Install', '## Examples', '## Exit codes', '## Test', '## Links']);
    expect(readme).toContain('Next: `kubectl harvester-upgrade precheck`');
  });

  it('name in the README the test command that CI runs', () => {
    expect(read('README.md')).toMatch(/```sh\nnpm test\n```/);
    expect(read('.ci/run').split('\n')).toContain('npm test');
  });

  it('link only to files and headings that exist', () => {
    const broken = PAGES.flatMap((page) => {
      const text = read(page)
        .replace(/```[\s\S]*?```/g, '')
        .replace(/`[^`\n]*`/g, '');
      return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
        .map((match) => match[1] ?? '')
        .filter((target) => !/^[a-z]+:/.test(target))
        .filter((target) => {
          const [file = '', hash] = target.split('#');
          const path = file === '' ? join(REPO, page) : join(REPO, dirname(page), file);
          if (!existsSync(path) || !path.startsWith(REPO)) return true;
          return hash !== undefined && path.endsWith('.md') && !anchorsOf(readFileSync(path, 'utf8')).has(hash);
        })
        .map((target) => `${page} → ${target}`);
    });
    expect(broken).toEqual([]);
  });

  it('have a page for each part the README links to', () => {
    for (const page of [
      'precheck',
      'explain-drain',
      'machines',
      'fix-pdb',
      'usage',
      'install',
      'testing',
      'architecture',
      'performance',
      'reliability',
    ]) {
      expect(existsSync(join(REPO, 'docs', `${page}.md`))).toBe(true);
    }
  });
});
