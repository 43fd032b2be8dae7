import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PrecheckResult } from '../../src/results/precheck.js';
import { REPO, runCli, type CliRun } from '../run-cli.js';
import { grantLimitedReader } from './kube-status.js';
import { startKubeletStandIn } from './kubelet-standin.js';
import { loadFixture } from './load-fixture.js';
import { describeLive, liveEnv, uniqueName } from './live-env.js';
import { MERGE_PATCH } from './api.js';

const SCENARIOS = join(REPO, 'test', 'fixtures', 'scenarios');
/** Read only live: a bundle holds neither kubelet stats nor a TLS handshake. */
const PROBE_CHECKS = new Set(['node-disk-space', 'api-server-certificate-expiry']);

const json = (run: CliRun): PrecheckResult => {
  try {
    return JSON.parse(run.stdout) as PrecheckResult;
  } catch {
    throw new Error(`not JSON (exit ${String(run.status)}): ${run.stdout}\n${run.stderr}`);
  }
};

/**
 * The API server sets an object's deletionTimestamp when it is deleted (load-fixture deletes the fixture's deleting
 * objects behind a finalizer), never to the fixture's value: the time in "being deleted since …" is left out.
 */
const DELETED_SINCE = /(being deleted since )\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g;

const withoutProbes = (result: PrecheckResult) => ({
  checks: result.checks.filter((check) => !PROBE_CHECKS.has(check.id)),
  findings: result.findings
    .filter((finding) => !PROBE_CHECKS.has(finding.check))
    .map((finding) => ({ ...finding, message: finding.message.replace(DELETED_SINCE, '$1(deletion time)') })),
});

describeLive('precheck against a real API server', () => {
  const env = liveEnv();
  if (!env) return;
  const { admin, plane } = env;

  it.each(readdirSync(SCENARIOS))('gives the same verdicts live as offline for the %s scenario', async (scenario) => {
    const folder = join(SCENARIOS, scenario);
    // Offline, backup ages are judged at the bundle's creation time; live, at the time of the read. A maximum age
    // longer than the fixtures will ever be old keeps both verdicts the same whatever day the tests run; the age
    // itself is tested live in node-loss.test.ts with backups made relative to now.
    const ageless = ['--backup-max-age', '36500d'];
    // The fixture nodes' addresses (10.0.0.x) are no hosts of ours to dial: the RKE2 certificate probe is tried live
    // against servers of its own in rke2-certificates.test.ts.
    const ownServersOnly = ['--skip', 'rke2-certificate-expiry'];
    const offline = runCli(['precheck', '--bundle', folder, '-o', 'json', ...ageless, ...ownServersOnly]);
    const loaded = await loadFixture(admin, folder);
    try {
      const live = env.plugin(['precheck', '-o', 'json', ...ageless, ...ownServersOnly]);
      expect(withoutProbes(json(live))).toEqual(withoutProbes(json(offline)));
      // Nothing is left unread live: every list is allowed and every kind installed.
      expect(json(live).checks.filter((check) => check.status === 'not-evaluated')).toEqual([]);
      // The fixture nodes have no kubelet: their stats are reported missing, never passed, and as errors, since
      // Harvester's webhook refuses an upgrade it cannot measure. So live exits 1 where offline (stats read live
      // only) exits 0; every other verdict is the same.
      const disk = json(live).findings.filter((finding) => finding.check === 'node-disk-space');
      expect(disk.length).toBeGreaterThan(0);
      expect(disk.every((finding) => finding.severity === 'error')).toBe(true);
      expect(live.status).toBe(Math.max(offline.status ?? 0, 1));
    } finally {
      await loaded.unload();
    }
  });

  it('checks the API server certificate live and reports it not evaluated offline', () => {
    const live = json(env.plugin(['precheck', '--only', 'api-server-certificate-expiry', '-o', 'json']));
    expect(live.checks).toEqual([expect.objectContaining({ id: 'api-server-certificate-expiry', status: 'pass' })]);
    const offline = json(
      runCli([
        'precheck',
        '--bundle',
        join(SCENARIOS, 'healthy-3-node'),
        '--only',
        'api-server-certificate-expiry',
        '-o',
        'json',
      ]),
    );
    expect(offline.checks).toEqual([
      expect.objectContaining({
        status: 'not-evaluated',
        reason: 'API server certificate: read live only',
      }),
    ]);
  });

  it('reads kubelet stats and the image GC threshold through the node proxy and flags a full node', async () => {
    const kubelet = await startKubeletStandIn(join(plane.dir, 'pki'), {
      usedBytes: 90e9,
      capacityBytes: 120e9,
      availableBytes: 30e9,
      imageGCHighThresholdPercent: 80,
    });
    const name = uniqueName('full-node');
    try {
      await admin.must('POST', '/api/v1/nodes', {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: {
          name,
          labels: { 'harvesterhci.io/managed': 'true' },
          annotations: { 'rke2.io/internal-ip': kubelet.address },
        },
      });
      await admin.must(
        'PATCH',
        `/api/v1/nodes/${name}/status`,
        {
          status: {
            conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
            addresses: [{ type: 'InternalIP', address: kubelet.address }],
            daemonEndpoints: { kubeletEndpoint: { Port: kubelet.port } },
          },
        },
        MERGE_PATCH,
      );
      const run = await env.pluginAsync(['precheck', '--only', 'node-disk-space', '-o', 'json']);
      expect(json(run).findings).toEqual([
        expect.objectContaining({
          check: 'node-disk-space',
          severity: 'error',
          object: { kind: 'Node', name },
          message: expect.stringMatching(/will reach 8\d\.\d\d% .* threshold of 80%/) as unknown,
        }),
      ]);
      expect(run.status).toBe(1);
    } finally {
      await admin.call('DELETE', `/api/v1/nodes/${name}`);
      await kubelet.close();
    }
  });

  it('reports forbidden lists and nodes/proxy as not evaluated and exits 3 for an RBAC-limited user', async () => {
    const revoke = await grantLimitedReader(admin, uniqueName('precheck-nodes-only'), [
      { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list'] },
    ]);
    const loaded = await loadFixture(admin, join(SCENARIOS, 'healthy-3-node'));
    try {
      const run = env.plugin(['precheck', '--context', 'limited', '-o', 'json']);
      expect(run.status).toBe(3);
      const checks = json(run).checks;
      expect(checks).toContainEqual(
        expect.objectContaining({ id: 'pod-pending', status: 'not-evaluated', reason: 'forbidden: list pods' }),
      );
      expect(checks).toContainEqual(
        expect.objectContaining({
          id: 'node-disk-space',
          status: 'not-evaluated',
          reason: expect.stringContaining('forbidden: get nodes/proxy') as unknown,
        }),
      );
      expect(checks).toContainEqual(expect.objectContaining({ id: 'node-not-ready', status: 'pass' }));
      expect(checks.some((check) => check.status === 'pass' && check.id.startsWith('pod-'))).toBe(false);
    } finally {
      await loaded.unload();
      await revoke();
    }
  });
});
