import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { StatusResult } from '../../src/results/status.js';
import { REPO, runCli, type CliRun } from '../run-cli.js';
import { grantLimitedReader } from './kube-status.js';
import { loadFixture } from './load-fixture.js';
import { describeLive, liveEnv, uniqueName } from './live-env.js';

const STATUS = join(REPO, 'test', 'fixtures', 'status');

const json = (run: CliRun): StatusResult => {
  try {
    return JSON.parse(run.stdout) as StatusResult;
  } catch {
    throw new Error(`not JSON (exit ${String(run.status)}): ${run.stdout}\n${run.stderr}`);
  }
};

/**
 * What may differ between a bundle and the same objects served live: where they were read and when (the stall's
 * age is measured from the read), and the --bundle flag in the suggested explain-drain command. The fixture pods
 * have no kubelet, so logs are compared offline only (--log-lines 0 both ways here).
 */
const comparable = (result: StatusResult) => ({
  verdict: result.verdict,
  upgrade: result.upgrade,
  phases: result.phases,
  waitingFor: result.waitingFor,
  jobs: result.jobs,
  nodes: result.nodes.map((node) =>
    node.drain ? { ...node, drain: { ...node.drain, command: node.drain.command.replace(/ --bundle .*$/, '') } } : node,
  ),
  findings: result.findings.map((finding) => ({
    ...finding,
    message: finding.message.replace(/ \(\d+[dhm][\dhm]*\), and upstream/, ' (age), and upstream'),
  })),
  notEvaluated: result.notEvaluated,
});

describeLive('status against a real API server', () => {
  const env = liveEnv();
  if (!env) return;
  const { admin } = env;

  it.each(readdirSync(STATUS))('gives the same report live as offline for the %s scenario', async (scenario) => {
    const folder = join(STATUS, scenario);
    const args = ['-o', 'json', '--log-lines', '0'];
    const offline = runCli(['status', '--bundle', folder, ...args]);
    const loaded = await loadFixture(admin, folder);
    try {
      const live = env.plugin(['status', ...args]);
      expect(comparable(json(live))).toEqual(comparable(json(offline)));
      expect(live.status).toBe(offline.status);
    } finally {
      await loaded.unload();
    }
  });

  it('reports the logs NOT EVALUATED, with the reason, when pods/log is not granted', async () => {
    const revoke = await grantLimitedReader(admin, uniqueName('status-no-logs'), [
      { apiGroups: [''], resources: ['nodes', 'pods'], verbs: ['list'] },
      { apiGroups: ['batch'], resources: ['jobs'], verbs: ['list'] },
      { apiGroups: ['harvesterhci.io'], resources: ['upgrades'], verbs: ['list'] },
    ]);
    const loaded = await loadFixture(admin, join(STATUS, 'manifests-kubevirt'));
    try {
      const result = json(env.plugin(['status', '--context', 'limited', '-o', 'json']));
      expect(result.notEvaluated).toContainEqual({
        input: 'pods/log',
        reason: 'forbidden: get pods/log (grant the optional pods-log rule of deploy/rbac/reader.yaml)',
      });
      expect(result.jobs[0]?.pods[0]?.log).toMatchObject({ status: 'not-evaluated' });
      expect(result.phases.find((phase) => phase.id === 'system-services')?.state).toBe('running');
    } finally {
      await loaded.unload();
      await revoke();
    }
  });
});
