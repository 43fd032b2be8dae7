/**
 * Byte-for-byte output of every command on every fixture, recorded once and compared on every run: a refactor that
 * changes one character of any table, JSON or YAML document, error line or exit code fails here.
 *
 * Re-record (only for a change that means to alter output, and say so in the commit):
 *   node scripts/bundle.mjs && HU_WRITE_GOLDEN=1 npx jest test/commands/golden-output.test.ts --selectProjects commands
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SCHEMA_ROOTS, type SchemaCommand } from '../../src/results/documents';
import { CLI, itWithSharedBundle, REPO, SHARED_BUNDLE } from '../run-cli';
import { expectValid } from '../schema';

const isSchemaCommand = (name: string | undefined): name is SchemaCommand => name !== undefined && name in SCHEMA_ROOTS;

interface Recorded {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

interface Case {
  readonly name: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

const GOLDEN = join(REPO, 'test', 'golden');
const FIXTURE_ROOT = join(REPO, 'test', 'fixtures');
const GROUPS = ['bundles', 'scenarios', 'drain'] as const;
const FORMATS = ['table', 'wide', 'json', 'yaml'] as const;
const COLOUR = { FORCE_COLOR: '1' };

/** Every fixture folder, as `group/name`. */
const fixtures = (): string[] =>
  GROUPS.flatMap((group) =>
    readdirSync(join(FIXTURE_ROOT, group), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${group}/${entry.name}`)
      .sort(),
  );

/** The node a drain fixture is about (`node.txt`), or the first node of its nodes.json. */
const nodeOf = (dir: string): string | undefined => {
  const named = join(dir, 'node.txt');
  if (existsSync(named)) return readFileSync(named, 'utf8').trim();
  const nodes = join(dir, 'nodes.json');
  if (!existsSync(nodes)) return undefined;
  const list = JSON.parse(readFileSync(nodes, 'utf8')) as { items?: { metadata?: { name?: string } }[] };
  return list.items?.[0]?.metadata?.name;
};

const casesFor = (fixture: string): Case[] => {
  const bundle = ['--bundle', join('test', 'fixtures', fixture)];
  const node = nodeOf(join(FIXTURE_ROOT, fixture));
  const cases: Case[] = [];
  for (const format of FORMATS) {
    cases.push({ name: `precheck -o ${format}`, args: ['precheck', ...bundle, '-o', format] });
    cases.push({ name: `machines -o ${format}`, args: ['machines', ...bundle, '-o', format] });
    cases.push({ name: `explain-drain -o ${format}`, args: ['explain-drain', ...bundle, '-o', format] });
    if (node !== undefined) {
      cases.push({ name: `explain-drain NODE -o ${format}`, args: ['explain-drain', node, ...bundle, '-o', format] });
      cases.push({ name: `fix-pdb --node -o ${format}`, args: ['fix-pdb', '--node', node, ...bundle, '-o', format] });
    }
  }
  cases.push({ name: 'precheck colour', args: ['precheck', ...bundle], env: COLOUR });
  cases.push({ name: 'precheck --fail-on warning', args: ['precheck', ...bundle, '--fail-on', 'warning'] });
  cases.push({ name: 'machines colour', args: ['machines', ...bundle], env: COLOUR });
  cases.push({ name: 'explain-drain colour', args: ['explain-drain', ...bundle], env: COLOUR });
  cases.push({ name: 'fix-pdb', args: ['fix-pdb', ...bundle] });
  if (node !== undefined) {
    cases.push({ name: 'fix-pdb --node colour', args: ['fix-pdb', '--node', node, ...bundle], env: COLOUR });
  }
  return cases;
};

/** Cases that need no fixture: help, --list and usage errors. */
const generalCases = (): Case[] => {
  const cases: Case[] = [{ name: '--help', args: ['--help'] }];
  for (const command of ['precheck', 'explain-drain', 'machines', 'fix-pdb']) {
    cases.push({ name: `${command} --help`, args: [command, '--help'] });
  }
  for (const format of FORMATS)
    cases.push({ name: `precheck --list -o ${format}`, args: ['precheck', '--list', '-o', format] });
  cases.push({ name: 'precheck --only unknown', args: ['precheck', '--only', 'no-such-check', '--bundle', 'x'] });
  cases.push({
    name: 'precheck --to bad',
    args: ['precheck', '--to', 'v9', '--bundle', join('test', 'fixtures', 'scenarios', 'healthy-3-node')],
  });
  cases.push({ name: 'machines -n bad', args: ['machines', '-n', '../x', '--bundle', 'x'] });
  return cases;
};

/**
 * What differs between two correct runs is recorded masked: the clone's own path, the Node version in `--help`
 * (the pinned runtime here, the host's Node under a bare `npx jest`), and the clock, which a fixture without a
 * creation time is judged and stamped at. Only timestamps within an hour of this run count as the clock.
 */
const masked = (text: string): string =>
  text
    .split(REPO)
    .join('<repo>')
    .split(`node-${process.version}`)
    .join('node-<version>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/g, (stamp) =>
      Math.abs(Date.parse(stamp) - Date.now()) < 3_600_000 ? '<now>' : stamp,
    );

const runCase = (testCase: Case): Promise<Recorded> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...testCase.args], {
      cwd: REPO,
      env: { PATH: process.env.PATH, HOME: join(REPO, 'test', 'fixtures', 'no-home'), ...testCase.env },
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    // Absolute paths differ per clone: recorded with the repository's own path replaced.
    const local = (chunks: Buffer[]): string => masked(Buffer.concat(chunks).toString('utf8'));
    child.on('close', (status) => {
      resolve({ status, stdout: local(out), stderr: local(err) });
    });
  });

/** Runs the cases two at a time (the machine has two cores), keeping their order. */
const runAll = async (cases: readonly Case[]): Promise<Record<string, Recorded>> => {
  const results: Recorded[] = new Array<Recorded>(cases.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < cases.length; index = next++) {
      const testCase = cases[index];
      if (testCase !== undefined) results[index] = await runCase(testCase);
    }
  };
  await Promise.all([worker(), worker()]);
  return Object.fromEntries(
    cases.map((testCase, index) => {
      const run = results[index];
      if (run === undefined) throw new Error(`${testCase.name} did not run`);
      return [testCase.name, run];
    }),
  );
};

const goldenFile = (key: string): string => join(GOLDEN, `${key.replace(/\//g, '--')}.json`);
const writing = process.env.HU_WRITE_GOLDEN === '1';

/** Every JSON document printed is what its command's published schema allows (docs/schema). */
const expectValidDocuments = (cases: readonly Case[], actual: Record<string, Recorded>): void => {
  for (const testCase of cases) {
    const run = actual[testCase.name];
    const [command] = testCase.args;
    if (run === undefined || !testCase.args.includes('json') || run.stdout === '' || !isSchemaCommand(command))
      continue;
    expectValid(command, JSON.parse(run.stdout));
  }
};

const compare = async (key: string, cases: readonly Case[]): Promise<void> => {
  const actual = await runAll(cases);
  if (writing) {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(goldenFile(key), `${JSON.stringify(actual, null, 1)}\n`);
    return;
  }
  const expected = JSON.parse(readFileSync(goldenFile(key), 'utf8')) as Record<string, Recorded>;
  expect(Object.keys(actual)).toEqual(Object.keys(expected));
  for (const [name, recorded] of Object.entries(expected)) {
    expect({ case: name, ...actual[name] }).toEqual({ case: name, ...recorded });
  }
  expectValidDocuments(cases, actual);
};

describe('output is byte-identical to the recorded output', () => {
  jest.setTimeout(300_000);

  it('for help, --list and usage errors', () => compare('general', generalCases()));

  for (const fixture of fixtures()) {
    it(`on ${fixture}`, () => compare(fixture, casesFor(fixture)));
  }

  // The real bundle beside the project is never copied in, nor is its output: only a digest of each case is kept.
  const sharedCases = (): Case[] =>
    ['precheck', 'machines', 'explain-drain'].flatMap((command) =>
      FORMATS.map((format) => ({
        name: `${command} -o ${format}`,
        args: [command, '--bundle', SHARED_BUNDLE, '-o', format],
      })),
    );
  const digestOf = (runs: Record<string, Recorded>): Record<string, string> =>
    Object.fromEntries(
      Object.entries(runs).map(([name, run]) => [
        name,
        createHash('sha256')
          .update(
            JSON.stringify(
              [run.status, run.stdout, run.stderr].map((text) => String(text).split(SHARED_BUNDLE).join('<bundle>')),
            ),
          )
          .digest('hex'),
      ]),
    );
  itWithSharedBundle('on the real v1.0 support bundle (digests only)', async () => {
    const runs = await runAll(sharedCases());
    expectValidDocuments(sharedCases(), runs);
    const digests = digestOf(runs);
    const file = join(GOLDEN, 'shared-v1.0-bundle.digests.json');
    if (writing) {
      writeFileSync(file, `${JSON.stringify(digests, null, 1)}\n`);
      return;
    }
    expect(digests).toEqual(JSON.parse(readFileSync(file, 'utf8')));
  });
});
