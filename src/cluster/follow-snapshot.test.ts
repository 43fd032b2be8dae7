import { RESOURCES } from '../model/resources.js';
import type { KubeObject } from '../model/kube-object.js';
import { ClusterError } from './errors.js';
import { applyEvent, followSnapshot, kindState, objectsOf, type SnapshotFollower } from './follow-snapshot.js';
import type { KubeResponse, Stream, StreamEnd, StreamingKubeClient, StreamOptions } from './kube-client.js';

const UPGRADES = RESOURCES.upgrades;
const upgrade = (name: string, resourceVersion: string, state = 'Started'): Record<string, unknown> => ({
  apiVersion: 'harvesterhci.io/v1beta1',
  kind: 'Upgrade',
  metadata: {
    name,
    namespace: 'harvester-system',
    resourceVersion,
    labels: { 'harvesterhci.io/upgradeState': state },
    managedFields: [{ manager: 'x' }],
  },
});
const names = (objects: readonly KubeObject[]): string[] => objects.map((object) => object.metadata?.name ?? '');

describe('applyEvent', () => {
  it('applies ADDED, MODIFIED and DELETED, slimmed as a listed object, and moves the resourceVersion on', () => {
    const state = kindState([], { status: 'ok' }, '10');
    expect(applyEvent(state, { type: 'ADDED', object: upgrade('b', '11') }, UPGRADES, 'v1beta1')).toEqual({
      kind: 'applied',
    });
    applyEvent(state, { type: 'ADDED', object: upgrade('a', '12') }, UPGRADES, 'v1beta1');
    applyEvent(state, { type: 'MODIFIED', object: upgrade('b', '13', 'Succeeded') }, UPGRADES, 'v1beta1');
    expect(names(objectsOf(state))).toEqual(['a', 'b']);
    expect(objectsOf(state)[1]?.metadata?.labels).toEqual({ 'harvesterhci.io/upgradeState': 'Succeeded' });
    expect(objectsOf(state)[1]?.metadata).not.toHaveProperty('managedFields');
    applyEvent(state, { type: 'DELETED', object: upgrade('a', '14') }, UPGRADES, 'v1beta1');
    expect(names(objectsOf(state))).toEqual(['b']);
    expect(state.resourceVersion).toBe('14');
  });

  it('sends 410 Gone to a re-list and any other ERROR to a new watch', () => {
    const state = kindState([], { status: 'ok' }, '10');
    const gone = {
      type: 'ERROR',
      object: {
        kind: 'Status',
        status: 'Failure',
        message: 'too old resource version: 1 (2)',
        reason: 'Expired',
        code: 410,
      },
    };
    expect(applyEvent(state, gone, UPGRADES, 'v1beta1')).toEqual({
      kind: 'expired',
      reason: 'watch error 410: too old resource version: 1 (2)',
    });
    expect(applyEvent(state, { type: 'ERROR', object: { kind: 'Status', code: 500 } }, UPGRADES, 'v1beta1').kind).toBe(
      'error',
    );
    expect(state.resourceVersion).toBe('10');
  });

  it('refuses what no API server sends: an unknown type, an object without metadata or resourceVersion', () => {
    const state = kindState([], { status: 'ok' }, '10');
    expect(applyEvent(state, { type: 'SYNC', object: upgrade('a', '11') }, UPGRADES, 'v1beta1').kind).toBe('unusable');
    expect(applyEvent(state, { type: 'ADDED', object: 'x' }, UPGRADES, 'v1beta1').kind).toBe('unusable');
    expect(applyEvent(state, { type: 'ADDED', object: { metadata: { name: 'a' } } }, UPGRADES, 'v1beta1').kind).toBe(
      'unusable',
    );
    expect(applyEvent(state, { type: 'BOOKMARK', object: {} }, UPGRADES, 'v1beta1').kind).toBe('unusable');
    expect(state.objects.size).toBe(0);
  });

  it('stays quiet on a BOOKMARK: the objects are untouched, only the resourceVersion moves', () => {
    const state = kindState([], { status: 'ok' }, '10');
    applyEvent(state, { type: 'ADDED', object: upgrade('a', '11') }, UPGRADES, 'v1beta1');
    const before = objectsOf(state);
    const bookmark = { type: 'BOOKMARK', object: { kind: 'Upgrade', metadata: { resourceVersion: '20' } } };
    expect(applyEvent(state, bookmark, UPGRADES, 'v1beta1')).toEqual({ kind: 'bookmark' });
    expect(objectsOf(state)).toEqual(before);
    expect(state.resourceVersion).toBe('20');
  });

  it('keeps etcd key order, namespace then name, as a fresh list returns them', () => {
    const state = kindState([], { status: 'ok' }, '1');
    for (const [namespace, name] of [
      ['b', 'x'],
      ['a-b', 'y'],
      ['a', 'z'],
    ] as const) {
      const object = { metadata: { name, namespace, resourceVersion: '2' } };
      applyEvent(state, { type: 'ADDED', object }, UPGRADES, 'v1beta1');
    }
    expect(objectsOf(state).map((object) => `${object.metadata?.namespace ?? ''}/${names([object])[0] ?? ''}`)).toEqual(
      ['a-b/y', 'a/z', 'b/x'],
    );
  });
});

