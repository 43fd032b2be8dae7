import { createServer, type Server } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MachinesResult } from '../../src/results/machines.js';
import { FIXTURES, REPO, runCli, type CliRun } from '../run-cli.js';
import { freePort, kubeconfigYaml } from './control-plane.js';
import { CRDS, crdManifest } from './crds.js';
import { grantLimitedReader } from './kube-status.js';
import { loadFixture } from './load-fixture.js';
import { describeLive, liveEnv, uniqueName } from './live-env.js';

const json = (run: CliRun): MachinesResult => {
  try {
    return JSON.parse(run.stdout) as MachinesResult;
  } catch {
    throw new Error(`not JSON (exit ${String(run.status)}): ${run.stdout}\n${run.stderr}`);
  }
};

/** Every fixture that `machines --bundle` reads; each must give the same findings live. */
const SCENARIOS = [
  ...readdirSync(FIXTURES).map((name) => join(FIXTURES, name)),
  join(REPO, 'examples', 'harvester-support-bundle'),
];

describeLive('machines against a real API server', () => {
  const env = liveEnv();
  if (!env) return;
  const { admin, plane } = env;

  it.each(SCENARIOS)('gives the same findings live as offline for %s', async (fixture) => {
    const offline = json(runCli(['machines', '--bundle', fixture, '-o', 'json']));
    const loaded = await loadFixture(admin, fixture);
    try {
      const run = env.plugin(['machines', '-o', 'json']);
      const live = json(run);
      // Support bundles hold no Secrets: what was not evaluated offline is compared only where both evaluated.
      const offlineNotEvaluated = new Set(offline.checks.filter((c) => c.status === 'not-evaluated').map((c) => c.id));
      expect(live.checks.filter((c) => c.status === 'not-evaluated')).toEqual([]);
      expect(live.findings.filter((f) => !offlineNotEvaluated.has(f.check))).toEqual(offline.findings);
      expect(live.rows).toEqual(offline.rows);
    } finally {
      await loaded.unload();
    }
  });

  it('reads Machines beyond one 500-object page, in the namespace given by -n', async () => {
    const namespace = uniqueName('paged');
    await admin.must('POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
    });
    const total = 520;
    for (let start = 0; start < total; start += 20) {
      await Promise.all(
        Array.from({ length: Math.min(20, total - start) }, (_, offset) =>
          admin.must('POST', `/apis/cluster.x-k8s.io/v1beta1/namespaces/${namespace}/machines`, {
            apiVersion: 'cluster.x-k8s.io/v1beta1',
            kind: 'Machine',
            metadata: { name: `m-${String(start + offset).padStart(4, '0')}`, namespace },
            spec: { clusterName: 'local' },
          }),
        ),
      );
    }
    const result = json(env.plugin(['machines', '-n', namespace, '-o', 'json']));
    expect(result.rows.filter((row) => row.namespace === namespace)).toHaveLength(total);
    expect(result.findings.filter((f) => f.check === 'machine-without-node')).toHaveLength(total);
  });

  it('logs each request from -v 6 as kubectl does, with no header, token or body, and nothing below 6', () => {
    const tokens = [...readFileSync(plane.kubeconfig, 'utf8').matchAll(/token: "([^"]+)"/g)].map((m) => m[1] ?? '');
    expect(tokens.length).toBeGreaterThan(0);
    const loud = env.plugin(['machines', '-v', '6', '-o', 'json']);
    expect(loud.status).toBe(0);
    const lines = loud.stderr.trim().split('\n');
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^request: GET https:\/\/\S+\/apis\/cluster\.x-k8s\.io\/v1beta1\/namespaces\/fleet-local\/machines\?limit=500 200 in \d+ ms$/,
      ),
    );
    expect(lines.every((line) => /^request: (GET|POST) https:\/\/\S+ \d{3} in \d+ ms$/.test(line))).toBe(true);
    for (const token of tokens) expect(loud.stderr).not.toContain(token);
    expect(loud.stderr).not.toMatch(/authorization|bearer/i);
    expect(JSON.parse(loud.stdout)).toEqual(JSON.parse(env.plugin(['machines', '-o', 'json']).stdout));
    expect(env.plugin(['machines', '-v', '5', '-o', 'json']).stderr).toBe('');
  });

  it('answers a namespace without Machines with a usage error, as offline', () => {
    const run = env.plugin(['machines', '-n', 'default']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'error: no Machines in namespace default: Harvester keeps its Machines in fleet-local; run without -n, or with -n fleet-local\n',
    );
  });

  it('selects the context with --context and the first file of KUBECONFIG wins a duplicate name', () => {
    const folder = mkdtempSync(join(tmpdir(), 'hu-kcfg-'));
    const first = join(folder, 'first');
    const second = join(folder, 'second');
    writeFileSync(first, kubeconfigYaml(plane.server, plane.caFile, { admin: plane.adminToken }));
    // Same context name, wrong token: kubectl keeps the first definition; client-node alone would throw.
    writeFileSync(second, kubeconfigYaml(plane.server, plane.caFile, { admin: 'wrong-token', other: 'x' }));
    const merged = env.plugin(['machines', '-o', 'json'], { KUBECONFIG: `${first}:${second}` });
    expect(merged.status).toBe(0);
    const other = env.plugin(['machines', '--context', 'other'], { KUBECONFIG: `${first}:${second}` });
    expect(other.status).toBe(3);
    expect(other.stderr.trim()).toBe(
      'error: the API server rejected the credentials of context "other" (401 Unauthorized) (log in again or refresh the token in the kubeconfig)',
    );
  });

  it('reports forbidden inputs as not evaluated and exits 3 for an RBAC-limited user', async () => {
    const revoke = await grantLimitedReader(admin, uniqueName('reader'), [
      { apiGroups: [''], resources: ['nodes'], verbs: ['list'] },
      { apiGroups: ['cluster.x-k8s.io'], resources: ['machines'], verbs: ['list'] },
    ]);
    try {
      const run = env.plugin(['machines', '--context', 'limited', '-o', 'json']);
      expect(run.status).toBe(3);
      expect(json(run).checks).toContainEqual(
        expect.objectContaining({
          id: 'machine-plan-secret-count',
          status: 'not-evaluated',
          reason: 'forbidden: list secrets in namespace fleet-local',
        }),
      );
      const table = env.plugin(['machines', '--context', 'limited']);
      expect(table.stdout).toContain(
        'Not evaluated:\n  machine-plan-secret-count: forbidden: list secrets in namespace fleet-local',
      );
    } finally {
      await revoke();
    }
  });

  it('says "not installed" when the Machine CRD is missing', async () => {
    const machines = CRDS.find((spec) => spec.plural === 'machines' && spec.group === 'cluster.x-k8s.io');
    if (!machines) throw new Error('no machines CRD spec');
    const crd = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/machines.cluster.x-k8s.io';
    await admin.must('DELETE', crd);
    const gone = async (): Promise<boolean> => (await admin.call('GET', crd)).status === 404;
    for (let tries = 0; tries < 120 && !(await gone()); tries++) await new Promise((r) => setTimeout(r, 250));
    try {
      const result = json(env.plugin(['machines', '-o', 'json']));
      expect(result.checks).toContainEqual(
        expect.objectContaining({
          id: 'machine-without-node',
          status: 'not-evaluated',
          reason: 'not installed: machines.cluster.x-k8s.io',
        }),
      );
    } finally {
      await admin.must('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crdManifest(machines));
      for (let tries = 0; tries < 120; tries++) {
        if ((await admin.call('GET', '/apis/cluster.x-k8s.io/v1beta1/machines')).status === 200) break;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  });

  it('exits 3 with one line when the server is unreachable', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'hu-kcfg-'));
    const config = join(folder, 'config');
    const port = await freePort();
    writeFileSync(
      config,
      kubeconfigYaml(`https://127.0.0.1:${String(port)}`, plane.caFile, { admin: plane.adminToken }),
    );
    const run = env.plugin(['machines', '--kubeconfig', config]);
    expect(run.status).toBe(3);
    expect(run.stderr.trim()).toMatch(
      new RegExp(
        `^error: cannot reach the API server at https://127\\.0\\.0\\.1:${String(port)}: .*ECONNREFUSED.* \\(check --context and that the cluster is up\\)$`,
      ),
    );
  });

  it('gives up after --request-timeout on a server that never answers, with exit 3', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const folder = mkdtempSync(join(tmpdir(), 'hu-kcfg-'));
    const config = join(folder, 'config');
    writeFileSync(
      config,
      kubeconfigYaml(`https://127.0.0.1:${String(port)}`, plane.caFile, { admin: plane.adminToken }),
    );
    try {
      const started = Date.now();
      const run = env.plugin(['machines', '--kubeconfig', config, '--request-timeout', '1s']);
      expect(run.status).toBe(3);
      expect(run.stderr.trim()).toBe(
        `error: the API server at https://127.0.0.1:${String(port)} did not answer within 1s (raise --request-timeout or check the cluster)`,
      );
      expect(Date.now() - started).toBeLessThan(20_000);
    } finally {
      silent.close();
    }
  });
});
