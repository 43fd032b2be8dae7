import type { KubeObject } from '../model/kube-object.js';
import { isRecord } from '../model/json.js';
import { RESOURCES, resourceName, type ResourceKey, type ResourceType } from '../model/resources.js';
import type { ClusterSnapshot, InputState, ReadRequest } from '../model/snapshot.js';
import { ClusterError, mayHeal } from './errors.js';
import { statusMessage, type Stream, type StreamEnd, type StreamingKubeClient } from './kube-client.js';
import {
  checkNamespaces,
  chooseVersion,
  discoverGroups,
  listedObject,
  listPath,
  readKind,
  type ServedVersions,
} from './read-live.js';

/**
 * A snapshot kept up to date the way client-go's reflector keeps an informer's store (k8s.io/client-go
 * tools/cache/reflector.go ListAndWatch): list each kind once, then watch it from the list's resourceVersion and
 * apply every ADDED, MODIFIED and DELETED to the objects held; BOOKMARK only moves the resourceVersion on. A watch
 * the server ends (timeoutSeconds) is opened again from the last resourceVersion, never listed again. Only a 410
 * Gone (the resourceVersion is older than etcd's compaction or the watch cache, k8s.io/apiserver
 * pkg/storage/cacher/watch_cache.go "too old resource version") lists that kind once more.
 */

/** Metadata only, as the list's PartialObjectMetadataList: a watch streams PartialObjectMetadata events. */
const METADATA_ONLY_WATCH_ACCEPT = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1';

/**
 * How long the server keeps one watch open. client-go picks 5 to 10 minutes (reflector.go minWatchTimeout); a watch
 * that ends is opened again from where it stopped, at the cost of one request and no list.
 */
const DEFAULT_WATCH_SECONDS = 300;
/** Silence past the watch's own timeout: the connection is dead (a vanished server sends no end). */
const IDLE_GRACE_MS = 30_000;
/** A watch shorter than this without an event counts as failed (client-go reflector.go, watchHandler). */
const SHORT_WATCH_MS = 1000;

/** One kind as it is followed: its objects by namespace and name, and the resourceVersion they are current at. */
export interface KindState {
  readonly objects: Map<string, KubeObject>;
  resourceVersion: string | undefined;
  input: InputState;
}

/** What one watch event did to a kind. */
export type EventOutcome =
  | { readonly kind: 'applied' }
  | { readonly kind: 'bookmark' }
  /** 410 Gone: the resourceVersion is too old; the kind is listed again. */
  | { readonly kind: 'expired'; readonly reason: string }
  /** Another ERROR event: the watch is opened again from the last resourceVersion. */
  | { readonly kind: 'error'; readonly reason: string }
  /** An event no API server sends, or an object that cannot be kept: the kind's input fails. */
  | { readonly kind: 'unusable'; readonly reason: string };

