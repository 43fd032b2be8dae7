import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DrainResult as ExplainDrainResult } from '../../src/results/drain.js';
import { REPO, runCli, type CliRun } from '../run-cli.js';
import { createBlockingPod, grantLimitedReader } from './kube-status.js';
import { loadFixture } from './load-fixture.js';
import { describeLive, liveEnv, uniqueName } from './live-env.js';

const DRAIN = join(REPO, 'test', 'fixtures', 'drain');

const json = (run: CliRun): ExplainDrainResult => {
  try {
    return JSON.parse(run.stdout) as ExplainDrainResult;
  } catch {
    throw new Error(`not JSON (exit ${String(run.status)}): ${run.stdout}\n${run.stderr}`);
  }
};

/**
 * The stage as both reads must agree on it. Where the hand-shake is unknown, only its reason may differ: a bundle
 * holds no Secrets, and the cluster the fixture is loaded into has no plan Secret either.
 */
const comparableStage = (result: ExplainDrainResult) => {
  const stage = result.upgrade;
  if (!stage || stage.handshake.known) return stage;
  const { unknown: _unknown, ...handshake } = stage.handshake;
  return {
    ...stage,
    handshake,
    summary: stage.summary.replace(/hand-shake is unknown \([^)]*\)/, 'hand-shake is unknown'),
  };
};

const predictions = (result: ExplainDrainResult) =>
  (result.pods ?? []).map((pod) => ({
    pod: `${pod.namespace}/${pod.name}`,
    verdict: pod.verdict,
    reasons: pod.reasons,
  }));

