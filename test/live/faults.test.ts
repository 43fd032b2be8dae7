import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MachinesResult } from '../../src/commands/machines.js';
import { FIXTURES, REPO, type CliRun } from '../run-cli.js';
import { kubeconfigYaml } from './control-plane.js';
import { startFaultProxy, type Fault, type FaultProxy } from './fault-proxy.js';
import { loadFixture, type LoadedFixture } from './load-fixture.js';
import { describeLive, liveEnv } from './live-env.js';

/**
 * Faults between the plugin and a real kube-apiserver, injected by a loopback proxy: each must end retried and
 * correct, or "not evaluated" for that input, or exit 3 with one line that says what to do — never a stack trace
 * and never a wrong pass. docs/reliability.md lists them with their outcomes.
 */
const HEALTHY = join(FIXTURES, 'healthy-3-node');
const SEED = join(REPO, 'test', 'fixtures', 'drain', 'kubevirt-trap-pre-drained');

const rows = (run: CliRun): MachinesResult['rows'] => {
  try {
    return (JSON.parse(run.stdout) as MachinesResult).rows;
  } catch {
    throw new Error(`not JSON (exit ${String(run.status)}): ${run.stdout}\n${run.stderr}`);
  }
};

/** A new RSA key and a self-signed certificate for it, valid one day. */
const selfSigned = (key: string, cert: string, name: string): void => {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-subj',
      `/CN=${name}`,
      '-days',
      '1',
    ],
    { stdio: 'ignore' },
  );
};

/** One line on stderr, `error: …`, no stack trace. */
const oneLineError = (run: CliRun): string => {
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  return lines[0] ?? '';
};

const isList = (plural: string) => (request: { url?: string; method?: string }) =>
  request.method === 'GET' && new URL(request.url ?? '/', 'http://x').pathname.endsWith(`/${plural}`);

