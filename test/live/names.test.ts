import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliRun } from '../run-cli.js';
import { kubeconfigYaml } from './control-plane.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';
import { describeLive, liveEnv, uniqueName } from './live-env.js';

/**
 * Names that would leave their request path, against the real kube-apiserver behind a recording proxy: each is
 * refused in one line with exit 2, and the proxy sees no request at all. docs/reliability.md, Security.
 */

const oneLine = (run: CliRun): string => {
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  return lines[0] ?? '';
};

describeLive('every name is validated before it becomes a URL', () => {
  const env = liveEnv();
  if (!env) return;
  const { admin, plane } = env;
  let folder: string;
  let proxy: FaultProxy;
  let config: string;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'hu-names-'));
    proxy = await startFaultProxy(plane.server, plane.caFile);
    config = join(folder, 'config');
    writeFileSync(config, kubeconfigYaml(proxy.url, plane.caFile, { admin: plane.adminToken }));
  });

  afterAll(async () => {
    await proxy.close();
    rmSync(folder, { recursive: true, force: true });
  });

  beforeEach(() => {
    proxy.seen.length = 0;
  });

  it('machines -n "../../../../api/v1/secrets?x=" exits 2 in one line and sends no request', async () => {
    // The path this namespace used to make resolves to /api/v1/secrets: every Secret in the cluster, data included.
    const secrets = await admin.call('GET', '/api/v1/namespaces/../../../../api/v1/secrets?x=/secrets');
    expect(secrets.status).toBe(200);
    expect((secrets.body as { kind?: string }).kind).toBe('SecretList');

    const run = await env.pluginAsync(['machines', '--kubeconfig', config, '-n', '../../../../api/v1/secrets?x=']);
    expect(oneLine(run)).toMatch(
      /^error: -n\/--namespace: "\.\.\/\.\.\/\.\.\/\.\.\/api\/v1\/secrets\?x=" is not a valid namespace: /,
    );
    expect(run.stdout).toBe('');
    expect(run.status).toBe(2);
    expect(proxy.seen).toEqual([]);
  });

  it.each([
    ['the name ../x', { name: '../x', namespace: 'default' }],
    ['the name ..', { name: '..', namespace: 'default' }],
    ['an empty namespace', { name: 'web', namespace: '' }],
    ['the namespace a/b', { name: 'web', namespace: 'a/b' }],
    // Recreating it would POST to /apis/policy/v1/poddisruptionbudgets, outside any namespace.
    ['the namespace ..', { name: 'web', namespace: '..' }],
  ])('fix-pdb --restore of a backup with %s is refused whole: exit 2, one line, no request', async (_what, where) => {
    const file = join(folder, `backup-${String(readdirSync(folder).length)}.json`);
    const budget = {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: where,
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } },
    };
    const other = { ...budget, metadata: { name: 'fine', namespace: 'default' } };
    writeFileSync(
      file,
      JSON.stringify({
        apiVersion: 'harvester-upgrade.kubectl/v1alpha1',
        kind: 'FixPdbBackup',
        createdAt: '2026-11-22T10:00:00Z',
        context: 'admin',
        server: proxy.url,
        objects: [other, budget],
        writes: [
          { key: `PodDisruptionBudget/default/fine`, action: 'delete' },
          { key: `PodDisruptionBudget/${where.namespace}/${where.name}`, action: 'delete' },
        ],
      }),
    );
    const run = await env.pluginAsync(['fix-pdb', '--kubeconfig', config, '--restore', file]);
    expect(oneLine(run)).toMatch(
      /^error: --restore: .* is not a fix-pdb backup: objects\[1\] has (no namespace|an invalid)/,
    );
    expect(run.status).toBe(2);
    expect(proxy.seen).toEqual([]);
  });

  it('keeps working for a budget name that is no DNS name: the API server holds budgets to the path-segment rule', async () => {
    const namespace = uniqueName('names');
    await admin.must('POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
    });
    try {
      // kubernetes pkg/apis/policy/validation checks a budget's spec and not its name.
      await admin.must('POST', `/apis/policy/v1/namespaces/${namespace}/poddisruptionbudgets`, {
        apiVersion: 'policy/v1',
        kind: 'PodDisruptionBudget',
        metadata: { name: 'Web.PDB_1' },
        spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'web' } } },
      });
      const run = await env.pluginAsync([
        'fix-pdb',
        '--kubeconfig',
        config,
        '-n',
        namespace,
        'Web.PDB_1',
        '-o',
        'json',
      ]);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ target: { namespace, name: 'Web.PDB_1' }, actions: [] });
    } finally {
      await admin.call('DELETE', `/api/v1/namespaces/${namespace}`);
    }
  });
});
