import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { CliRun } from '../run-cli.js';
import { describeLive, liveEnv } from './live-env.js';
import { pluginFolder } from '../node-plugins.js';

/**
 * kubeconfig credentials against a real kube-apiserver: an exec plugin (a node script, never a shell script) that
 * returns the harness's admin token authenticates `machines` and `precheck` exactly as the static token does, and
 * gets KUBERNETES_EXEC_INFO; a failing or garbage plugin is exit 3 and one line naming it; the removed gcp/azure
 * auth providers are refused and their cmd-path never runs.
 */
describeLive('exec credential plugins and removed auth providers against a real API server', () => {
  const env = liveEnv();
  if (!env) return;
  const { plane } = env;
  const { next, script } = pluginFolder('hu-live-credentials-');

  /** The harness's cluster with one user, `u`. */
  const kubeconfig = (user: object): string => {
    const path = next('kubeconfig.json');
    writeFileSync(
      path,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'envtest', cluster: { server: plane.server, 'certificate-authority': plane.caFile } }],
        users: [{ name: 'u', user }],
        // Named as the harness's own context, so the reports are equal field for field.
        contexts: [{ name: 'admin', context: { cluster: 'envtest', user: 'u' } }],
        'current-context': 'admin',
      }),
    );
    return path;
  };

  const execUser = (command: string, extra: object = {}): object => ({
    exec: { apiVersion: 'client.authentication.k8s.io/v1', command, interactiveMode: 'IfAvailable', ...extra },
  });

  /** A plugin that records its runs and KUBERNETES_EXEC_INFO, then prints the admin token. */
  const tokenPlugin = (): { command: string; seen: string } => {
    const seen = next('seen.jsonl');
    const answer = JSON.stringify({
      apiVersion: 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      status: { token: plane.adminToken, expirationTimestamp: '2099-01-01T00:00:00Z' },
    });
    const command = script(
      [
        `require('node:fs').appendFileSync(${JSON.stringify(seen)}, process.env.KUBERNETES_EXEC_INFO + '\\n');`,
        `console.log(${JSON.stringify(answer)});`,
      ].join('\n'),
    );
    return { command, seen };
  };

  const errorLines = (run: CliRun): string[] => run.stderr.split('\n').filter((line) => line.startsWith('error:'));

  it('authenticates machines and precheck with the token an exec plugin returns, run once per command', () => {
    const { command, seen } = tokenPlugin();
    const config = kubeconfig(execUser(command, { provideClusterInfo: true }));
    const statuses: (number | null)[] = [];
    for (const args of [
      ['machines', '-o', 'json'],
      ['precheck', '-o', 'json'],
    ]) {
      const withToken = env.plugin(args);
      const withPlugin = env.plugin(args, { KUBECONFIG: config });
      expect(withPlugin.stderr).toBe('');
      expect(withPlugin.status).toBe(withToken.status);
      expect(JSON.parse(withPlugin.stdout)).toEqual(JSON.parse(withToken.stdout));
      statuses.push(withPlugin.status);
    }
    // The empty cluster passes machines; precheck reads everything it needs (nothing was refused a 401).
    expect(statuses[0]).toBe(0);
    expect(statuses[1]).not.toBe(3);
    const runs = readFileSync(seen, 'utf8').trim().split('\n');
    // One run per command: the credential is cached for the process.
    expect(runs).toHaveLength(2);
    expect(JSON.parse(runs[0] ?? '')).toEqual({
      kind: 'ExecCredential',
      apiVersion: 'client.authentication.k8s.io/v1',
      spec: {
        interactive: false,
        cluster: {
          server: plane.server,
          'certificate-authority-data': readFileSync(plane.caFile).toString('base64'),
        },
      },
    });
  });

  it('is exit 3 with the plugin stderr and one line naming a plugin that exits 3', () => {
    const command = script(`process.stderr.write('token expired, run my-login\\n'); process.exit(3);`);
    const run = env.plugin(['machines'], { KUBECONFIG: kubeconfig(execUser(command)) });
    expect(run.status).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('token expired, run my-login\n');
    expect(errorLines(run)).toEqual([
      expect.stringMatching(/^error: exec plugin ".*plugin\.js" exited with code 3 \(/),
    ]);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('is exit 3 and one line for a plugin that prints garbage', () => {
    const run = env.plugin(['precheck', '-o', 'json'], {
      KUBECONFIG: kubeconfig(execUser(script(`console.log('<html>sign in</html>');`))),
    });
    expect(run.status).toBe(3);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^error: exec plugin ".*plugin\.js" exited with code 0 but its output is not JSON \(/),
    ]);
  });

  it.each(['gcp', 'azure'])('refuses auth-provider %s, and its cmd-path never runs', (name) => {
    const marker = next('marker');
    const command = script(`require('node:fs').writeFileSync(${JSON.stringify(marker)}, 'ran');`);
    const config = kubeconfig({ 'auth-provider': { name, config: { 'cmd-path': command, 'cmd-args': 'get' } } });
    const run = env.plugin(['machines'], { KUBECONFIG: config });
    expect(run.status).toBe(3);
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^error: The ${name} auth plugin has been removed\\. Please use `)),
    ]);
    expect(existsSync(marker)).toBe(false);
  });
});
