import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CLI, REPO, runCli, type CliRun } from '../run-cli.js';
import { pluginFolder } from '../node-plugins.js';
import { alive } from '../processes.js';

/**
 * Credentials as kubectl resolves them, through the bundled CLI: the removed gcp/azure auth providers are refused
 * before anything runs, exec plugins run without a shell, and every failure is one line naming the plugin. None of
 * these runs reaches an API server (nothing listens on 127.0.0.1:9), so all of them end before any request.
 */
const { next, script: plugin } = pluginFolder('hu-cmd-credentials-');

const kubeconfig = (user: object): string => {
  const path = next('kubeconfig.json');
  writeFileSync(
    path,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:9', 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'u', user }],
      contexts: [{ name: 'ctx', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'ctx',
    }),
  );
  return path;
};

const exec = (command: string, extra: object = {}): object => ({
  exec: { apiVersion: 'client.authentication.k8s.io/v1', command, interactiveMode: 'Never', ...extra },
});

const machines = (config: string): CliRun =>
  runCli(['machines', '--kubeconfig', config, '-o', 'json', '--request-timeout', '5s']);

/** Exit 3 and one `error:` line on stderr, after whatever the plugin itself wrote there. */
const lastErrorLine = (run: CliRun): string => {
  expect(run.status).toBe(3);
  expect(run.stdout).toBe('');
  expect(run.stderr).not.toMatch(/\n\s+at /);
  const errors = run.stderr.split('\n').filter((line) => line.startsWith('error:'));
  expect(errors).toHaveLength(1);
  return errors[0] ?? '';
};

const markerScript = (): { marker: string; script: string } => {
  const marker = next('marker');
  return { marker, script: plugin(`require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran');`) };
};

describe('removed auth providers', () => {
  it('refuses auth-provider gcp in kubectl words, and its cmd-path never runs', () => {
    const { marker, script } = markerScript();
    const run = machines(
      kubeconfig({ 'auth-provider': { name: 'gcp', config: { 'cmd-path': script, 'cmd-args': 'config-helper' } } }),
    );
    expect(lastErrorLine(run)).toContain(
      'error: The gcp auth plugin has been removed. Please use the "gke-gcloud-auth-plugin" kubectl/client-go credential plugin instead. See https://cloud.google.com/blog/products/containers-kubernetes/kubectl-auth-changes-in-gke for further details',
    );
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(marker)).toBe(false);
  });

  it('refuses auth-provider azure in kubectl words, and nothing runs', () => {
    const { marker, script } = markerScript();
    const run = machines(kubeconfig({ 'auth-provider': { name: 'azure', config: { 'cmd-path': script } } }));
    expect(lastErrorLine(run)).toContain(
      'error: The azure auth plugin has been removed. Please use the https://github.com/Azure/kubelogin kubectl/client-go credential plugin instead. See https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins for further details',
    );
    expect(existsSync(marker)).toBe(false);
  });

  it('refuses an auth provider kubectl does not know', () => {
    const run = machines(kubeconfig({ 'auth-provider': { name: 'made-up', config: {} } }));
    expect(lastErrorLine(run)).toContain('no Auth Provider found for name "made-up"');
  });
});

describe('exec plugins', () => {
  it('runs a command with shell metacharacters as one literal program name, never through a shell', () => {
    const marker = next('marker');
    const run = machines(kubeconfig(exec(`touch ${marker}; echo`)));
    // The command has a path separator, so it is relative to the kubeconfig's folder, as client-go resolves it.
    expect(lastErrorLine(run)).toMatch(/^error: exec plugin ".*touch .*; echo" was not found \(install it /);
    expect(existsSync(marker)).toBe(false);
  });

  it('names a failing plugin and its exit code in one line, after the stderr the plugin wrote', () => {
    const script = plugin(`process.stderr.write('login expired\\n'); process.exit(3);`);
    const run = machines(kubeconfig(exec(script)));
    expect(run.stderr.split('\n')[0]).toBe('login expired');
    expect(lastErrorLine(run)).toMatch(/^error: exec plugin ".*plugin\.js" exited with code 3 \(/);
  });

  it('names a plugin whose output is not an ExecCredential in one line, without a JSON parse position', () => {
    const run = machines(kubeconfig(exec(plugin(`console.log('{"token": ');`))));
    const line = lastErrorLine(run);
    expect(line).toMatch(/^error: exec plugin ".*plugin\.js" exited with code 0 but its output is not JSON \(/);
    expect(line).not.toMatch(/position|Unexpected/);
  });

  it("runs a relative command with a path separator from the kubeconfig's folder, as client-go does", () => {
    const script = plugin('process.exit(4);');
    const run = machines(kubeconfig(exec(`./${basename(script)}`)));
    expect(lastErrorLine(run)).toContain(`error: exec plugin ${JSON.stringify(script)} exited with code 4 (`);
  });

  it('refuses an apiVersion v1 exec entry without interactiveMode, as kubectl does', () => {
    const run = machines(kubeconfig(exec(plugin(''), { interactiveMode: undefined })));
    expect(lastErrorLine(run)).toContain('interactiveMode must be specified for u to use exec authentication plugin');
  });

  it('refuses interactiveMode Always without a terminal, as kubectl does', () => {
    const { marker, script } = markerScript();
    const run = machines(kubeconfig(exec(script, { interactiveMode: 'Always' })));
    expect(lastErrorLine(run)).toContain(
      'exec plugin cannot support interactive mode: standard input is not a terminal',
    );
    expect(existsSync(marker)).toBe(false);
  });
});

describe('an exec plugin that never exits', () => {
  const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 20));
  let pid = 0;
  afterAll(() => {
    if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
  });

  // A non-interactive plugin runs in its own process group, so the terminal's Ctrl-C no longer reaches it: the
  // CLI must take it along when a signal ends the run.
  it('is killed when SIGTERM ends the run', async () => {
    const pidFile = next('pid');
    const command = plugin(
      `require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setTimeout(() => {}, 1e6);`,
    );
    const cli = spawn(process.execPath, [CLI, 'machines', '--kubeconfig', kubeconfig(exec(command))], {
      env: { PATH: process.env.PATH, HOME: join(REPO, 'test', 'fixtures', 'no-home') },
      stdio: 'ignore',
    });
    const status = new Promise<number | null>((resolve) =>
      cli.on('exit', (code) => {
        resolve(code);
      }),
    );
    while (!existsSync(pidFile) || !readFileSync(pidFile, 'utf8')) await tick();
    pid = Number(readFileSync(pidFile, 'utf8'));
    cli.kill('SIGTERM');
    expect(await status).toBe(143);
    while (alive(pid)) await tick();
    expect(alive(pid)).toBe(false);
  }, 20_000);
});