describeLive('faults between the plugin and the API server', () => {
  const env = liveEnv();
  if (!env) return;
  const { admin, plane } = env;
  let folder: string;
  let proxy: FaultProxy;
  let loaded: LoadedFixture;
  let config: string;
  let expected: MachinesResult['rows'];

  const kubeconfigFor = (server: string, token = plane.adminToken, ca = plane.caFile): string => {
    const file = join(folder, `config-${String(readdirSync(folder).length)}`);
    writeFileSync(file, kubeconfigYaml(server, ca, { admin: token }));
    return file;
  };

  /** `rule` for the requests `match` selects, the first `times` of them (all when undefined). */
  const inject = (match: (request: { url?: string; method?: string }) => boolean, fault: Fault, times?: number) => {
    let hits = 0;
    proxy.rule = (request) => {
      if (!match(request)) return undefined;
      hits += 1;
      return times === undefined || hits <= times ? fault : undefined;
    };
  };

  const machines = (...args: string[]) => env.pluginAsync(['machines', '--kubeconfig', config, '-o', 'json', ...args]);

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'hu-faults-'));
    loaded = await loadFixture(admin, HEALTHY);
    proxy = await startFaultProxy(plane.server, plane.caFile, 1);
    config = kubeconfigFor(proxy.url);
    const clean = await machines();
    expect({ status: clean.status, stderr: clean.stderr }).toEqual({ status: 0, stderr: '' });
    expected = rows(clean);
    expect(expected).toHaveLength(3);
  });

  afterAll(async () => {
    await proxy.close();
    await loaded.unload();
    rmSync(folder, { recursive: true, force: true });
  });

  beforeEach(() => {
    proxy.rule = () => undefined;
    proxy.seen.length = 0;
  });

  it('sends a GET again when the connection breaks mid-body, and the result is complete', async () => {
    inject(isList('nodes'), { kind: 'reset-mid-body' }, 1);
    const run = await machines();
    expect(run.status).toBe(0);
    expect(rows(run)).toEqual(expected);
    expect(proxy.seen.filter((seen) => seen.url.includes('/nodes')).length).toBeGreaterThan(1);
  });

  it('sends a GET again when the JSON arrives truncated, and the result is complete', async () => {
    inject(isList('machines'), { kind: 'truncate' }, 1);
    const run = await machines();
    expect(run.status).toBe(0);
    expect(rows(run)).toEqual(expected);
  });

  it('gives up on a connection that keeps breaking: exit 3, one line, after a bounded number of tries', async () => {
    inject(isList('nodes'), { kind: 'reset-mid-body' });
    const run = await machines();
    expect(run.status).toBe(3);
    expect(oneLineError(run)).toMatch(
      /^error: the (connection to the )?API server at http:\/\/127\.0\.0\.1:\d+ (broke mid-request|closed the connection mid-answer)/,
    );
    expect(proxy.seen.filter((seen) => seen.url.includes('/nodes')).length).toBe(4);
  });

  it('waits out 503 with Retry-After, and 429 throttling, then reads correctly', async () => {
    inject(isList('nodes'), { kind: 'status', status: 503, retryAfter: 1, reason: 'ServiceUnavailable' }, 2);
    const run = await machines();
    expect(run.status).toBe(0);
    expect(rows(run)).toEqual(expected);
    const tries = proxy.seen.filter((seen) => new URL(seen.url, 'http://x').pathname.endsWith('/nodes'));
    expect(tries.map((seen) => seen.status)).toEqual([503, 503, 200, ...tries.slice(3).map(() => 200)]);
    // Retry-After: 1 is honoured between the attempts.
    expect((tries[1]?.at ?? 0) - (tries[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);

    proxy.seen.length = 0;
    inject(isList('machines'), { kind: 'status', status: 429, retryAfter: 1, reason: 'TooManyRequests' }, 1);
    const throttled = await machines();
    expect(throttled.status).toBe(0);
    expect(rows(throttled)).toEqual(expected);
  });

  it('reports a list that keeps failing with 500 as not evaluated, never as passed, and exits 3', async () => {
    inject(isList('machines'), { kind: 'status', status: 500 });
    const run = await machines();
    expect(run.status).toBe(3);
    const result = JSON.parse(run.stdout) as MachinesResult & {
      checks: { id: string; status: string; reason?: string }[];
    };
    const machineChecks = result.checks.filter((check) => check.id === 'machine-not-running');
    expect(machineChecks).toEqual([
      expect.objectContaining({
        status: 'not-evaluated',
        reason: expect.stringContaining(
          'list machines.cluster.x-k8s.io in namespace fleet-local failed (500)',
        ) as unknown,
      }),
    ]);
    // One try and three retries.
    expect(proxy.seen.filter((seen) => seen.url.includes('/machines')).length).toBe(4);
  });

  it('starts a list again when its continue token expires (410), and the result is complete', async () => {
    let expired = false;
    proxy.rule = (request) => {
      if (!expired && (request.url ?? '').includes('continue=') && (request.url ?? '').includes('/nodes')) {
        expired = true;
        return { kind: 'status', status: 410, reason: 'Expired' };
      }
      return undefined;
    };
    const run = await machines();
    expect(run.status).toBe(0);
    expect(rows(run)).toEqual(expected);
    const firstPages = proxy.seen.filter((seen) => seen.url.includes('/nodes?') && !seen.url.includes('continue='));
    expect(firstPages.length).toBe(2);
  });

  it('gives up on a list whose continue token keeps expiring: not evaluated, exit 3', async () => {
    inject((request) => (request.url ?? '').includes('continue=') && (request.url ?? '').includes('/nodes'), {
      kind: 'status',
      status: 410,
      reason: 'Expired',
    });
    const run = await machines();
    expect(run.status).toBe(3);
    expect(run.stdout).toContain('failed (410)');
  });

  it('stops at --request-timeout when the server never answers a request', async () => {
    inject(isList('machines'), { kind: 'hang' });
    const run = await machines('--request-timeout', '2s');
    expect(run.status).toBe(3);
    expect(oneLineError(run)).toBe(
      `error: the API server at ${proxy.url} did not answer within 2s (raise --request-timeout or check the cluster)`,
    );
  });

  it('refuses a server whose certificate another CA signed, in one line', async () => {
    const otherCa = join(folder, 'other-ca.pem');
    selfSigned(join(folder, 'other-ca.key'), otherCa, 'other-ca');
    const run = await env.pluginAsync([
      'machines',
      '--kubeconfig',
      kubeconfigFor(plane.server, plane.adminToken, otherCa),
    ]);
    expect(run.status).toBe(3);
    expect(oneLineError(run)).toMatch(
      /^error: TLS verification of https:\/\/127\.0\.0\.1:\d+ failed: .* \(check the kubeconfig's certificate-authority for this cluster\)$/,
    );
  });

  it('says the credentials were rejected (401), and never prints the token', async () => {
    const token = 'expired-token-0123456789abcdef';
    const run = await env.pluginAsync(['machines', '--kubeconfig', kubeconfigFor(plane.server, token)]);
    expect(run.status).toBe(3);
    expect(oneLineError(run)).toBe(
      'error: the API server rejected the credentials of context "admin" (401 Unauthorized) (log in again or refresh the token in the kubeconfig)',
    );
    expect(`${run.stdout}${run.stderr}`).not.toContain(token);
  });

  it('never prints a client key or certificate, even when the server refuses them', async () => {
    const key = join(folder, 'client.key');
    const cert = join(folder, 'client.crt');
    selfSigned(key, cert, 'stranger');
    const keyData = readFileSync(key).toString('base64');
    const certData = readFileSync(cert).toString('base64');
    const file = join(folder, 'config-client-cert');
    writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        `- name: envtest`,
        `  cluster: {server: "${plane.server}", certificate-authority: "${plane.caFile}"}`,
        'users:',
        `- name: stranger`,
        `  user: {client-certificate-data: "${certData}", client-key-data: "${keyData}"}`,
        'contexts:',
        '- name: stranger',
        '  context: {cluster: envtest, user: stranger}',
        'current-context: stranger',
        '',
      ].join('\n'),
    );
    const run = await env.pluginAsync(['machines', '--kubeconfig', file, '-o', 'json']);
    expect(run.status).toBe(3);
    oneLineError(run);
    const printed = `${run.stdout}${run.stderr}`;
    for (const secret of [keyData, certData, 'PRIVATE KEY', readFileSync(key, 'utf8').split('\n')[1] ?? '']) {
      expect(printed).not.toContain(secret);
    }
  });

  it('never asks for Secret data: every Secret list is metadata-only, and no answer holds data', async () => {
    const run = await env.pluginAsync(['precheck', '--kubeconfig', config, '-o', 'json']);
    expect(run.stdout).not.toBe('');
    const secretLists = proxy.seen.filter((seen) => new URL(seen.url, 'http://x').pathname.endsWith('/secrets'));
    expect(secretLists.length).toBeGreaterThan(0);
    for (const seen of secretLists) {
      expect(seen.accept).toBe('application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1');
      expect(seen.body).not.toMatch(/"data"\s*:/);
    }
    expect(`${run.stdout}${run.stderr}`).not.toContain(plane.adminToken);
  });
});

