import { execFile, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, REPO, type CliRun } from '../run-cli.js';

/** Which CLI a run uses: the shipped one, or the live tests' one that stops itself at a write step (HU_TEST_KILL_AT). */
export type Entry = 'shipped' | 'steps';

/** The live tests' CLI with fix-pdb's write-step hook (test/live/cli-with-steps.ts); never shipped. */
const STEPS_CLI = join(REPO, 'dist', 'cli-with-steps.cjs');
import { apiClient, type Api } from './api.js';
import type { ControlPlane } from './control-plane.js';
import { liveState } from './setup.js';

export interface LiveEnv {
  readonly plane: ControlPlane;
  readonly admin: Api;
  readonly kubectl: string;
  /** The environment the plugin runs in (PATH with the plugin and kubectl, KUBECONFIG, an empty HOME). */
  readonly environment: NodeJS.ProcessEnv;
  /** The same with the plugin that stops itself at the write steps HU_TEST_KILL_AT names. */
  readonly stepsEnvironment: NodeJS.ProcessEnv;
  /** Runs `kubectl harvester-upgrade ...` with the plugin on PATH, as a user would. */
  plugin(args: readonly string[], env?: NodeJS.ProcessEnv, entry?: Entry): CliRun;
  /** The same without blocking the event loop, for tests that serve something the plugin reaches meanwhile. */
  pluginAsync(args: readonly string[], env?: NodeJS.ProcessEnv, entry?: Entry): Promise<CliRun>;
}

const BINARY = join(REPO, 'dist', 'kubectl-harvester_upgrade');

/**
 * The plugin on a PATH folder: the single binary when it was built, else a shim running the bundled CLI; for the
 * `steps` entry always a shim running the live tests' CLI.
 */
const pluginPath = (entry: Entry): string => {
  const folder = mkdtempSync(join(tmpdir(), 'hu-path-'));
  const target = join(folder, 'kubectl-harvester_upgrade');
  const cli = entry === 'steps' ? STEPS_CLI : CLI;
  // The binary only when it was built from the current bundle (CI builds it first); a stale one would test old code.
  if (entry === 'shipped' && existsSync(BINARY) && statSync(BINARY).mtimeMs >= statSync(CLI).mtimeMs) {
    symlinkSync(BINARY, target);
  } else {
    writeFileSync(target, `#!/bin/sh\nexec "${process.execPath}" "${cli}" "$@"\n`);
    chmodSync(target, 0o755);
  }
  return folder;
};

let cached: { env: LiveEnv | undefined } | undefined;

/** Undefined (and a loud reason on stderr) when no real API server is available. Built once per test file. */
export const liveEnv = (): LiveEnv | undefined => (cached ??= { env: makeLiveEnv() }).env;

const makeLiveEnv = (): LiveEnv | undefined => {
  const state = liveState();
  if (!state.plane || !state.assets) {
    process.stderr.write(`live tests skipped: ${state.skip ?? 'no control plane'}\n`);
    return undefined;
  }
  const plane = state.plane;
  const kubectl = join(state.assets, 'kubectl');
  const paths: Readonly<Record<Entry, string>> = {
    shipped: `${pluginPath('shipped')}:${state.assets}:${process.env.PATH ?? ''}`,
    steps: `${pluginPath('steps')}:${state.assets}:${process.env.PATH ?? ''}`,
  };
  const environment = (env: NodeJS.ProcessEnv, entry: Entry = 'shipped'): NodeJS.ProcessEnv => ({
    PATH: paths[entry],
    HOME: join(REPO, 'test', 'fixtures', 'no-home'),
    KUBECONFIG: plane.kubeconfig,
    ...env,
  });
  return {
    plane,
    admin: apiClient(plane.server, plane.caFile, plane.adminToken),
    kubectl,
    environment: environment({}),
    stepsEnvironment: environment({}, 'steps'),
    plugin: (args, env = {}, entry = 'shipped') => {
      const result = spawnSync(kubectl, ['harvester-upgrade', ...args], {
        encoding: 'utf8',
        env: environment(env, entry),
        timeout: 120_000,
      });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    },
    pluginAsync: (args, env = {}, entry = 'shipped') =>
      new Promise((resolve, reject) => {
        execFile(
          kubectl,
          ['harvester-upgrade', ...args],
          { encoding: 'utf8', env: environment(env, entry), timeout: 120_000 },
          (error, stdout, stderr) => {
            if (error && typeof error.code !== 'number') reject(new Error(error.message));
            else resolve({ status: error ? Number(error.code) : 0, stdout, stderr });
          },
        );
      }),
  };
};

/** `describe` when a real API server is up, `describe.skip` otherwise. */
export const describeLive: jest.Describe = liveEnv() ? describe : describe.skip;

export const uniqueName = (prefix: string): string => `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
