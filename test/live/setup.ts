// Loaded by Jest's globalSetup, where the .js → .ts module mapping does not apply: imports here have no suffix.
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startControlPlane, stopControlPlane, type ControlPlane } from './control-plane';

/** What the live test files need; written by the global setup, read by every test file. */
export interface LiveState {
  readonly skip?: string;
  readonly assets?: string;
  readonly plane?: ControlPlane;
}

const STATE_FILE = join(tmpdir(), `hu-live-state-${String(process.pid)}.json`);
const REPO = resolve(__dirname, '..', '..');

const findAssets = (): string => {
  const output = execFileSync('bash', [join(REPO, 'scripts', 'test-binaries.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 60 * 60 * 1000,
  });
  const lines = output.trim().split('\n');
  return lines[lines.length - 1] ?? '';
};

export const setUpLiveTier = async (): Promise<void> => {
  let state: LiveState;
  try {
    const assets = findAssets();
    state = { assets, plane: await startControlPlane(assets) };
  } catch (error) {
    const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    // CI sets HU_REQUIRE_LIVE=1 so that a missing control plane fails the run instead of skipping it.
    if (process.env.HU_REQUIRE_LIVE === '1') throw new Error(`live tier required but unavailable: ${reason}`);
    process.stderr.write(`\n*** LIVE TESTS SKIPPED: no real API server (${reason}) ***\n\n`);
    state = { skip: reason };
  }
  writeFileSync(STATE_FILE, JSON.stringify(state));
  process.env.HU_LIVE_STATE = STATE_FILE;
  // A crash of the runner still takes the control plane down.
  process.once('exit', () => {
    tearDownLiveTier();
  });
};

export const tearDownLiveTier = (): void => {
  const path = process.env.HU_LIVE_STATE;
  if (!path) return;
  try {
    const state = JSON.parse(readFileSync(path, 'utf8')) as LiveState;
    if (state.plane) stopControlPlane(state.plane);
  } catch {
    // nothing left to stop
  }
  rmSync(path, { force: true });
  delete process.env.HU_LIVE_STATE;
};

export const liveState = (): LiveState => {
  const path = process.env.HU_LIVE_STATE;
  if (!path) return { skip: 'the live global setup did not run' };
  return JSON.parse(readFileSync(path, 'utf8')) as LiveState;
};