/** One stream the test drives: events, then how it ends. */
interface Scripted {
  readonly path: string;
  readonly options: StreamOptions;
  send(event: unknown): void;
  end(how: StreamEnd | ClusterError): void;
}

/** A StreamingKubeClient whose lists the test answers and whose streams the test plays, one at a time. */
const scriptedClient = (lists: (path: string) => KubeResponse) => {
  const requests: string[] = [];
  const streams: Scripted[] = [];
  const waiting: ((stream: Scripted) => void)[] = [];
  const client: StreamingKubeClient = {
    server: 'https://example.invalid',
    contextName: 'test',
    request: (path) => {
      requests.push(path);
      return Promise.resolve(
        path === '/apis'
          ? {
              status: 200,
              headers: {},
              body: { groups: [{ name: 'harvesterhci.io', versions: [{ version: 'v1beta1' }] }] },
            }
          : lists(path),
      );
    },
    stream: (path, options, onValue): Stream => {
      let settle: (end: StreamEnd | ClusterError) => void = () => undefined;
      const done = new Promise<StreamEnd>((resolve, reject) => {
        settle = (how) => {
          if (how instanceof ClusterError) reject(how);
          else resolve(how);
        };
      });
      const scripted: Scripted = {
        path,
        options,
        send: (event) => {
          onValue(event);
        },
        end: (how) => {
          settle(how);
        },
      };
      streams.push(scripted);
      options.onOpen?.();
      waiting.shift()?.(scripted);
      return {
        done,
        close: () => {
          settle({ kind: 'closed' });
        },
      };
    },
    close: () => undefined,
  };
  /** The next stream opened (the one already open when none is waiting). */
  const nextStream = async (count: number): Promise<Scripted> => {
    const known = streams[count - 1];
    if (known) return known;
    return new Promise((resolve) => waiting.push(resolve));
  };
  return { client, requests, streams, nextStream };
};

const list = (resourceVersion: string, ...items: Record<string, unknown>[]): KubeResponse => ({
  status: 200,
  headers: {},
  body: { kind: 'UpgradeList', metadata: { resourceVersion }, items },
});

const until = async (condition: () => boolean): Promise<void> => {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
};

