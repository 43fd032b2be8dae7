import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MachinesResult } from '../../src/results/machines.js';
import { kubeconfigYaml } from './control-plane.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';
import { describeLive, liveEnv, uniqueName } from './live-env.js';

/**
 * kube-apiserver gzips an answer over 128 KiB when the client accepts it (k8s.io/apiserver
 * pkg/endpoints/handlers/responsewriters/writers.go, defaultGzipThresholdBytes); client-go always asks, and so does
 * the plugin. A big cluster's lists are ~15× smaller on the wire that way (docs/performance.md).
 */
describeLive('gzip-compressed lists', () => {
  const env = liveEnv();
  if (!env) return;
  const { admin, plane } = env;
  const prefix = uniqueName('gz');
  const names = Array.from({ length: 40 }, (_, i) => `${prefix}-${String(i)}`);
  let folder: string;
  let proxy: FaultProxy;
  let config: string;

  beforeAll(async () => {
    // 40 nodes with 4 KiB of annotations each: one nodes page well over the threshold.
    await Promise.all(
      names.map((name) =>
        admin.must('POST', '/api/v1/nodes', {
          apiVersion: 'v1',
          kind: 'Node',
          metadata: { name, annotations: { 'example.com/padding': 'x'.repeat(4096) } },
        }),
      ),
    );
    proxy = await startFaultProxy(plane.server, plane.caFile);
    folder = mkdtempSync(join(tmpdir(), 'hu-gzip-'));
    config = join(folder, 'config');
    writeFileSync(config, kubeconfigYaml(proxy.url, plane.caFile, { admin: plane.adminToken }));
  });

  afterAll(async () => {
    await proxy.close();
    await Promise.all(names.map((name) => admin.call('DELETE', `/api/v1/nodes/${name}`)));
    rmSync(folder, { recursive: true, force: true });
  });

  const nodeRows = (stdout: string): string[] =>
    (JSON.parse(stdout) as MachinesResult).rows
      .map((row) => row.node ?? '')
      .filter((node) => node.startsWith(prefix))
      .sort();

  it('asks for gzip, gets a compressed nodes list, and reads every node from it', async () => {
    const run = await env.pluginAsync(['machines', '--kubeconfig', config, '-o', 'json']);
    expect(run.stderr).toBe('');
    expect(nodeRows(run.stdout)).toEqual([...names].sort());
    const nodes = proxy.seen.filter((seen) => new URL(seen.url, 'http://x').pathname === '/api/v1/nodes');
    expect(nodes.map((seen) => [seen.acceptEncoding, seen.encoding])).toEqual([['gzip', 'gzip']]);
  });

  it('sends the GET again when the compressed answer arrives cut short, and the result is complete', async () => {
    proxy.seen.length = 0;
    let hits = 0;
    proxy.rule = (request) =>
      new URL(request.url ?? '/', 'http://x').pathname === '/api/v1/nodes' && ++hits === 1
        ? { kind: 'truncate' }
        : undefined;
    const run = await env.pluginAsync(['machines', '--kubeconfig', config, '-o', 'json']);
    proxy.rule = () => undefined;
    expect(run.stderr).toBe('');
    expect(nodeRows(run.stdout)).toEqual([...names].sort());
    expect(hits).toBe(2);
  });
});
