import { spawn } from 'node:child_process';

/**
 * The one place this program starts another: a kubeconfig `exec` credential plugin, run the way client-go runs it
 * (staging/src/k8s.io/client-go/plugin/pkg/client/auth/exec/exec.go, refreshCredsLocked): the command itself with
 * its arguments and never a shell, so `touch x; echo` is one program name that does not exist. Its stdout is the
 * answer; its stderr goes straight to the user's stderr; stdin only when the run is interactive (else /dev/null).
 * test/unit/no-shell.test.ts and test/commands/bundle-no-spawn.test.ts keep this the only spawn site.
 */
export interface PluginInvocation {
  readonly command: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly interactive: boolean;
}

export type PluginRun =
  | { readonly outcome: 'exited'; readonly code: number; readonly stdout: string }
  | { readonly outcome: 'killed'; readonly signal: string }
  | { readonly outcome: 'too-much-output' }
  | { readonly outcome: 'not-found' }
  | { readonly outcome: 'not-started'; readonly reason: string };

/** An ExecCredential is a few kilobytes; a plugin that prints more than this is stopped. */
export const MAX_PLUGIN_OUTPUT = 1024 * 1024;

/**
 * How long stdout may stay open after the plugin exited. client-go's cmd.Run() waits until every holder of the
 * pipe has closed it (no WaitDelay is set), so under kubectl `sh -c "sleep 1000 & exit 0"` hangs silently. We take
 * what was read by then instead: a plugin writes its answer before it exits, and a daemon it leaves behind keeps
 * running, only without our pipe.
 */
export const STDOUT_GRACE_MS = 1000;

/** The running plugin, as spawn hands it over. */
type PluginProcess = ReturnType<typeof spawn>;

/** Starts the plugin, never through a shell; a spawn that throws is a run that did not start. */
const spawnPlugin = (invocation: PluginInvocation, ownGroup: boolean): PluginProcess | PluginRun => {
  try {
    return spawn(invocation.command, [...invocation.args], {
      shell: false,
      env: invocation.env,
      stdio: [invocation.interactive ? 'inherit' : 'ignore', 'pipe', 'inherit'],
      detached: ownGroup,
    });
  } catch (error) {
    // Thrown at once for a NUL byte in an argument, or a Windows .bat/.cmd file, which needs a shell.
    return { outcome: 'not-started', reason: error instanceof Error ? error.message : String(error) };
  }
};

/** Kills the plugin, and with its own process group everything it started. */
const killerOf = (child: PluginProcess, ownGroup: boolean) => (): void => {
  const pid = child.pid;
  if (ownGroup && pid !== undefined) {
    try {
      process.kill(-pid, 'SIGKILL');
      return;
    } catch {
      // The group is empty already; the child itself may still need reaping below.
    }
  }
  child.kill('SIGKILL');
};

/** The run's end: how the plugin exited, with its output, once stdout closed or its grace time after the exit. */
const watchPlugin = (child: PluginProcess, ownGroup: boolean, resolve: (run: PluginRun) => void): void => {
  const chunks: Buffer[] = [];
  let size = 0;
  let exited: PluginRun | undefined;
  let done = false;
  let grace: NodeJS.Timeout | undefined;
  const kill = killerOf(child, ownGroup);
  // Its own group no longer gets the terminal's Ctrl-C, so a run that ends (a signal, an error) takes it along.
  const killOnExit = (): void => {
    kill();
  };
  if (ownGroup) process.once('exit', killOnExit);
  const finish = (run: PluginRun, stop: boolean): void => {
    if (done) return;
    done = true;
    if (grace) clearTimeout(grace);
    process.removeListener('exit', killOnExit);
    child.stdout?.removeAllListeners('data');
    child.stdout?.destroy();
    if (stop) kill();
    resolve(run);
  };
  /** The exit as seen, with everything read until now: output may still arrive after the 'exit' event. */
  const withOutput = (run: PluginRun | undefined): PluginRun => {
    if (!run) return { outcome: 'killed', signal: 'a signal' };
    return run.outcome === 'exited' ? { ...run, stdout: Buffer.concat(chunks).toString('utf8') } : run;
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_PLUGIN_OUTPUT) finish({ outcome: 'too-much-output' }, true);
    else chunks.push(chunk);
  });
  child.on('error', (error: NodeJS.ErrnoException) => {
    const run: PluginRun =
      error.code === 'ENOENT'
        ? { outcome: 'not-found' }
        : { outcome: 'not-started', reason: error.code === 'EACCES' ? 'it is not executable' : error.message };
    finish(run, true);
  });
  child.on('exit', (code, signal) => {
    exited =
      code === null
        ? { outcome: 'killed', signal: signal ?? 'a signal' }
        : { outcome: 'exited', code, stdout: Buffer.concat(chunks).toString('utf8') };
    grace = setTimeout(() => {
      finish(withOutput(exited), exited?.outcome !== 'exited' || exited.code !== 0);
    }, STDOUT_GRACE_MS);
  });
  child.on('close', () => {
    finish(withOutput(exited), false);
  });
};

/**
 * A plugin that never exits is waited for, interactive or not: client-go sets no timeout on the plugin either
 * (cmd.Run() without a context), and a login in a browser may take minutes.
 */
export const runExecPlugin = (invocation: PluginInvocation): Promise<PluginRun> =>
  new Promise((resolve) => {
    // A non-interactive plugin gets its own process group, so that giving up on it also ends what it started (the
    // `yes` of `sh -c "yes; true"`). An interactive one stays in the terminal's foreground group, where it may read
    // the terminal and gets Ctrl-C. Windows has no process groups, and detached there opens a new console.
    const ownGroup = !invocation.interactive && process.platform !== 'win32';
    const child = spawnPlugin(invocation, ownGroup);
    if ('outcome' in child) resolve(child);
    else watchPlugin(child, ownGroup, resolve);
  });