describe('followSnapshot', () => {
  let follower: SnapshotFollower | undefined;
  afterEach(() => {
    follower?.close();
  });
  const follow = (client: StreamingKubeClient) =>
    followSnapshot(client, [{ key: 'upgrades', namespace: 'harvester-system' }], { backoffMs: 1, maxBackoffMs: 1 });

  it('lists once, then watches from the list resourceVersion and applies what comes, without another list', async () => {
    const scripted = scriptedClient(() => list('100', upgrade('a', '90')));
    follower = await follow(scripted.client);
    const watch = await scripted.nextStream(1);
    expect(watch.path).toBe('/apis/harvesterhci.io/v1beta1/namespaces/harvester-system/upgrades');
    expect(watch.options.query).toMatchObject({ watch: '1', resourceVersion: '100', allowWatchBookmarks: 'true' });
    const first = follower.snapshot();
    expect(names(first.items.upgrades ?? [])).toEqual(['a']);
    watch.send({ type: 'MODIFIED', object: upgrade('a', '101', 'Succeeded') });
    const second = follower.snapshot();
    expect(second).not.toBe(first);
    expect(second.items.upgrades?.[0]?.metadata?.labels).toEqual({ 'harvesterhci.io/upgradeState': 'Succeeded' });
    expect(follower.snapshot()).toBe(second);
    // The server ends the watch at timeoutSeconds: watched again from the last resourceVersion, never listed again.
    watch.send({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '150' } } });
    watch.end({ kind: 'ended' });
    const again = await scripted.nextStream(2);
    expect(again.options.query).toMatchObject({ resourceVersion: '150' });
    expect(scripted.requests.filter((path) => path !== '/apis')).toHaveLength(1);
    expect(follower.state()).toEqual({ kind: 'current' });
  });

  it.each([
    [
      'an ERROR event',
      (watch: Scripted) => {
        watch.send({
          type: 'ERROR',
          object: { kind: 'Status', code: 410, message: 'too old resource version: 100 (120)' },
        });
      },
    ],
    [
      'an HTTP status',
      (watch: Scripted) => {
        watch.end({ kind: 'refused', response: { status: 410, headers: {}, body: { kind: 'Status', code: 410 } } });
      },
    ],
  ])('re-lists exactly once on 410 Gone as %s, and watches on from the new list', async (_how, gone) => {
    let lists = 0;
    const scripted = scriptedClient(() =>
      ++lists === 1 ? list('100', upgrade('a', '90')) : list('200', upgrade('b', '190')),
    );
    follower = await follow(scripted.client);
    gone(await scripted.nextStream(1));
    const resumed = await scripted.nextStream(2);
    expect(lists).toBe(2);
    expect(resumed.options.query).toMatchObject({ resourceVersion: '200' });
    expect(names(follower.snapshot().items.upgrades ?? [])).toEqual(['b']);
    expect(follower.state()).toEqual({ kind: 'current' });
  });

  it('resumes a dropped watch from the last resourceVersion, behind meanwhile, without a list', async () => {
    const scripted = scriptedClient(() => list('100'));
    follower = await follow(scripted.client);
    const watch = await scripted.nextStream(1);
    watch.send({ type: 'ADDED', object: upgrade('a', '105') });
    const cut = new ClusterError('unreachable', 'connection reset', undefined, undefined, true);
    watch.end(cut);
    await until(() => follower?.state().kind === 'behind' || scripted.streams.length > 1);
    const resumed = await scripted.nextStream(2);
    expect(resumed.options.query).toMatchObject({ resourceVersion: '105' });
    expect(scripted.requests.filter((path) => path !== '/apis')).toHaveLength(1);
    expect(follower.state()).toEqual({ kind: 'current' });
  });

  it.each([
    ['401', new ClusterError('unauthorized', 'rejected the credentials', undefined, 401), /rejected the credentials/],
    ['a certificate', new ClusterError('tls', 'TLS verification failed'), /TLS verification failed/],
  ])('can no longer read on %s: unreadable, and not asked again', async (_what, error, message) => {
    const scripted = scriptedClient(() => list('100'));
    follower = await follow(scripted.client);
    (await scripted.nextStream(1)).end(error);
    await until(() => follower?.state().kind === 'unreadable');
    const state = follower.state();
    expect(state.kind === 'unreadable' ? state.error.message : '').toMatch(message);
    expect(scripted.streams).toHaveLength(1);
  });

  it('a watch RBAC refuses (403) is unreadable and names the verb to grant', async () => {
    const scripted = scriptedClient(() => list('100'));
    follower = await follow(scripted.client);
    (await scripted.nextStream(1)).end({
      kind: 'refused',
      response: { status: 403, headers: {}, body: { kind: 'Status', message: 'upgrades is forbidden' } },
    });
    await until(() => follower?.state().kind === 'unreadable');
    const state = follower.state();
    expect(state.kind === 'unreadable' ? state.error.oneLine() : '').toMatch(
      /forbidden .*grant the watch verb on upgrades\.harvesterhci\.io/,
    );
  });

  it('does not watch a kind its list could not read: the input keeps the reason', async () => {
    const scripted = scriptedClient(() => ({ status: 403, headers: {}, body: { kind: 'Status', message: 'no' } }));
    follower = await follow(scripted.client);
    expect(follower.snapshot().inputs.upgrades?.status).toBe('forbidden');
    await new Promise((resolve) => setImmediate(resolve));
    expect(scripted.streams).toHaveLength(0);
  });
});
