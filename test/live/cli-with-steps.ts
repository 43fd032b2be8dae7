/**
 * The CLI with fix-pdb's write-step hook installed: the entry point of the live tests that stop or kill fix-pdb at a
 * named step (dist/cli-with-steps.cjs, built beside dist/cli.cjs by scripts/bundle.mjs). The shipped CLI has no such
 * hook and reads neither variable.
 *
 * HU_TEST_KILL_AT: the steps (comma-separated) at which the process signals itself; HU_TEST_SIGNAL: the signal
 * (default SIGKILL; SIGINT plays Ctrl-C, SIGSTOP lets a test restart the API server meanwhile).
 */
import { runCli } from '../../src/cli.js';
import { setWriteStepHook } from '../../src/commands/write-steps.js';

const steps = process.env.HU_TEST_KILL_AT?.split(',') ?? [];
const signal = process.env.HU_TEST_SIGNAL ?? 'SIGKILL';

setWriteStepHook((name) => {
  if (steps.includes(name)) process.kill(process.pid, signal);
});
void runCli(process.argv.slice(2));
