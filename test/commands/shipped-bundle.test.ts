import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, REPO } from '../run-cli';

/**
 * Test hooks stay out of what is shipped: fix-pdb's write-step hook is installed only by the live tests' entry point
 * (test/live/cli-with-steps.ts, bundled as dist/cli-with-steps.cjs), never read from the environment by dist/cli.cjs.
 */
describe('the shipped bundle', () => {
  it('reads no test-only environment variable', () => {
    expect(readFileSync(CLI, 'utf8')).not.toContain('HU_TEST_');
  });

  it('while the live tests’ bundle does, through the write-step seam', () => {
    expect(readFileSync(join(REPO, 'dist', 'cli-with-steps.cjs'), 'utf8')).toContain('HU_TEST_KILL_AT');
  });
});