const keyOf = (object: KubeObject): string => `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;

const versionOf = (object: unknown): string | undefined => {
  const metadata = isRecord(object) && isRecord(object.metadata) ? object.metadata : undefined;
  return typeof metadata?.resourceVersion === 'string' ? metadata.resourceVersion : undefined;
};

/** An ERROR event's Status: 410 (reason Expired or Gone) means list again; any other code means watch again. */
const errorOutcome = (status: unknown): EventOutcome => {
  const code = isRecord(status) && typeof status.code === 'number' ? status.code : undefined;
  const reason = `watch error${code === undefined ? '' : ` ${String(code)}`}: ${statusMessage(status) || 'no message'}`;
  return code === 410 ? { kind: 'expired', reason } : { kind: 'error', reason };
};

/**
 * Applies one watch event (k8s.io/apimachinery pkg/watch: ADDED, MODIFIED, DELETED, BOOKMARK, ERROR) to the kind,
 * through the same slimming and shape rules as a listed object, so a followed snapshot equals a fresh list's.
 */
export const applyEvent = (state: KindState, event: unknown, type: ResourceType, version: string): EventOutcome => {
  const kind = isRecord(event) ? event.type : undefined;
  const raw = isRecord(event) ? event.object : undefined;
  if (kind === 'ERROR') return errorOutcome(raw);
  if (kind === 'BOOKMARK') {
    const bookmark = versionOf(raw);
    if (bookmark === undefined) return { kind: 'unusable', reason: 'a BOOKMARK event without a resourceVersion' };
    state.resourceVersion = bookmark;
    return { kind: 'bookmark' };
  }
  if (kind !== 'ADDED' && kind !== 'MODIFIED' && kind !== 'DELETED') {
    return { kind: 'unusable', reason: `an event of unknown type (${typeof kind === 'string' ? kind : typeof kind})` };
  }
  const object = listedObject(raw, type, version);
  if (typeof object === 'string') return { kind: 'unusable', reason: `a ${kind} event with an object ${object}` };
  const resourceVersion = versionOf(object);
  if (resourceVersion === undefined) {
    return { kind: 'unusable', reason: `a ${kind} event with an object without a resourceVersion` };
  }
  if (kind === 'DELETED') state.objects.delete(keyOf(object));
  else state.objects.set(keyOf(object), object);
  state.resourceVersion = resourceVersion;
  return { kind: 'applied' };
};

/**
 * The kind's objects in a list's order: etcd keeps them under /registry/<resource>/<namespace>/<name> and lists
 * them in key order (k8s.io/apiserver pkg/storage/etcd3/store.go), so a followed kind reads as a fresh list.
 */
export const objectsOf = (state: KindState): KubeObject[] =>
  [...state.objects.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, object]) => object);

export const kindState = (items: readonly KubeObject[], input: InputState, resourceVersion?: string): KindState => ({
  objects: new Map(items.map((object) => [keyOf(object), object])),
  resourceVersion,
  input,
});

/** Where the follower is: every kind current, some reconnecting (the snapshot may lag), or no longer readable. */
export type FollowState =
  | { readonly kind: 'current' }
  | { readonly kind: 'behind'; readonly reason: string }
  | { readonly kind: 'unreadable'; readonly error: ClusterError };

export interface SnapshotFollower {
  /** The objects as last heard; a new object only when something changed. */
  snapshot(): ClusterSnapshot;
  state(): FollowState;
  /** Ends every watch and every wait; nothing is sent afterwards. */
  close(): void;
}

export interface FollowOptions {
  /** The watches' timeoutSeconds. */
  readonly watchSeconds?: number;
  /** The first wait after a failure, doubled after each one up to maxBackoffMs. */
  readonly backoffMs?: number;
  readonly maxBackoffMs?: number;
}

/** One followed kind. `behind` says why it may lag right now; `stopped` why it can no longer be read at all. */
interface Followed {
  readonly request: ReadRequest;
  readonly type: ResourceType;
  readonly version: string;
  readonly state: KindState;
  behind?: string;
  stopped?: ClusterError;
}

interface Context {
  readonly client: StreamingKubeClient;
  readonly served: ServedVersions;
  readonly watchSeconds: number;
  readonly backoffMs: number;
  readonly maxBackoffMs: number;
  readonly streams: Set<Stream>;
  readonly timers: Set<{ readonly timer: NodeJS.Timeout; readonly resolve: () => void }>;
  closed: boolean;
  changed: () => void;
}

/** Waits, unless the follower closes first. */
const wait = (context: Context, ms: number): Promise<void> =>
  new Promise((resolve) => {
    const entry = {
      resolve,
      timer: setTimeout(() => {
        context.timers.delete(entry);
        resolve();
      }, ms),
    };
    context.timers.add(entry);
  });

const what = (followed: Followed): string =>
  `watch ${resourceName(followed.type)}${
    followed.request.namespace !== undefined && followed.type.namespaced
      ? ` in namespace ${followed.request.namespace}`
      : ''
  }`;

/** Why a watch ended, as the follow loop acts on it. */
type WatchEnd =
  | { readonly kind: 'again' }
  | { readonly kind: 'relist'; readonly reason: string }
  | { readonly kind: 'retry'; readonly reason: string }
  | { readonly kind: 'stop'; readonly error: ClusterError }
  | { readonly kind: 'closed' };

/** A refused watch: 410 lists again, 404 too (the kind may be gone), 429 and 5xx heal, the rest never will. */
const refusedEnd = (followed: Followed, status: number, body: unknown): WatchEnd => {
  const reason = `${what(followed)} failed (${String(status)}): ${statusMessage(body)}`;
  if (status === 410 || status === 404) return { kind: 'relist', reason };
  if (status === 429 || status >= 500) return { kind: 'retry', reason };
  const hint =
    status === 403
      ? `grant the watch verb on ${resourceName(followed.type)} (deploy/rbac lists what the plugin reads)`
      : 'check that the context points at a Kubernetes API server';
  return { kind: 'stop', error: new ClusterError(status === 403 ? 'forbidden' : 'server', reason, hint, status) };
};

/** What a stream's end, or its failure, means for the kind. */
const streamEnd = (followed: Followed, end: StreamEnd | ClusterError, event: WatchEnd | undefined): WatchEnd => {
  if (event) return event;
  if (end instanceof ClusterError) {
    return mayHeal(end) ? { kind: 'retry', reason: end.oneLine() } : { kind: 'stop', error: end };
  }
  if (end.kind === 'refused') return refusedEnd(followed, end.response.status, end.response.body);
  return end.kind === 'closed' ? { kind: 'closed' } : { kind: 'again' };
};

/** One watch of the kind from its resourceVersion, applying each event, until it ends. */
const watchOnce = async (context: Context, followed: Followed): Promise<WatchEnd> => {
  const { type, version, request, state } = followed;
  let byEvent: WatchEnd | undefined;
  let events = 0;
  const query = {
    watch: '1',
    resourceVersion: state.resourceVersion,
    allowWatchBookmarks: 'true',
    timeoutSeconds: String(context.watchSeconds),
    fieldSelector: type.fieldSelector,
    labelSelector: type.labelSelector,
  };
  const stream = context.client.stream(
    listPath(type, version, request.namespace),
    {
      query,
      accept: type.metadataOnly ? METADATA_ONLY_WATCH_ACCEPT : undefined,
      idleMs: context.watchSeconds * 1000 + IDLE_GRACE_MS,
      onOpen: () => {
        followed.behind = undefined;
        context.changed();
      },
    },
    (event) => {
      events += 1;
      if (byEvent) return;
      const outcome = applyEvent(state, event, type, version);
      if (outcome.kind === 'applied') context.changed();
      else if (outcome.kind === 'expired') byEvent = { kind: 'relist', reason: outcome.reason };
      else if (outcome.kind === 'error') byEvent = { kind: 'retry', reason: `${what(followed)}: ${outcome.reason}` };
      else if (outcome.kind === 'unusable') {
        state.input = { status: 'failed', reason: `${what(followed)} sent ${outcome.reason}` };
        context.changed();
        byEvent = { kind: 'stop', error: new ClusterError('server', state.input.reason) };
      }
      if (byEvent) stream.close();
    },
  );
  context.streams.add(stream);
  const started = Date.now();
  try {
    const end = await stream.done.catch((error: unknown) =>
      error instanceof ClusterError ? error : new ClusterError('server', String(error)),
    );
    const result = streamEnd(followed, end, byEvent);
    // As client-go's reflector: a watch that ends within a second without an event is a failure, waited on, so
    // that a server (or proxy) that ends every watch at once is not asked again in a tight loop.
    if (result.kind === 'again' && events === 0 && Date.now() - started < SHORT_WATCH_MS) {
      return { kind: 'retry', reason: `${what(followed)} ended at once, without an event` };
    }
    return result;
  } finally {
    context.streams.delete(stream);
  }
};

/**
 * Lists the kind again after a 410: its objects are replaced by the list's, and the watch starts from the list's
 * resourceVersion. A list that fails for a reason that heals is tried again; a kind that became forbidden or was
 * removed keeps that as its input, and is no longer followed.
 */
const relist = async (context: Context, followed: Followed): Promise<WatchEnd | 'listed' | 'final'> => {
  let listed;
  try {
    listed = await readKind(context.client, followed.request, context.served);
  } catch (error) {
    if (!(error instanceof ClusterError)) throw error;
    return mayHeal(error) ? { kind: 'retry', reason: error.oneLine() } : { kind: 'stop', error };
  }
  if (context.closed) return { kind: 'closed' };
  if (listed.input.status === 'failed') return { kind: 'retry', reason: listed.input.reason };
  followed.state.objects.clear();
  for (const object of listed.items) followed.state.objects.set(keyOf(object), object);
  followed.state.resourceVersion = listed.resourceVersion;
  followed.state.input = listed.input;
  context.changed();
  return listed.input.status === 'ok' && listed.resourceVersion !== undefined ? 'listed' : 'final';
};

/** Follows one kind until the follower closes or the kind can no longer be read. */
const followKind = async (context: Context, followed: Followed): Promise<void> => {
  let failures = 0;
  let mustList = false;
  while (!context.closed) {
    const end = mustList ? await relist(context, followed) : await watchOnce(context, followed);
    if (end === 'final') return;
    if (end === 'listed') {
      mustList = false;
      continue;
    }
    if (end.kind === 'closed') return;
    if (end.kind === 'stop') {
      followed.stopped = end.error;
      context.changed();
      return;
    }
    if (end.kind === 'again') {
      failures = 0;
      continue;
    }
    followed.behind = end.reason;
    context.changed();
    if (end.kind === 'relist') {
      mustList = true;
      continue;
    }
    await wait(context, Math.min(context.backoffMs * 2 ** failures++, context.maxBackoffMs));
  }
};

const toSnapshot = (client: StreamingKubeClient, kinds: ReadonlyMap<ResourceKey, KindState>): ClusterSnapshot => ({
  source: { mode: 'live', context: client.contextName, server: client.server },
  readAt: new Date().toISOString(),
  items: Object.fromEntries([...kinds].map(([key, state]) => [key, objectsOf(state)])),
  inputs: Object.fromEntries([...kinds].map(([key, state]) => [key, state.input])),
});

const followState = (followed: readonly Followed[]): FollowState => {
  const stopped = followed.find((kind) => kind.stopped);
  if (stopped?.stopped) return { kind: 'unreadable', error: stopped.stopped };
  const behind = followed.find((kind) => kind.behind !== undefined);
  return behind?.behind !== undefined ? { kind: 'behind', reason: behind.behind } : { kind: 'current' };
};

/**
 * The first read lists every requested kind, as readLiveSnapshot does (and throws what it throws); each kind read
 * then is followed by watches. Kinds that were forbidden, not installed or failed keep that input: the analysis
 * decides what their absence means, as for a single read.
 */
export const followSnapshot = async (
  client: StreamingKubeClient,
  requests: readonly ReadRequest[],
  options: FollowOptions = {},
): Promise<SnapshotFollower> => {
  checkNamespaces(requests);
  const served = await discoverGroups(client);
  const lists = await Promise.all(requests.map((request) => readKind(client, request, served)));
  const kinds = new Map<ResourceKey, KindState>();
  const followed: Followed[] = [];
  let current: ClusterSnapshot | undefined;
  const context: Context = {
    client,
    served,
    watchSeconds: options.watchSeconds ?? DEFAULT_WATCH_SECONDS,
    backoffMs: options.backoffMs ?? 500,
    maxBackoffMs: options.maxBackoffMs ?? 8000,
    streams: new Set(),
    timers: new Set(),
    closed: false,
    changed: () => {
      current = undefined;
    },
  };
  for (const [index, request] of requests.entries()) {
    const list = lists[index];
    if (!list) continue;
    const state = kindState(list.items, list.input, list.resourceVersion);
    kinds.set(request.key, state);
    const type = RESOURCES[request.key];
    const version = chooseVersion(type, served);
    if (list.input.status !== 'ok' || list.resourceVersion === undefined || version === undefined) continue;
    const kind: Followed = { request, type, version, state };
    followed.push(kind);
    followKind(context, kind).catch((error: unknown) => {
      kind.stopped = new ClusterError(
        'server',
        `${what(kind)}: ${error instanceof Error ? error.message : String(error)}`,
      );
      context.changed();
    });
  }
  return {
    snapshot: () => (current ??= toSnapshot(client, kinds)),
    state: () => followState(followed),
    close: () => {
      context.closed = true;
      for (const stream of context.streams) stream.close();
      for (const { timer, resolve } of context.timers) {
        clearTimeout(timer);
        resolve();
      }
      context.timers.clear();
    },
  };
};
