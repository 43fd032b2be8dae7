import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Cluster, User } from '@kubernetes/client-node';
import { ClusterError } from './errors.js';
import {
  clearExecCredentials,
  execCredential,
  execInfo,
  execPluginOf,
  isInteractive,
  parseExecCredential,
  type ExecDeps,
  type ExecPlugin,
} from './exec-credential.js';
import { runExecPlugin, type PluginInvocation, type PluginRun } from './exec-plugin.js';
import { pluginFolder } from '../../test/node-plugins.js';
import { clusterErrorLine } from '../../test/cluster-error.js';

const V1 = 'client.authentication.k8s.io/v1';
const V1BETA1 = 'client.authentication.k8s.io/v1beta1';
const cluster: Cluster = { name: 'c', server: 'https://10.0.0.1:6443', skipTLSVerify: false };
const user = (exec: unknown, extra: Partial<User> = {}): User => ({ name: 'u', exec, ...extra });
const pluginOf = (exec: unknown): ExecPlugin | undefined => execPluginOf(user(exec), cluster, () => 'Q0E=');

const asyncMessageOf = async (work: () => Promise<unknown>): Promise<string> => {
  try {
    await work();
  } catch (error) {
    if (error instanceof ClusterError) return error.oneLine();
    return `not a ClusterError: ${String(error)}`;
  }
  return 'no error';
};

describe('execPluginOf checks the exec entry as kubectl does before anything runs', () => {
  it.each([
    [{ apiVersion: V1, interactiveMode: 'Never' }, 'command must be specified for u to use exec authentication plugin'],
    [
      { command: 'p', interactiveMode: 'Never' },
      'apiVersion must be specified for u to use exec authentication plugin',
    ],
    [{ command: 'p', apiVersion: 'client.authentication.k8s.io/v1alpha1' }, 'exec plugin: invalid apiVersion'],
    [{ command: 'p', apiVersion: V1 }, 'interactiveMode must be specified for u to use exec authentication plugin'],
    [{ command: 'p', apiVersion: V1, interactiveMode: 'Sometimes' }, 'invalid interactiveMode for u: "Sometimes"'],
    [
      { command: 'p', apiVersion: V1BETA1, env: [{ value: 'x' }] },
      'env variable name must be specified for u to use exec authentication plugin',
    ],
    ['p', 'is not a mapping'],
  ])('refuses %j', (exec, message) => {
    expect(clusterErrorLine(() => pluginOf(exec))).toContain(message);
  });

  it('refuses an exec entry next to an auth provider', () => {
    const both = user({ command: 'p', apiVersion: V1BETA1 }, { authProvider: { name: 'oidc' } });
    expect(clusterErrorLine(() => execPluginOf(both, cluster, () => undefined))).toContain(
      'authProvider cannot be provided in combination with an exec plugin for u',
    );
  });

  it('takes a v1beta1 entry without interactiveMode as IfAvailable, with its args, env and install hint', () => {
    expect(
      pluginOf({
        command: 'p',
        apiVersion: V1BETA1,
        args: ['a', 'b c'],
        env: [{ name: 'K', value: 'v' }],
        installHint: 'get it',
      }),
    ).toEqual({
      user: 'u',
      command: 'p',
      args: ['a', 'b c'],
      env: [{ name: 'K', value: 'v' }],
      apiVersion: V1BETA1,
      interactiveMode: 'IfAvailable',
      installHint: 'get it',
      cluster: undefined,
    });
  });

  it('gives spec.cluster only with provideClusterInfo', () => {
    const info = pluginOf({ command: 'p', apiVersion: V1, interactiveMode: 'Never', provideClusterInfo: true });
    expect(info?.cluster).toEqual({ server: cluster.server, 'certificate-authority-data': 'Q0E=' });
  });

  it('is undefined without an exec entry', () => {
    expect(pluginOf(undefined)).toBeUndefined();
    expect(pluginOf(null)).toBeUndefined();
  });
});

