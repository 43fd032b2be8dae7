import fc from 'fast-check';
import type { ReadRequest } from '../model/snapshot.js';
import { ClusterError } from './errors.js';
import type { KubeClient, KubeResponse, RequestOptions } from './kube-client.js';
import { discoverGroups, readLiveSnapshot, type ServedVersions } from './read-live.js';
import { UsageProblem } from './read-snapshot.js';
import { broken, pathsOf } from '../../test/json-damage.js';
import { recordingClient } from '../../test/recording-client.js';

/** Answers every list with no items, `/apis` with no groups, and records each path it was asked for. */
const recording = () =>
  recordingClient((path) => ({ body: path === '/apis' ? { groups: [] } : { items: [], metadata: {} } }));

describe('readLiveSnapshot', () => {
  it('lists a namespaced kind in the namespace asked for', async () => {
    const { client, paths } = recording();
    await readLiveSnapshot(client, [{ key: 'machinePlanSecrets', namespace: 'cattle-fleet-local-system' }]);
    expect(paths).toEqual(['/apis', '/api/v1/namespaces/cattle-fleet-local-system/secrets']);
  });

  it.each([
    ['fleetHelmReleaseSecrets', 'cattle-fleet-system'],
    ['rancherHelmReleaseSecrets', 'cattle-system'],
  ] as const)(
    'lists %s as metadata only, narrowed on the server to Helm release Secrets of %s',
    async (key, namespace) => {
      const seen: { path: string; options?: RequestOptions }[] = [];
      const { client } = recordingClient((path, options) => {
        seen.push({ path, ...(options ? { options } : {}) });
        return { body: path === '/apis' ? { groups: [] } : { items: [], metadata: {} } };
      });
      await readLiveSnapshot(client, [{ key, namespace }]);
      const list = seen.find((request) => request.path.endsWith('/secrets'));
      expect(list?.path).toBe(`/api/v1/namespaces/${namespace}/secrets`);
      expect(list?.options?.accept).toBe('application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1');
      expect(list?.options?.query).toMatchObject({
        labelSelector: 'owner=helm',
        fieldSelector: 'type=helm.sh/release.v1',
      });
    },
  );

  it('keeps no data of a Helm release Secret, even from a server that sends it', async () => {
    const { client } = recordingClient((path) => ({
      body:
        path === '/apis'
          ? { groups: [] }
          : {
              metadata: {},
              items: [
                {
                  metadata: {
                    name: 'sh.helm.release.v1.fleet.v3',
                    namespace: 'cattle-fleet-system',
                    labels: { owner: 'helm' },
                  },
                  type: 'helm.sh/release.v1',
                  data: { release: 'SDRzSUFBQUFBQUFBLzZ4Vw==' },
                },
              ],
            },
    }));
    const snapshot = await readLiveSnapshot(client, [
      { key: 'fleetHelmReleaseSecrets', namespace: 'cattle-fleet-system' },
    ]);
    expect(snapshot.items.fleetHelmReleaseSecrets).toHaveLength(1);
    expect(JSON.stringify(snapshot)).not.toContain('SDRzSUFBQUFBQUFBLzZ4Vw');
  });

  it.each(['../../../../api/v1/secrets?x=', '', 'a/b', '..'])(
    'sends no request at all for the namespace %j, which would leave the namespace it names',
    async (namespace) => {
      const { client, paths } = recording();
      await expect(readLiveSnapshot(client, [{ key: 'machinePlanSecrets', namespace }])).rejects.toThrow(UsageProblem);
      expect(paths).toEqual([]);
    },
  );
});

type Handler = (path: string, options: RequestOptions) => KubeResponse | Promise<KubeResponse>;

/** A KubeClient whose answers come from `handler`, counting the requests. */
const fakeClient = (handler: Handler): KubeClient & { readonly requests: string[] } => {
  const requests: string[] = [];
  return {
    server: 'https://api.example',
    contextName: 'test',
    requests,
    request: (path, options = {}) => {
      requests.push(`${path}?continue=${options.query?.continue ?? ''}`);
      return Promise.resolve(handler(path, options));
    },
    close: () => undefined,
  };
};

const ok = (body: unknown): KubeResponse => ({ status: 200, headers: { 'content-type': 'application/json' }, body });
const node = (name: string): Record<string, unknown> => ({
  metadata: { name, uid: `uid-${name}`, labels: { 'kubernetes.io/hostname': name } },
  status: { conditions: [{ type: 'Ready', status: 'True' }] },
});
const nodeList = (items: unknown, metadata: unknown = { resourceVersion: '7' }): unknown => ({
  kind: 'NodeList',
  apiVersion: 'v1',
  metadata,
  items,
});
const CORE_ONLY: ServedVersions = new Map();
const READS: ReadRequest[] = [{ key: 'nodes' }, { key: 'pods' }];

/** Nodes answered by `nodes`, pods always a healthy empty list. */
const readWith = async (nodes: Handler) => {
  const client = fakeClient((path, options) =>
    path === '/api/v1/nodes' ? nodes(path, options) : ok({ kind: 'PodList', metadata: {}, items: [] }),
  );
  const snapshot = await readLiveSnapshot(client, READS, CORE_ONLY);
  return { snapshot, client, nodes: snapshot.inputs.nodes, pods: snapshot.inputs.pods };
};

const reasonOf = (input: unknown): string =>
  typeof input === 'object' && input !== null && 'reason' in input ? String(input.reason) : '';

