import { readFileSync } from 'node:fs';
import { followSnapshot } from '../../src/cluster/follow-snapshot.js';
import { createKubeClient, type RequestLogEntry, type StreamingKubeClient } from '../../src/cluster/kube-client.js';
import { runWatchLoop, type WatchAnalysis } from '../../src/commands/watch-loop.js';
import type { ClusterSnapshot, ReadRequest } from '../../src/model/snapshot.js';
import { MERGE_PATCH } from './api.js';
import { apiServerRunning, startApiServer, stopApiServer, type ControlPlane } from './control-plane.js';
import { describeLive, liveEnv, uniqueName } from './live-env.js';

/**
 * The --watch machinery (cluster/follow-snapshot.ts and commands/watch-loop.ts) against the real kube-apiserver, in
 * process, with the small analysis `status` will replace: the state label of one Upgrade. Every request goes
 * through the plugin's own client, and its onRequest hook (what `-v 6` prints) counts them.
 */
const NS = 'harvester-system';
const UPGRADES = `/apis/harvesterhci.io/v1beta1/namespaces/${NS}/upgrades`;
const STATE = 'harvesterhci.io/upgradeState';
/** Upgrades, nodes, and a metadata-only kind (Secrets, watched as PartialObjectMetadata). */
const REQUESTS: readonly ReadRequest[] = [
  { key: 'upgrades', namespace: NS },
  { key: 'nodes' },
  { key: 'machinePlanSecrets', namespace: 'fleet-local' },
];
const INTERVAL = 300;
const TIMEOUT = 120_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const clientFor = (plane: ControlPlane, log: RequestLogEntry[]): StreamingKubeClient =>
  createKubeClient(
    {
      getCurrentCluster: () => ({ name: 'envtest', server: plane.server, skipTLSVerify: false }),
      applyToHTTPSOptions: (options) => {
        options.ca = readFileSync(plane.caFile);
        options.headers = { Authorization: `Bearer ${plane.adminToken}` };
        return Promise.resolve();
      },
    },
    'admin',
    undefined,
    {},
    (entry) => log.push(entry),
  );

const isWatch = (entry: RequestLogEntry): boolean => new URL(entry.url).searchParams.get('watch') === '1';
const lists = (log: readonly RequestLogEntry[], path: string): RequestLogEntry[] =>
  log.filter((entry) => !isWatch(entry) && new URL(entry.url).pathname === path);

/** The state of one Upgrade, and its end, as `status` will say it. */
const upgradeAnalysis =
  (name: string, ticks: { count: number }) =>
  (snapshot: ClusterSnapshot): WatchAnalysis => {
    ticks.count += 1;
    const upgrade = snapshot.items.upgrades?.find((item) => item.metadata?.name === name);
    const state = upgrade?.metadata?.labels?.[STATE] ?? 'none';
    return {
      lines: [`Upgrade ${name}: ${state}`],
      ...(state === 'Succeeded'
        ? { outcome: 'succeeded' as const }
        : state === 'Failed'
          ? { outcome: 'failed' as const }
          : {}),
    };
  };

/** etcd's own revision counter moved on past every resourceVersion served so far, then compacted up to it. */
const compactEtcd = async (plane: ControlPlane): Promise<void> => {
  const flag = plane.apiserver.args.find((arg) => arg.startsWith('--etcd-servers=')) ?? '';
  const etcd = flag.slice('--etcd-servers='.length);
  // etcd's gRPC gateway on its client URL (etcd v3.5: /v3/kv/put, /v3/kv/compaction); keys and values are base64.
  const put = (await (
    await fetch(`${etcd}/v3/kv/put`, {
      method: 'POST',
      body: JSON.stringify({ key: Buffer.from('/hu-test/compaction').toString('base64'), value: 'eA==' }),
    })
  ).json()) as { header: { revision: string } };
  const answer = await fetch(`${etcd}/v3/kv/compaction`, {
    method: 'POST',
    body: JSON.stringify({ revision: put.header.revision, physical: true }),
  });
  if (!answer.ok) throw new Error(`etcd compaction failed: ${String(answer.status)}`);
};