describeLive('fix-pdb when the connection drops during a write', () => {
  const env = liveEnv();
  if (!env) return;
  const { admin, plane } = env;
  let proxy: FaultProxy;
  let config: string;
  let backups: string;
  beforeAll(async () => {
    proxy = await startFaultProxy(plane.server, plane.caFile);
    const folder = mkdtempSync(join(tmpdir(), 'hu-fault-kcfg-'));
    config = join(folder, 'config');
    writeFileSync(config, kubeconfigYaml(proxy.url, plane.caFile, { admin: plane.adminToken }));
  });
  afterAll(async () => {
    await proxy.close();
  });
  beforeEach(() => {
    backups = mkdtempSync(join(tmpdir(), 'hu-fault-backups-'));
  });
  afterEach(() => {
    rmSync(backups, { recursive: true, force: true });
  });

  const budgetSpecs = async (): Promise<(string | undefined)[]> =>
    Promise.all(
      ['virt-api-pdb', 'virt-controller-pdb'].map(async (name) => {
        const answer = await admin.call(
          'GET',
          `/apis/policy/v1/namespaces/harvester-system/poddisruptionbudgets/${name}`,
        );
        return answer.status === 200 ? JSON.stringify((answer.body as { spec: unknown }).spec) : undefined;
      }),
    );

  it.each(['drop-before', 'drop-after'] as const)(
    'marks the write "maybe changed" (%s reaches the server), exits 3 with the restore command, and the restore recovers',
    async (kind) => {
      const seed = await loadFixture(admin, SEED);
      try {
        const before = await budgetSpecs();
        // The real DELETE of virt-api-pdb (its dry run carries dryRun in the body, and goes through).
        let dryRunSeen = false;
        proxy.rule = (request) => {
          if (request.method !== 'DELETE' || !(request.url ?? '').includes('virt-api-pdb')) return undefined;
          if (!dryRunSeen) {
            dryRunSeen = true;
            return undefined;
          }
          return { kind };
        };
        const run = await env.pluginAsync([
          'fix-pdb',
          '--kubeconfig',
          config,
          '--node',
          'harvester-node-0',
          '--override-operator-budgets',
          '--yes',
          '--backup-dir',
          backups,
        ]);
        expect(run.status).toBe(3);
        expect(run.stdout).toContain('maybe changed PodDisruptionBudget harvester-system/virt-api-pdb');
        expect(run.stdout).toContain(
          'not changed PodDisruptionBudget harvester-system/virt-controller-pdb: not attempted',
        );
        expect(run.stdout).toMatch(/Restore with: kubectl harvester-upgrade fix-pdb --restore \S+/);
        expect(oneLineError(run)).toContain('delete PodDisruptionBudget harvester-system/virt-api-pdb did not finish');
        proxy.rule = () => undefined;
        const file = join(backups, readdirSync(backups).find((name) => name.endsWith('.json')) ?? '');
        const restore = await env.pluginAsync(['fix-pdb', '--kubeconfig', config, '--restore', file]);
        expect(restore.status).toBe(0);
        expect(await budgetSpecs()).toEqual(before);
      } finally {
        await seed.unload();
      }
    },
  );
});
