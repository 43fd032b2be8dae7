import { existsSync, readFileSync } from 'node:fs';
import { runExecPlugin, type PluginInvocation } from './exec-plugin.js';
import { pluginFolder } from '../../test/node-plugins.js';
import { alive } from '../../test/processes.js';

/**
 * The runner's process handling, with `#!/usr/bin/env node` plugins (never a shell script). Each plugin writes the
 * pid of the grandchild it starts, so the test can see whether that grandchild survived and clean it up.
 */
const { next, script } = pluginFolder('hu-exec-plugin-');
const invocation = (command: string, interactive = false): PluginInvocation => ({
  command,
  args: [],
  env: { PATH: process.env.PATH },
  interactive,
});

/** Every pid file a plugin may write, so that afterAll kills what a failed test left running. */
const pidFiles: string[] = [];
const pidFile = (): string => {
  const path = next('pid');
  pidFiles.push(path);
  return path;
};
const pidIn = (file: string): number => Number(readFileSync(file, 'utf8'));
/** Waits (bounded by the test's timeout) until `pid` is gone; a signalled process is reaped at once by init. */
const gone = async (pid: number): Promise<boolean> => {
  while (alive(pid)) await new Promise((resolve) => setTimeout(resolve, 20));
  return true;
};

afterAll(() => {
  for (const file of pidFiles.filter((path) => existsSync(path))) {
    try {
      process.kill(pidIn(file), 'SIGKILL');
    } catch {
      // Already gone, as it should be.
    }
  }
});

/** A plugin that starts `code` as a grandchild sharing its stdout, writes its pid to `file`, then runs `after`. */
const withGrandchild = (code: string, file: string, options: string, after: string): string =>
  script(
    [
      `const { spawn } = require('node:child_process');`,
      `const child = spawn(process.execPath, ['-e', ${JSON.stringify(code)}], ${options});`,
      `require('node:fs').writeFileSync(${JSON.stringify(file)}, String(child.pid));`,
      after,
    ].join('\n'),
  );

const ENDLESS = `const b = 'y\\n'.repeat(65536); (function w() { process.stdout.write(b, w); })();`;
const ASLEEP = `setTimeout(() => {}, 1000000);`;

describe('runExecPlugin', () => {
  it('returns at once when a grandchild prints endlessly, and kills it (sh -c "yes; true")', async () => {
    const pids = pidFile();
    const command = withGrandchild(ENDLESS, pids, `{ stdio: ['ignore', 'inherit', 'inherit'] }`, '');
    expect(await runExecPlugin(invocation(command))).toEqual({ outcome: 'too-much-output' });
    expect(await gone(pidIn(pids))).toBe(true);
  }, 10_000);

  it('takes the answer of a plugin that exited 0 while a background child holds stdout (sh -c "sleep 1000 & exit 0")', async () => {
    const pids = pidFile();
    const command = withGrandchild(
      ASLEEP,
      pids,
      `{ stdio: ['ignore', 'inherit', 'ignore'], detached: true }`,
      `child.unref(); process.stdout.write('{"answer": 1}');`,
    );
    expect(await runExecPlugin(invocation(command))).toEqual({ outcome: 'exited', code: 0, stdout: '{"answer": 1}' });
  }, 10_000);

  it('still reads what a plugin prints after its exit, until its stdout closes', async () => {
    const pids = pidFile();
    // The grandchild prints the answer once the plugin has exited, then closes stdout by exiting itself.
    const late = `setTimeout(() => process.stdout.write('late'), 200);`;
    const command = withGrandchild(
      late,
      pids,
      `{ stdio: ['ignore', 'inherit', 'ignore'], detached: true }`,
      `child.unref();`,
    );
    expect(await runExecPlugin(invocation(command))).toEqual({ outcome: 'exited', code: 0, stdout: 'late' });
  }, 10_000);

  const linux = process.platform === 'linux' && existsSync('/proc/self/stat') ? it : it.skip;
  /** The process group of `pid`, from /proc (field 5 of stat, after the command name in parentheses). */
  const pgrpOf = (stat: string): number => Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);

  linux(
    'runs a non-interactive plugin in its own process group, an interactive one in ours',
    async () => {
      const report = `process.stdout.write(JSON.stringify({ pid: process.pid, pgrp: (${pgrpOf.toString()})(require('node:fs').readFileSync('/proc/self/stat', 'utf8')) }));`;
      const command = script(report);
      const own = pgrpOf(readFileSync('/proc/self/stat', 'utf8'));
      const apart = await runExecPlugin(invocation(command));
      const inside = await runExecPlugin(invocation(command, true));
      const parsed = (run: Awaited<ReturnType<typeof runExecPlugin>>): { pid: number; pgrp: number } =>
        run.outcome === 'exited' ? (JSON.parse(run.stdout) as { pid: number; pgrp: number }) : { pid: 0, pgrp: -1 };
      expect(parsed(apart).pgrp).toBe(parsed(apart).pid);
      expect(parsed(inside).pgrp).toBe(own);
    },
    10_000,
  );
});