describe('discoverGroups', () => {
  it('refuses a 200 that carries a Status instead of a group list, saying so', async () => {
    const client = fakeClient(() =>
      ok({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: 'the gateway is warming up' }),
    );
    const error = await discoverGroups(client).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ClusterError);
    expect((error as ClusterError).oneLine()).toBe(
      'API discovery (/apis) answered 200 without a group list (a Status: the gateway is warming up) (check that the context points at a Kubernetes API server, not a proxy or another service)',
    );
  });

  it.each([[null], ['<html>login</html>'], [{ kind: 'APIGroupList', groups: 'none' }]])(
    'refuses a 200 whose body is %j',
    async (body) => {
      await expect(discoverGroups(fakeClient(() => ok(body)))).rejects.toThrow(/without a group list/);
    },
  );

  it('skips a null or nameless group and keeps the others', async () => {
    const groups = await discoverGroups(
      fakeClient(() =>
        ok({
          kind: 'APIGroupList',
          groups: [
            null,
            { versions: [{ version: 'v1' }] },
            { name: 'kubevirt.io', versions: null, preferredVersion: 7 },
            {
              name: 'harvesterhci.io',
              versions: [null, { version: 'v1beta1' }],
              preferredVersion: { version: 'v1beta1' },
            },
          ],
        }),
      ),
    );
    expect([...groups.entries()]).toEqual([
      ['kubevirt.io', { served: [] }],
      ['harvesterhci.io', { served: ['v1beta1'], preferred: 'v1beta1' }],
    ]);
  });
});

describe('readLiveSnapshot: one bad answer costs one input', () => {
  it('reads a healthy list (the quiet case)', async () => {
    const { nodes, pods, snapshot } = await readWith(() => ok(nodeList([node('a'), node('b')])));
    expect(nodes).toEqual({ status: 'ok' });
    expect(pods).toEqual({ status: 'ok' });
    expect(snapshot.items.nodes).toHaveLength(2);
  });

  it.each([
    ['a null body', null, 'returned no item list (null)'],
    ['a Status with 200', { kind: 'Status', message: 'try later' }, 'returned no item list (a Status: try later)'],
    ['items that are not a list', nodeList({ a: 1 }), 'returned no item list (an object of another kind)'],
    ['an item that is a number', nodeList([node('a'), 7]), 'returned an item (1) that is not an object with metadata'],
    ['an item that is null', nodeList([null]), 'returned an item (0) that is not an object with metadata'],
    ['an item without metadata', nodeList([{ spec: {} }]), 'returned an item (0) that is not an object with metadata'],
    [
      'a continue token that is a number',
      nodeList([node('a')], { continue: 5 }),
      'returned a continue token that is not a string (number)',
    ],
  ])('%s fails that input only, with the reason', async (_what, body, reason) => {
    const { nodes, pods } = await readWith(() => ok(body));
    expect(nodes?.status).toBe('failed');
    expect(reasonOf(nodes)).toContain(`list nodes ${reason}`);
    expect(pods).toEqual({ status: 'ok' });
  });

  it('stops a list whose continue token repeats', async () => {
    const { nodes, client } = await readWith(() => ok(nodeList([node('a')], { continue: 'again' })));
    expect(reasonOf(nodes)).toBe(
      'list nodes returned a continue token it had already returned: the list would never end',
    );
    expect(client.requests.filter((request) => request.startsWith('/api/v1/nodes'))).toHaveLength(2);
  });

  it('stops a list whose continue tokens never end, after a bounded number of pages', async () => {
    let page = 0;
    const { nodes, client } = await readWith(() => ok(nodeList([], { continue: `page-${String(++page)}` })));
    expect(reasonOf(nodes)).toBe('list nodes was still not finished after 1000 pages of 500: stopped');
    expect(client.requests.filter((request) => request.startsWith('/api/v1/nodes'))).toHaveLength(1000);
  });

  it('fails the input of an object nested 3,000 deep, and reads the others', async () => {
    let deep: Record<string, unknown> = {};
    for (let level = 0; level < 3000; level++) deep = { nested: deep };
    const { nodes, pods } = await readWith(() => ok(nodeList([{ ...node('a'), spec: deep }])));
    expect(nodes?.status).toBe('failed');
    expect(reasonOf(nodes)).toBe('list nodes returned an item (0) that cannot be read: nested deeper than 100 levels');
    expect(pods).toEqual({ status: 'ok' });
  });
});

const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.constantFrom<unknown>('x', 1, null, {}, []), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.constantFrom<unknown>(1, 'x', null, [], {}), { maxKeys: 3 }),
);

const isObjectWithMetadata = (value: unknown): boolean =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  typeof (value as { metadata?: unknown }).metadata === 'object' &&
  (value as { metadata?: unknown }).metadata !== null &&
  !Array.isArray((value as { metadata?: unknown }).metadata);

describe('readLiveSnapshot under random damage to list bodies', () => {
  const healthy = nodeList([node('a'), node('b'), node('c')], { resourceVersion: '7', continue: '' });
  const paths = [[], ...pathsOf(healthy)];

  it('never throws, and never reads as complete a list whose items it could not all take', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), oddValue, async (pick, value) => {
        const path = paths[pick % paths.length] ?? [];
        const damaged = broken(healthy, path, value);
        // Any continue token leads to an empty last page.
        const { nodes, snapshot, pods } = await readWith((_path, options) =>
          options.query?.continue === undefined ? ok(damaged) : ok(nodeList([])),
        );
        expect(pods).toEqual({ status: 'ok' });
        if (nodes?.status !== 'ok') return;
        const items = (damaged as { items?: unknown } | null)?.items;
        const listed: unknown[] = items === null ? [] : Array.isArray(items) ? (items as unknown[]) : [];
        expect(Array.isArray(items) || items === null).toBe(true);
        expect(listed.every(isObjectWithMetadata)).toBe(true);
        expect(snapshot.items.nodes).toHaveLength(listed.length);
      }),
      { numRuns: 300 },
    );
  });
});
