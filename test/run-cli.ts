import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO = resolve(__dirname, '..');
export const CLI = join(REPO, 'dist', 'cli.cjs');
export const FIXTURES = join(REPO, 'test', 'fixtures', 'bundles');
export const SHARED_BUNDLE = resolve(REPO, '..', 'shared', 'testdata', 'harvester-v1.0-support-bundle.zip');

/**
 * `it` for the tests that read the real v1.0 support bundle beside the project (`../shared/testdata`, never copied
 * in): where it is absent they are skipped, and say so once, instead of failing.
 */
export const itWithSharedBundle = (name: string, test: jest.ProvidesCallback): void => {
  if (existsSync(SHARED_BUNDLE)) {
    it(name, test);
    return;
  }
  process.stderr.write(`skipping "${name}": ../shared/testdata/harvester-v1.0-support-bundle.zip is not there\n`);
  it.skip(name, test);
};

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the bundled CLI (built by `node scripts/bundle.mjs`) as a user would, in a clean environment. */
export const runCli = (args: readonly string[], env: NodeJS.ProcessEnv = {}): CliRun => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run node scripts/bundle.mjs first`);
  const result = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: join(REPO, 'test', 'fixtures', 'no-home'),
      ...env,
    },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
};

/** The `-o json` document of a run. */
export const parseJson = (run: CliRun): unknown => JSON.parse(run.stdout);