describe('isInteractive', () => {
  it('follows the terminal for IfAvailable and never for Never', () => {
    expect(isInteractive('IfAvailable', true)).toBe(true);
    expect(isInteractive('IfAvailable', false)).toBe(false);
    expect(isInteractive('Never', true)).toBe(false);
    expect(isInteractive('Always', true)).toBe(true);
  });

  it('refuses Always without a terminal in kubectl words', () => {
    expect(clusterErrorLine(() => isInteractive('Always', false))).toMatch(
      /^exec plugin cannot support interactive mode: standard input is not a terminal \(/,
    );
  });
});

describe('execInfo', () => {
  it('is the ExecCredential the plugin reads, with spec.cluster only when asked for', () => {
    const plugin = pluginOf({ command: 'p', apiVersion: V1, interactiveMode: 'Never' });
    expect(plugin && JSON.parse(execInfo(plugin, false))).toEqual({
      kind: 'ExecCredential',
      apiVersion: V1,
      spec: { interactive: false },
    });
  });
});

describe('parseExecCredential checks the answer as client-go does', () => {
  const answer = (status: unknown, apiVersion = V1): string =>
    JSON.stringify({ kind: 'ExecCredential', apiVersion, status });

  it.each([
    ['', 'it printed nothing'],
    ['{"status": ', 'its output is not JSON'],
    ['{"kind": "Pod", "apiVersion": "v1"}', 'its output is not an ExecCredential'],
    [answer({ token: 't' }, V1BETA1), `it returned version ${V1BETA1} where the kubeconfig asks for ${V1}`],
    [JSON.stringify({ kind: 'ExecCredential', apiVersion: V1 }), 'it returned no status field'],
    [answer({}), 'it returned no token or cert/key pair'],
    [answer({ clientKeyData: 'k' }), 'it returned only a certificate or a key, not both'],
    [answer({ token: 't', expirationTimestamp: 'soon' }), 'its expirationTimestamp is not an RFC 3339 time'],
  ])('refuses %j', (stdout, reason) => {
    expect(parseExecCredential(stdout, V1)).toBe(reason);
  });

  it('takes a token with its expiry, or a certificate and key', () => {
    expect(parseExecCredential(answer({ token: 't', expirationTimestamp: '2030-01-01T00:00:00Z' }), V1)).toEqual({
      token: 't',
      expiresAt: Date.parse('2030-01-01T00:00:00Z'),
    });
    expect(parseExecCredential(answer({ clientCertificateData: 'c', clientKeyData: 'k' }), V1)).toEqual({
      clientCertificateData: 'c',
      clientKeyData: 'k',
    });
  });
});

describe('execCredential runs the plugin as kubectl runs it', () => {
  const { next, script } = pluginFolder('hu-exec-credential-');
  const printing = (status: object, apiVersion = V1): string =>
    `console.log(${JSON.stringify(JSON.stringify({ kind: 'ExecCredential', apiVersion, status }))});`;
  const plugin = (command: string, extra: object = {}): ExecPlugin => {
    const made = pluginOf({ command, apiVersion: V1, interactiveMode: 'Never', ...extra });
    if (!made) throw new Error('no plugin');
    return made;
  };

  let now = 0;
  const runs: PluginInvocation[] = [];
  const deps = (overrides: Partial<ExecDeps> = {}): ExecDeps => ({
    run: (invocation: PluginInvocation): Promise<PluginRun> => {
      runs.push(invocation);
      return runExecPlugin(invocation);
    },
    stdinIsTerminal: () => false,
    now: () => now,
    environment: { PATH: process.env.PATH, HU_FROM_PARENT: 'parent' },
    ...overrides,
  });

  beforeEach(() => {
    clearExecCredentials();
    runs.length = 0;
    now = 0;
  });

  it('returns the token, with KUBERNETES_EXEC_INFO, the env entries and the args, and no shell', async () => {
    const seen = next('seen.json');
    const command = script(
      [
        `require('node:fs').writeFileSync(${JSON.stringify(seen)}, JSON.stringify({`,
        `  info: JSON.parse(process.env.KUBERNETES_EXEC_INFO), extra: process.env.HU_EXTRA,`,
        `  parent: process.env.HU_FROM_PARENT, args: process.argv.slice(2) }));`,
        printing({ token: 'from-plugin' }),
      ].join('\n'),
    );
    const credential = await execCredential(
      plugin(command, { args: ['get-token', '$(id) `x`'], env: [{ name: 'HU_EXTRA', value: 'a; b' }] }),
      deps(),
    );
    expect(credential).toEqual({ token: 'from-plugin' });
    expect(JSON.parse(readFileSync(seen, 'utf8'))).toEqual({
      info: { kind: 'ExecCredential', apiVersion: V1, spec: { interactive: false } },
      extra: 'a; b',
      parent: 'parent',
      args: ['get-token', '$(id) `x`'],
    });
    expect(runs[0]?.interactive).toBe(false);
  });

  it('passes stdin only when interactive', async () => {
    const command = script(printing({ token: 't' }));
    await execCredential(plugin(command, { interactiveMode: 'IfAvailable' }), deps({ stdinIsTerminal: () => true }));
    expect(runs[0]?.interactive).toBe(true);
    expect(JSON.parse(runs[0]?.env.KUBERNETES_EXEC_INFO ?? '')).toMatchObject({ spec: { interactive: true } });
  });

  it('runs the plugin once per process until expirationTimestamp, then again', async () => {
    const command = script(printing({ token: 't', expirationTimestamp: '1970-01-01T00:01:00Z' }));
    const entry = plugin(command);
    await Promise.all([execCredential(entry, deps()), execCredential(entry, deps())]);
    await execCredential(entry, deps());
    expect(runs).toHaveLength(1);
    now = 60_001;
    await execCredential(entry, deps());
    expect(runs).toHaveLength(2);
  });

  it('does not keep a failure: the next call runs the plugin again', async () => {
    const entry = plugin(script('process.exit(3);'));
    await asyncMessageOf(() => execCredential(entry, deps()));
    await asyncMessageOf(() => execCredential(entry, deps()));
    expect(runs).toHaveLength(2);
  });

  it('names a failing plugin and its exit code in one line', async () => {
    const entry = plugin(script('process.exit(3);'));
    expect(await asyncMessageOf(() => execCredential(entry, deps()))).toMatch(
      /^exec plugin ".*plugin\.js" exited with code 3 \(its own message, if any, is above; /,
    );
  });

  it('names a plugin whose answer is no ExecCredential, with exit code 0', async () => {
    const entry = plugin(script(printing({ token: 't' }, V1BETA1)));
    expect(await asyncMessageOf(() => execCredential(entry, deps()))).toMatch(
      /^exec plugin ".*plugin\.js" exited with code 0 but it returned version .*v1beta1 where the kubeconfig asks for .*\/v1 \(it must print/,
    );
  });

  it('runs a command with shell metacharacters as one program name, so it is not found', async () => {
    const marker = next('marker');
    const message = await asyncMessageOf(() => execCredential(plugin(`touch ${marker}; echo`), deps()));
    expect(message).toMatch(
      /^exec plugin "touch .*; echo" was not found \(install it or fix the exec entry of user "u"/,
    );
    expect(existsSync(marker)).toBe(false);
  });

  it('shows the install hint on the same line when the command is not found', async () => {
    const entry = plugin('hu-no-such-plugin', { installHint: 'Install it:\n  brew install \u001b[31mhu\u001b[0m' });
    expect(await asyncMessageOf(() => execCredential(entry, deps()))).toBe(
      'exec plugin "hu-no-such-plugin" was not found (Install it: brew install ?[31mhu?[0m)',
    );
  });

  it('says a plugin file that is not executable cannot be started', async () => {
    const path = next('not-executable.js');
    writeFileSync(path, printing({ token: 't' }));
    expect(await asyncMessageOf(() => execCredential(plugin(path), deps()))).toMatch(
      /^exec plugin ".*not-executable\.js" could not be started: it is not executable \(/,
    );
  });

  it('says a plugin that cannot be started so, naming it (a NUL byte in an argument)', async () => {
    const entry = plugin(script(printing({ token: 't' })), { args: ['a\u0000b'] });
    expect(await asyncMessageOf(() => execCredential(entry, deps()))).toMatch(
      /^exec plugin ".*plugin\.js" could not be started: /,
    );
  });

  it('stops a plugin that prints more than 1 MiB', async () => {
    const entry = plugin(script(`process.stdout.write('x'.repeat(3 * 1024 * 1024));`));
    expect(await asyncMessageOf(() => execCredential(entry, deps()))).toMatch(/printed more than 1 MiB/);
  });

  it('refuses interactiveMode Always without a terminal before it runs anything', async () => {
    const entry = plugin(script(printing({ token: 't' })), { interactiveMode: 'Always' });
    expect(await asyncMessageOf(() => execCredential(entry, deps()))).toContain(
      'exec plugin cannot support interactive mode: standard input is not a terminal',
    );
    expect(runs).toHaveLength(0);
  });
});
