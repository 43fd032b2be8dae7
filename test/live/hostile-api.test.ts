import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import type http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { MachinesResult } from '../../src/results/machines.js';
import { FIXTURES, type CliRun } from '../run-cli.js';
import { kubeconfigYaml } from './control-plane.js';
import { startFaultProxy, type Fault, type FaultProxy } from './fault-proxy.js';
import { loadFixture, type LoadedFixture } from './load-fixture.js';
import { describeLive, liveEnv } from './live-env.js';

/**
 * Issue #22, the live reader's half: answers a real kube-apiserver never sends, made by the fault proxy in front of
 * one. Each must cost that input ("not evaluated" with one reason) or the run (exit 3, one line), bounded in
 * memory and time; never a crash, never a pass. docs/reliability.md lists them.
 */
const HEALTHY = join(FIXTURES, 'healthy-3-node');

interface Check {
  readonly id: string;
  readonly status: string;
  readonly reason?: string;
}

const parsed = (run: CliRun): MachinesResult & { checks: Check[] } => {
  try {
    return JSON.parse(run.stdout) as MachinesResult & { checks: Check[] };
  } catch {
    throw new Error(`not JSON (exit ${String(run.status)}): ${run.stdout}\n${run.stderr}`);
  }
};

const oneLineError = (run: CliRun): string => {
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  return lines[0] ?? '';
};

const pathOf = (request: { url?: string }): string => new URL(request.url ?? '/', 'http://x').pathname;
const isNodes = (request: { url?: string; method?: string }): boolean =>
  request.method === 'GET' && pathOf(request) === '/api/v1/nodes';

/**
 * `mebibytes` MiB of spaces as one gzip stream of that many members, each one compressed MiB (about 1 KiB): gzip
 * readers inflate concatenated members as one body (RFC 1952 2.2), so 1 GiB arrives in about 1 MB.
 */
const gzipBomb = (mebibytes: number): Buffer => {
  const member = gzipSync(Buffer.alloc(1024 * 1024, 0x20), { level: 9 });
  return Buffer.concat(Array.from({ length: mebibytes }, () => member));
};

const json = (response: http.ServerResponse, body: unknown): void => {
  response.writeHead(200, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(body));
};