describeLive('--watch: one list per kind, then watches', () => {
  const env = liveEnv();
  if (!env) return;
  const { admin, plane } = env;
  let name: string;

  beforeAll(async () => {
    await admin.call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } });
  });
  beforeEach(async () => {
    name = uniqueName('hvst-upgrade');
    await admin.must('POST', UPGRADES, {
      apiVersion: 'harvesterhci.io/v1beta1',
      kind: 'Upgrade',
      metadata: { name, namespace: NS, labels: { [STATE]: 'Started' } },
      spec: { version: 'v1.8.1' },
    });
  });
  afterEach(async () => {
    if (!apiServerRunning(plane)) await startApiServer(plane);
    await admin.call('DELETE', `${UPGRADES}/${name}`);
  });

  const label = (state: string) =>
    admin.must('PATCH', `${UPGRADES}/${name}`, { metadata: { labels: { [STATE]: state } } }, MERGE_PATCH);

  /** The loop in process; `lines` fills as it prints. */
  const watching = (client: StreamingKubeClient, watchSeconds?: number) => {
    const lines: string[] = [];
    const ticks = { count: 0 };
    const done = runWatchLoop(
      () =>
        followSnapshot(client, REQUESTS, {
          backoffMs: 100,
          maxBackoffMs: 500,
          ...(watchSeconds ? { watchSeconds } : {}),
        }),
      upgradeAnalysis(name, ticks),
      { interval: INTERVAL, timeout: 90_000, write: (text) => lines.push(text.trimEnd()) },
    );
    let ended: number | undefined;
    void done.then((code) => (ended = code));
    /** Waits for a line; fails with what was printed when the loop ended without it. */
    const printed = async (pattern: RegExp): Promise<void> => {
      while (!lines.some((line) => pattern.test(line))) {
        if (ended !== undefined)
          throw new Error(`the loop ended (${String(ended)}) without ${String(pattern)}:\n${lines.join('\n')}`);
        await sleep(20);
      }
    };
    return { lines, ticks, done, printed };
  };

  it(
    'a: a change made through the API appears at the next tick; b: after the first lists nothing but one watch per kind is sent',
    async () => {
      const log: RequestLogEntry[] = [];
      const client = clientFor(plane, log);
      try {
        const loop = watching(client);
        await loop.printed(new RegExp(`Upgrade ${name}: Started$`));
        // Every watch answered (logged when its headers come), then several ticks with nothing changed: not one
        // request more.
        while (log.filter(isWatch).length < REQUESTS.length) await sleep(20);
        const settled = log.length;
        const ticksBefore = loop.ticks.count;
        while (loop.ticks.count < ticksBefore + 4) await sleep(20);
        expect(log.length).toBe(settled);
        await label('Succeeded');
        const atChange = loop.ticks.count;
        expect(await loop.done).toBe(0);
        // The tick that starts after the event arrived prints it: the next one, or the one after when the event came
        // while a tick was running (a loopback watch event takes milliseconds, a tick 300 ms).
        expect(loop.ticks.count - atChange).toBeLessThanOrEqual(2);
        expect(loop.lines.at(-1)).toMatch(new RegExp(`^\\S+Z  Upgrade ${name}: Succeeded$`));
        // Discovery, one list per kind (each on one page), one watch per kind from its list's resourceVersion.
        expect(log.filter((entry) => !isWatch(entry)).map((entry) => new URL(entry.url).pathname)).toEqual(
          expect.arrayContaining(['/apis', UPGRADES, '/api/v1/nodes', '/api/v1/namespaces/fleet-local/secrets']),
        );
        expect(log.filter((entry) => !isWatch(entry))).toHaveLength(1 + REQUESTS.length);
        const watches = log.filter(isWatch);
        expect(watches).toHaveLength(REQUESTS.length);
        expect(watches.every((entry) => entry.outcome === '200')).toBe(true);
        for (const entry of watches) {
          const query = new URL(entry.url).searchParams;
          expect(query.get('resourceVersion')).toMatch(/^\d+$/);
          expect(query.get('allowWatchBookmarks')).toBe('true');
        }
      } finally {
        client.close();
      }
    },
    TIMEOUT,
  );

  it(
    'b: watches the server ends at timeoutSeconds are opened again from the last resourceVersion, never listed again',
    async () => {
      const log: RequestLogEntry[] = [];
      const client = clientFor(plane, log);
      try {
        const loop = watching(client, 2);
        await loop.printed(new RegExp(`Upgrade ${name}: Started$`));
        while (log.filter(isWatch).length < REQUESTS.length * 3) await sleep(50);
        await label('Succeeded');
        expect(await loop.done).toBe(0);
        expect(log.filter((entry) => !isWatch(entry))).toHaveLength(1 + REQUESTS.length);
        const again = log.filter(isWatch).slice(REQUESTS.length);
        expect(again.every((entry) => new URL(entry.url).searchParams.get('resourceVersion') !== null)).toBe(true);
      } finally {
        client.close();
      }
    },
    TIMEOUT,
  );

  it(
    'd: survives a real API server restart: retries with backoff from the last resourceVersion, no list again',
    async () => {
      const log: RequestLogEntry[] = [];
      const client = clientFor(plane, log);
      try {
        const loop = watching(client);
        await loop.printed(new RegExp(`Upgrade ${name}: Started$`));
        await stopApiServer(plane);
        await loop.printed(/read failed, retrying: /);
        await startApiServer(plane);
        await label('Succeeded');
        expect(await loop.done).toBe(0);
        // Each reason once while it lasts (refused, then 503 and 429 while the server starts), not once per tick.
        const retries = loop.lines
          .filter((line) => line.includes('read failed, retrying'))
          .map((line) => line.slice(26));
        expect(retries.length).toBeGreaterThanOrEqual(1);
        expect(retries.filter((line, index) => line === retries[index - 1])).toEqual([]);
        // Built-in kinds resume from their resourceVersion without a list. A CRD's storage (and its watch cache) is
        // built again when the restarted server serves the CRD, past the old resourceVersion: that watch may get 410,
        // and lists once more (apiextensions-apiserver pkg/apiserver/customresource_handler.go, crdInfo per CRD).
        expect(lists(log, '/api/v1/nodes')).toHaveLength(1);
        expect(lists(log, '/api/v1/namespaces/fleet-local/secrets')).toHaveLength(1);
        expect(lists(log, UPGRADES).length).toBeLessThanOrEqual(2);
        expect(lists(log, '/apis')).toHaveLength(1);
        expect(log.filter(isWatch).some((entry) => entry.outcome.startsWith('failed'))).toBe(true);
      } finally {
        client.close();
      }
    },
    TIMEOUT,
  );

  it(
    "c: a resourceVersion older than etcd's compaction (410 Gone from the real server) lists each kind exactly once more",
    async () => {
      const log: RequestLogEntry[] = [];
      const client = clientFor(plane, log);
      try {
        const loop = watching(client);
        await loop.printed(new RegExp(`Upgrade ${name}: Started$`));
        // While the API server is down, etcd moves on and compacts: the restarted server's watch cache starts past
        // every resourceVersion the follower holds and answers its watches with 410 "too old resource version".
        await stopApiServer(plane);
        await compactEtcd(plane);
        await startApiServer(plane);
        while (lists(log, UPGRADES).length < 2) await sleep(50);
        await label('Succeeded');
        expect(await loop.done).toBe(0);
        expect(lists(log, UPGRADES)).toHaveLength(2);
        expect(lists(log, '/api/v1/nodes')).toHaveLength(2);
        expect(lists(log, '/api/v1/namespaces/fleet-local/secrets')).toHaveLength(2);
        expect(lists(log, '/apis')).toHaveLength(1);
      } finally {
        client.close();
      }
    },
    TIMEOUT,
  );
});
