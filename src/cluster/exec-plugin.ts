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

export const runExecPlugin = (invocation: PluginInvocation): Promise<PluginRun> =>
  new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled: PluginRun | undefined;
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(invocation.command, [...invocation.args], {
        shell: false,
        env: invocation.env,
        stdio: [invocation.interactive ? 'inherit' : 'ignore', 'pipe', 'inherit'],
      });
    } catch (error) {
      // Thrown at once for a NUL byte in an argument, or a Windows .bat/.cmd file, which needs a shell.
      resolve({ outcome: 'not-started', reason: error instanceof Error ? error.message : String(error) });
      return;
    }
    child.stdout?.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_PLUGIN_OUTPUT) {
        settled ??= { outcome: 'too-much-output' };
        child.kill('SIGKILL');
        return;
      }
      chunks.push(chunk);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      settled ??=
        error.code === 'ENOENT'
          ? { outcome: 'not-found' }
          : { outcome: 'not-started', reason: error.code === 'EACCES' ? 'it is not executable' : error.message };
    });
    child.on('close', (code, signal) => {
      if (settled) resolve(settled);
      else if (code === null) resolve({ outcome: 'killed', signal: signal ?? 'a signal' });
      else resolve({ outcome: 'exited', code, stdout: Buffer.concat(chunks).toString('utf8') });
    });
  });