describeLive('explain-drain against a real API server', () => {
  const env = liveEnv();
  if (!env) return;
  const { admin } = env;

  it.each(readdirSync(DRAIN))(
    'predicts the %s scenario as offline, and the real eviction API agrees under --probe',
    async (scenario) => {
      const folder = join(DRAIN, scenario);
      const node = readFileSync(join(folder, 'node.txt'), 'utf8').trim();
      const offline = json(runCli(['explain-drain', node, '--bundle', folder, '-o', 'json']));
      const loaded = await loadFixture(admin, folder);
      try {
        const run = env.plugin(['explain-drain', node, '--probe', '-o', 'json']);
        const live = json(run);
        expect(predictions(live)).toEqual(predictions(offline));
        expect(comparableStage(live)).toEqual(comparableStage(offline));
        expect(live.drains[0]?.notReady).toEqual(offline.drains[0]?.notReady);
        const probed = (live.pods ?? []).filter((pod) => pod.verdict !== 'skip');
        expect(probed.every((pod) => pod.probe !== undefined)).toBe(true);
        // 429 with the budget's cause, 500 for two budgets, 201 when allowed.
        expect(probed.filter((pod) => !pod.probe?.agrees)).toEqual([]);
        for (const pod of probed) {
          const budget = pod.reasons.find((reason) => reason.filter === 'pdb-eviction');
          if (budget?.verdict === 'block') expect(pod.probe?.status).toBe(429);
          if (budget?.verdict === 'evict' && pod.verdict === 'evict') expect(pod.probe?.status).toBe(201);
          if (pod.reasons.some((reason) => reason.filter === 'pod-under-two-budgets')) {
            expect(pod.probe).toMatchObject({
              status: 500,
              message: expect.stringContaining('more than one') as unknown,
            });
          }
        }
        expect(run.status).toBe(offline.findings.length > 0 ? 1 : 0);
      } finally {
        await loaded.unload();
      }
    },
  );

  /**
   * The daemonsets-only node plus one bare pod `db-0` under a budget that allows no disruption, in a namespace of
   * its own; `body` gets the node and that namespace, and everything is removed afterwards.
   */
  const withBlockedNode = async (prefix: string, body: (node: string, namespace: string) => Promise<void>) => {
    const folder = join(DRAIN, 'daemonsets-only');
    const node = readFileSync(join(folder, 'node.txt'), 'utf8').trim();
    const loaded = await loadFixture(admin, folder);
    const namespace = uniqueName(prefix);
    await admin.must('POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
    });
    try {
      await createBlockingPod(admin, namespace, 'db-0', node);
      await body(node, namespace);
    } finally {
      await admin.call('DELETE', `/api/v1/namespaces/${namespace}/pods/db-0?gracePeriodSeconds=0`);
      await admin.call('DELETE', `/apis/policy/v1/namespaces/${namespace}/poddisruptionbudgets/db-0`);
      await loaded.unload();
    }
  };

  it('watches a node until its last blocking pod is gone, printing only what changed', () =>
    withBlockedNode('watch', async (node, namespace) => {
      const watching = env.pluginAsync(['explain-drain', node, '--watch', '--interval', '1s', '--timeout', '60s']);
      await new Promise((resolve) => setTimeout(resolve, 2500));
      await admin.must('DELETE', `/api/v1/namespaces/${namespace}/pods/db-0?gracePeriodSeconds=0`);
      const run = await watching;
      expect(run.status).toBe(0);
      const lines = run.stdout.trim().split('\n');
      expect(lines.some((line) => line.includes(`pod ${namespace}/db-0: block`))).toBe(true);
      expect(lines.some((line) => line.includes(`pod ${namespace}/db-0: gone`))).toBe(true);
      expect(lines.at(-1)).toMatch(/drained: nothing left to evict$/);
      // Unchanged pods are printed once, when first seen.
      expect(lines.filter((line) => line.includes('kube-proxy-')).length).toBe(1);
    }));

  it('gives up --watch at --timeout with exit 1 while a pod still blocks', () =>
    withBlockedNode('timeout', async (node) => {
      const run = await env.pluginAsync(['explain-drain', node, '--watch', '--interval', '1s', '--timeout', '2s']);
      expect(run.status).toBe(1);
      expect(run.stdout.trim().split('\n').at(-1)).toMatch(/timed out: the drain is still blocked$/);
    }));

  it('names the inputs it could not read beside the verdicts, for a user who may read only nodes, pods and budgets', async () => {
    const revoke = await grantLimitedReader(admin, uniqueName('drain-core-only'), [
      { apiGroups: ['', 'policy'], resources: ['nodes', 'pods', 'poddisruptionbudgets'], verbs: ['list'] },
    ]);
    const loaded = await loadFixture(admin, join(DRAIN, 'daemonsets-only'));
    try {
      const run = env.plugin(['explain-drain', 'harvester-node-2', '--context', 'limited', '-o', 'json']);
      expect(run.status).toBe(3);
      expect(json(run).notRead).toContainEqual({
        input: 'virtualmachineinstances.kubevirt.io',
        reason: 'forbidden: list virtualmachineinstances.kubevirt.io',
      });
      const table = env.plugin(['explain-drain', 'harvester-node-2', '--context', 'limited']);
      expect(table.stdout).toContain('Not read (the verdicts above may miss what these hold):');
      expect(table.stdout).toContain(
        '  virtualmachineinstances.kubevirt.io: forbidden: list virtualmachineinstances.kubevirt.io',
      );
    } finally {
      await loaded.unload();
      await revoke();
    }
  });

  it('exits 3 for a user who may not list pods, in one-shot and --watch mode', async () => {
    const revoke = await grantLimitedReader(admin, uniqueName('drain-nodes-only'), [
      { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list'] },
    ]);
    const loaded = await loadFixture(admin, join(DRAIN, 'daemonsets-only'));
    try {
      expect(env.plugin(['explain-drain', 'harvester-node-2', '--context', 'limited']).status).toBe(3);
      const watch = env.plugin(['explain-drain', 'harvester-node-2', '--context', 'limited', '--watch']);
      expect(watch.status).toBe(3);
      expect(watch.stdout).toMatch(/cannot tell whether the node is drained: forbidden: list pods/);
    } finally {
      await loaded.unload();
      await revoke();
    }
  });
});