describeLive('answers a real API server never sends', () => {
  const env = liveEnv();
  if (!env) return;
  const { admin, plane } = env;
  let folder: string;
  let proxy: FaultProxy;
  let loaded: LoadedFixture;
  let config: string;
  let expected: MachinesResult['rows'];
  let nodesSeen = 0;

  /** `fault` for every request `match` selects, counting them. */
  const inject = (match: (request: http.IncomingMessage) => boolean, fault: (count: number) => Fault | undefined) => {
    nodesSeen = 0;
    proxy.rule = (request) => {
      if (!match(request)) return undefined;
      nodesSeen += 1;
      return fault(nodesSeen);
    };
  };

  const machines = (...args: string[]) => env.pluginAsync(['machines', '--kubeconfig', config, '-o', 'json', ...args]);

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'hu-hostile-'));
    loaded = await loadFixture(admin, HEALTHY);
    proxy = await startFaultProxy(plane.server, plane.caFile);
    config = join(folder, `config-${String(readdirSync(folder).length)}`);
    writeFileSync(config, kubeconfigYaml(proxy.url, plane.caFile, { admin: plane.adminToken }));
    const clean = await machines();
    expect({ status: clean.status, stderr: clean.stderr }).toEqual({ status: 0, stderr: '' });
    expected = parsed(clean).rows;
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

  const nodesInput = (run: CliRun): string | undefined =>
    parsed(run).checks.find((check) => check.id === 'machine-without-node')?.reason;

  it('discovery that answers 200 with a Status: exit 3, one line that says so', async () => {
    proxy.rule = (request) =>
      pathOf(request) === '/apis'
        ? {
            kind: 'answer',
            answer: (response) => {
              json(response, {
                kind: 'Status',
                apiVersion: 'v1',
                status: 'Failure',
                message: 'upstream connect error',
              });
            },
          }
        : undefined;
    const run = await machines();
    expect(run.status).toBe(3);
    expect(oneLineError(run)).toBe(
      'error: API discovery (/apis) answered 200 without a group list (a Status: upstream connect error) (check that the context points at a Kubernetes API server, not a proxy or another service)',
    );
  });

  it('a null API group costs that group only: the rest is read and the result is complete', async () => {
    proxy.rule = (request) =>
      pathOf(request) === '/apis'
        ? {
            kind: 'rewrite',
            rewrite: (body) => ({ ...(body as object), groups: [null, ...(body as { groups: unknown[] }).groups] }),
          }
        : undefined;
    const run = await machines();
    expect(run.status).toBe(0);
    expect(parsed(run).rows).toEqual(expected);
  });

  it.each([
    ['a null list body', () => null, 'returned no item list (null)'],
    [
      'an item that is not an object',
      (body: unknown) => ({ ...(body as object), items: [...(body as { items: unknown[] }).items, 'node-x'] }),
      'that is not an object with metadata',
    ],
    [
      'a continue token that is not a string',
      (body: unknown) => ({ ...(body as object), metadata: { continue: { next: 2 } } }),
      'returned a continue token that is not a string (object)',
    ],
    [
      'an object nested 3,000 deep',
      (body: unknown) => {
        let deep: unknown = {};
        for (let level = 0; level < 3000; level++) deep = { nested: deep };
        const [first, ...rest] = (body as { items: Record<string, unknown>[] }).items;
        return { ...(body as object), items: [{ ...first, spec: deep }, ...rest] };
      },
      'that cannot be read: nested deeper than 100 levels',
    ],
  ])('%s costs the nodes input only: not evaluated with the reason, exit 3', async (_what, rewrite, reason) => {
    inject(isNodes, () => ({ kind: 'rewrite', rewrite }));
    const run = await machines();
    expect(run.status).toBe(3);
    expect(run.stderr).toBe('');
    expect(nodesInput(run)).toMatch(/^list nodes /);
    expect(nodesInput(run)).toContain(reason);
    // The machines were still read: the report is made, with the nodes marked unread.
    expect(
      parsed(run)
        .rows.map((row) => row.machine)
        .sort(),
    ).toEqual(expected.map((row) => row.machine).sort());
  });

  it('a continue token that repeats stops the list at its second page: not evaluated, exit 3', async () => {
    inject(isNodes, (count) =>
      count === 1
        ? { kind: 'rewrite', rewrite: (body) => ({ ...(body as object), metadata: { continue: 'again' } }) }
        : {
            kind: 'answer',
            answer: (response) => {
              json(response, { kind: 'NodeList', apiVersion: 'v1', metadata: { continue: 'again' }, items: [] });
            },
          },
    );
    const run = await machines();
    expect(run.status).toBe(3);
    expect(nodesInput(run)).toContain('list nodes returned a continue token it had already returned');
    expect(nodesSeen).toBe(2);
  });

  it('continue tokens that never end stop after 1,000 pages: not evaluated, exit 3', async () => {
    inject(isNodes, (count) => ({
      kind: 'answer',
      answer: (response) => {
        json(response, {
          kind: 'NodeList',
          apiVersion: 'v1',
          metadata: { continue: `page-${String(count)}` },
          items: [],
        });
      },
    }));
    const run = await machines();
    expect(run.status).toBe(3);
    expect(nodesInput(run)).toContain('list nodes was still not finished after 1000 pages of 500: stopped');
    expect(nodesSeen).toBe(1000);
  });

  it('a 1 MB gzip answer that inflates to 1 GiB is refused past 256 MiB, fetched once, and costs the nodes input', async () => {
    const bomb = gzipBomb(1024);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    inject(isNodes, () => ({
      kind: 'answer',
      answer: (response) => {
        response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
        response.end(bomb);
      },
    }));
    const run = await machines();
    expect(run.status).toBe(3);
    expect(nodesInput(run)).toContain(
      `list nodes could not be read: the API server at ${proxy.url} sent more than 256 MiB for /api/v1/nodes once inflated: refused`,
    );
    expect(nodesSeen).toBe(1);
  });

  it('a chunked body that never ends is refused past 256 MiB and fetched once', async () => {
    inject(isNodes, () => ({
      kind: 'answer',
      answer: (response) => {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        const chunk = Buffer.alloc(256 * 1024, 0x20);
        const more = (): void => {
          while (!response.destroyed && response.write(chunk));
          if (!response.destroyed) response.once('drain', more);
        };
        more();
      },
    }));
    const run = await machines();
    expect(run.status).toBe(3);
    expect(nodesInput(run)).toContain('sent more than 256 MiB for /api/v1/nodes: refused');
    expect(nodesSeen).toBe(1);
  });

  it('a body that trickles a byte at a time stops at --request-timeout: exit 3, one line', async () => {
    const timers: NodeJS.Timeout[] = [];
    inject(isNodes, () => ({
      kind: 'answer',
      answer: (response) => {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.write('{');
        const timer = setInterval(() => response.write(' '), 100);
        timers.push(timer);
        response.on('close', () => {
          clearInterval(timer);
        });
      },
    }));
    try {
      const run = await machines('--request-timeout', '1s');
      expect(run.status).toBe(3);
      expect(oneLineError(run)).toBe(
        `error: the API server at ${proxy.url} did not answer within 1s (raise --request-timeout or check the cluster)`,
      );
    } finally {
      for (const timer of timers) clearInterval(timer);
    }
  });

  it('an EndpointSlice with ports: {} leaves the certificate check not evaluated, with the reason', async () => {
    proxy.rule = (request) =>
      pathOf(request).endsWith('/endpointslices')
        ? {
            kind: 'rewrite',
            // The test control plane may have no slice for default/kubernetes: one is put in, with `ports: {}`.
            rewrite: (body) => ({
              ...(body as object),
              items: [
                ...(body as { items: object[] }).items.map((slice) => ({ ...slice, ports: {} })),
                {
                  metadata: { name: 'kubernetes' },
                  addressType: 'IPv4',
                  ports: {},
                  endpoints: [{ addresses: ['127.0.0.1'] }],
                },
              ],
            }),
          }
        : undefined;
    const run = await env.pluginAsync([
      'precheck',
      '--kubeconfig',
      config,
      '-o',
      'json',
      '--only',
      'api-server-certificate-expiry',
    ]);
    expect(run.stderr).toBe('');
    const check = parsed(run).checks.find((found) => found.id === 'api-server-certificate-expiry');
    expect(check).toMatchObject({
      status: 'not-evaluated',
      reason: expect.stringContaining('no API server endpoint to dial') as unknown,
    });
  });

  describe('explain-drain --watch', () => {
    const watch = (kubeconfig: string) =>
      env.pluginAsync([
        'explain-drain',
        '--watch',
        '--interval',
        '200ms',
        '--timeout',
        '20s',
        '--kubeconfig',
        kubeconfig,
      ]);

    it('stops at once on rejected credentials (401 from the real server): exit 3, one line', async () => {
      const bad = join(folder, 'bad-token');
      writeFileSync(bad, kubeconfigYaml(proxy.url, plane.caFile, { admin: 'not-a-token' }));
      const run = await watch(bad);
      expect(run.status).toBe(3);
      expect(run.stdout).not.toContain('retrying');
      expect(oneLineError(run)).toMatch(/rejected the credentials of context .* \(401 Unauthorized\)/);
      expect(proxy.seen.filter((seen) => pathOf(seen) === '/apis')).toHaveLength(1);
    });

    it('stops at once on a forbidden discovery (403): exit 3, one line', async () => {
      proxy.rule = (request) =>
        pathOf(request) === '/apis' ? { kind: 'status', status: 403, reason: 'Forbidden' } : undefined;
      const run = await watch(config);
      expect(run.status).toBe(3);
      expect(run.stdout).not.toContain('retrying');
      expect(oneLineError(run)).toContain('API discovery failed (403)');
    });

    it('keeps retrying on what heals (500 on discovery), then reads on', async () => {
      let failures = 0;
      proxy.rule = (request) =>
        pathOf(request) === '/apis' && ++failures <= 4 ? { kind: 'status', status: 500 } : undefined;
      const run = await watch(config);
      expect(run.stdout).toContain('read failed, retrying: API discovery failed (500)');
      expect(failures).toBeGreaterThan(4);
    });
  });
});
