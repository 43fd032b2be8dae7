import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MachinesResult } from '../../src/results/machines.js';
import { FIXTURES, REPO, type CliRun } from '../run-cli.js';
import { MERGE_PATCH } from './api.js';
import { kubeconfigYaml } from './control-plane.js';
import { startFaultProxy, type Fault, type FaultProxy } from './fault-proxy.js';
import { createBlockingPod, setBudgetStatus } from './kube-status.js';
import { loadFixture, type LoadedFixture } from './load-fixture.js';
import { describeLive, liveEnv, uniqueName } from './live-env.js';

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
    // A real Helm release Secret, data and all, left pending-upgrade: the server holds the data, no answer may.
    const marker = 'aGVsbS1yZWxlYXNlLXBheWxvYWQtbWFya2Vy';
    const path = '/api/v1/namespaces/cattle-fleet-system/secrets';
    // No namespace controller runs: the namespace may be left by another file (201 or 409 both do).
    await admin.call('POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'cattle-fleet-system' },
    });
    await admin.must('POST', path, {
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'helm.sh/release.v1',
      metadata: {
        name: 'sh.helm.release.v1.fleet.v3',
        labels: { name: 'fleet', owner: 'helm', status: 'pending-upgrade', version: '3' },
      },
      data: { release: marker },
    });
    try {
      const run = await env.pluginAsync(['precheck', '--kubeconfig', config, '-o', 'json']);
      expect(run.stdout).not.toBe('');
      const secretLists = proxy.seen.filter((seen) => new URL(seen.url, 'http://x').pathname.endsWith('/secrets'));
      expect(secretLists.length).toBeGreaterThan(0);
      for (const seen of secretLists) {
        expect(seen.accept).toBe('application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1');
        expect(seen.body).not.toMatch(/"data"\s*:/);
        expect(seen.body).not.toContain(marker);
      }
      const helmList = secretLists.find((seen) => seen.url.startsWith(path));
      expect(new URL(helmList?.url ?? '/', 'http://x').searchParams.get('labelSelector')).toBe('owner=helm');
      expect(helmList?.body).toContain('sh.helm.release.v1.fleet.v3');
      const findings = (JSON.parse(run.stdout) as { findings: { check: string; object: { name: string } }[] }).findings;
      expect(findings.filter((finding) => finding.check === 'helm-release-pending')).toEqual([
        expect.objectContaining({
          object: expect.objectContaining({ name: 'sh.helm.release.v1.fleet.v3' }) as unknown,
        }),
      ]);
      expect(`${run.stdout}${run.stderr}`).not.toContain(marker);
      expect(`${run.stdout}${run.stderr}`).not.toContain(plane.adminToken);
    } finally {
      await admin.call('DELETE', `${path}/sh.helm.release.v1.fleet.v3`);
    }
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

  const KUBEVIRT = '/apis/kubevirt.io/v1/namespaces/harvester-system/kubevirts/kubevirt';
  const seedSpecs = async (): Promise<(string | undefined)[]> => {
    const kubevirt = await admin.call('GET', KUBEVIRT);
    return [JSON.stringify((kubevirt.body as { spec: unknown }).spec), ...(await budgetSpecs())];
  };
  const backupFile = (): string => join(backups, readdirSync(backups).find((name) => name.endsWith('.json')) ?? '');
  const restore = (...args: string[]): Promise<CliRun> =>
    env.pluginAsync(['fix-pdb', '--kubeconfig', config, '--restore', backupFile(), ...args]);
  const outcomes = (run: CliRun): string[] =>
    (JSON.parse(run.stdout) as { steps: { outcome: string }[] }).steps.map((step) => step.outcome);

  it.each(['drop-before', 'drop-after'] as const)(
    'restore: says which object the dropped connection (%s) left unrestored, exits 3, and a second restore completes exactly',
    async (kind) => {
      const seed = await loadFixture(admin, SEED);
      try {
        const before = await seedSpecs();
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
        expect(run.status).toBe(0);
        // The restore's real create of virt-api-pdb: the first POST that is not a dry run (kubevirt is put back first).
        let hit = false;
        proxy.rule = (request) => {
          if (hit || request.method !== 'POST' || (request.url ?? '').includes('dryRun')) return undefined;
          hit = true;
          return { kind };
        };
        const first = await restore();
        expect(first.status).toBe(3);
        expect(first.stdout).toMatch(/KubeVirt harvester-system\/kubevirt\s+revert\s+done/);
        expect(first.stdout).toMatch(/PodDisruptionBudget harvester-system\/virt-api-pdb\s+recreate\s+failed/);
        // The failure of one object does not stop the others.
        expect(first.stdout).toMatch(/PodDisruptionBudget harvester-system\/virt-controller-pdb\s+recreate\s+done/);
        expect(oneLineError(first)).toMatch(
          /^error: PodDisruptionBudget harvester-system\/virt-api-pdb: may or may not be restored \(the connection to the API server at http:\/\/127\.0\.0\.1:\d+ broke mid-request \(socket hang up\) .*\); run --restore again: it skips what is done$/,
        );
        // drop-before never reached the server; drop-after did.
        const created = await admin.call(
          'GET',
          '/apis/policy/v1/namespaces/harvester-system/poddisruptionbudgets/virt-api-pdb',
        );
        expect(created.status).toBe(kind === 'drop-before' ? 404 : 200);

        proxy.rule = () => undefined;
        const second = await restore('-o', 'json');
        expect(second.stderr).toBe('');
        expect(second.status).toBe(0);
        expect(outcomes(second)).toEqual(['identical', kind === 'drop-before' ? 'recreate' : 'identical', 'identical']);
        expect(await seedSpecs()).toEqual(before);
      } finally {
        await seed.unload();
      }
    },
  );

  /** A user budget db-0 holding a pod, relaxed by fix-pdb through the proxy (minAvailable 1 → 0). */
  const withRelaxedBudget = async (body: (namespace: string, path: string) => Promise<void>): Promise<void> => {
    const namespace = uniqueName('restore-409');
    await admin.must('POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
    });
    const path = `/apis/policy/v1/namespaces/${namespace}/poddisruptionbudgets/db-0`;
    const loaded = await loadFixture(admin, join(REPO, 'test', 'fixtures', 'drain', 'daemonsets-only'));
    try {
      await createBlockingPod(admin, namespace, 'db-0', 'harvester-node-2');
      const run = await env.pluginAsync([
        'fix-pdb',
        '--kubeconfig',
        config,
        '-n',
        namespace,
        'db-0',
        '--yes',
        '--backup-dir',
        backups,
      ]);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      await body(namespace, path);
    } finally {
      await admin.call('DELETE', `/api/v1/namespaces/${namespace}/pods/db-0?gracePeriodSeconds=0`);
      await admin.call('DELETE', path);
      await admin.call('DELETE', `/api/v1/namespaces/${namespace}`);
      await loaded.unload();
    }
  };

  /** The restore's real PUT of db-0 waits until `first` has changed the budget under it: a real 409. */
  const raceRestoreWith = (first: () => Promise<void>): void => {
    let raced = false;
    proxy.rule = (request) => {
      if (raced || request.method !== 'PUT' || (request.url ?? '').includes('dryRun')) return undefined;
      raced = true;
      return { kind: 'forward-after', first };
    };
  };

  const puts = (): (number | undefined)[] =>
    proxy.seen.filter((seen) => seen.method === 'PUT').map((seen) => seen.status);

  it('restore: a 409 because only the budget status moved is read again and written back', () =>
    withRelaxedBudget(async (namespace, path) => {
      const original = JSON.stringify({ minAvailable: 1, selector: { matchLabels: { app: 'db-0' } } });
      proxy.seen.length = 0;
      // The disruption controller's status update, between the plugin's read and its write.
      raceRestoreWith(() =>
        setBudgetStatus(admin, namespace, 'db-0', {
          expectedPods: 1,
          currentHealthy: 1,
          desiredHealthy: 0,
          disruptionsAllowed: 1,
        }),
      );
      const run = await restore();
      expect(proxy.actionErrors).toEqual([]);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/db-0\s+revert\s+done\s+written back from the backup/);
      // The dry run, the write refused with 409, and the write again with the new resourceVersion.
      expect(puts()).toEqual([200, 409, 200]);
      const budget = (await admin.must('GET', path)) as { spec: unknown };
      expect(JSON.stringify(budget.spec)).toBe(original);
    }));

  it('restore: a 409 because someone edited the budget spec is reported changed-since and overwrites nothing', () =>
    withRelaxedBudget(async (_namespace, path) => {
      proxy.seen.length = 0;
      raceRestoreWith(async () => {
        await admin.must('PATCH', path, { spec: { minAvailable: 3 } }, MERGE_PATCH);
      });
      const run = await restore();
      expect(proxy.actionErrors).toEqual([]);
      expect(run.status).toBe(1);
      expect(run.stdout).toMatch(/db-0\s+changed-since\s+skipped\s+changed by someone else since fix-pdb wrote it/);
      expect(puts()).toEqual([200, 409]);
      const budget = (await admin.must('GET', path)) as { spec: { minAvailable?: unknown } };
      expect(budget.spec.minAvailable).toBe(3);
    }));
});
