import type { KubeObject } from '../model/kube-object.js';
import { isRecord } from '../model/json.js';
import { RESOURCES, resourceName, type ResourceKey, type ResourceType } from '../model/resources.js';
import type { ClusterSnapshot, InputState, ReadRequest } from '../model/snapshot.js';
import { InvalidObjectName, resourcePath } from './api-path.js';
import { ClusterError, OversizedAnswer, UsageProblem } from './errors.js';
import { statusMessage, type KubeClient, type KubeResponse } from './kube-client.js';
import { boundHeap } from './heap-bound.js';
import { slimObject } from './slim-object.js';
import { ShapeError } from './sound-shape.js';

/** kubectl's default chunk size (`--chunk-size=500`). */
const PAGE_SIZE = 500;
/** An expired continue token (410 Gone) restarts the list; give up after this many restarts. */
const MAX_LIST_RESTARTS = 2;
/**
 * The most pages one list may take: 500,000 objects of one kind at 500 a page. Kubernetes' tested scalability
 * limits stop at 150,000 pods in a cluster (kubernetes/community sig-scalability/configs-and-limits), the largest
 * kind by far; a server whose continue tokens never end is cut off here instead of being read for ever.
 */
const MAX_PAGES = 1000;

/**
 * Metadata only: the API server strips everything but metadata before it answers, so Secret data never leaves
 * the server. No fallback media type is offered on purpose: a server that cannot do this fails the list.
 */
const METADATA_ONLY_ACCEPT = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';

interface ApiGroup {
  readonly versions?: unknown;
  readonly preferredVersion?: unknown;
}

/** What came instead of the expected JSON object, in a few words (a Status's own message when it is one). */
const describeBody = (body: unknown): string => {
  if (body === null) return 'null';
  if (Array.isArray(body)) return 'a JSON array';
  if (isRecord(body)) {
    if (body.kind === 'Status')
      return `a Status: ${statusMessage(body) || (typeof body.reason === 'string' ? body.reason : '')}`;
    return 'an object of another kind';
  }
  return typeof body === 'string' ? (body === '' ? 'an empty body' : 'text, not JSON') : `a JSON ${typeof body}`;
};

export type ServedVersions = ReadonlyMap<string, { readonly served: readonly string[]; readonly preferred?: string }>;

/** One request: the groups and versions the server serves (`/apis`, as `kubectl api-versions` reads it). */
export const discoverGroups = async (client: KubeClient): Promise<ServedVersions> => {
  const response = await client.request('/apis');
  if (response.status !== 200) {
    throw new ClusterError(
      'server',
      `API discovery failed (${String(response.status)}): ${statusMessage(response.body)}`,
      'check that the context points at a Kubernetes API server',
      response.status,
    );
  }
  // A 200 that is not an APIGroupList (a Status, an HTML login page of a proxy, `null`) is not an empty cluster:
  // reading on would report every kind "not installed", and a check that needs none of them would pass.
  const body: unknown = response.body;
  const groups = isRecord(body) ? body.groups : undefined;
  if (!isRecord(body) || body.kind === 'Status' || !Array.isArray(groups)) {
    throw new ClusterError(
      'server',
      `API discovery (/apis) answered 200 without a group list (${describeBody(body)})`,
      'check that the context points at a Kubernetes API server, not a proxy or another service',
    );
  }
  const served = new Map<string, { served: string[]; preferred?: string }>();
  for (const group of groups as unknown[]) {
    // One malformed group costs that group (its kinds read as not installed), not the run.
    if (!isRecord(group) || typeof group.name !== 'string') continue;
    const { versions, preferredVersion } = group as ApiGroup;
    const preferred = isRecord(preferredVersion) ? preferredVersion.version : undefined;
    served.set(group.name, {
      served: (Array.isArray(versions) ? (versions as unknown[]) : []).flatMap((version) =>
        isRecord(version) && typeof version.version === 'string' ? [version.version] : [],
      ),
      ...(typeof preferred === 'string' ? { preferred } : {}),
    });
  }
  return served;
};

/** The version to read: the server's preferred one if we understand it, else the newest we understand. */
export const chooseVersion = (type: ResourceType, groups: ServedVersions): string | undefined => {
  if (type.group === '') return 'v1';
  const group = groups.get(type.group);
  if (!group) return undefined;
  if (group.preferred && type.versions.includes(group.preferred)) return group.preferred;
  return type.versions.find((version) => group.served.includes(version));
};

/** An empty namespace is not "every namespace": it is refused, as every name that is not a namespace's. */
export const listPath = (type: ResourceType, version: string, namespace: string | undefined): string =>
  resourcePath({ group: type.group, version, plural: type.plural }, type.namespaced ? namespace : undefined);

const scopeOf = (type: ResourceType, namespace: string | undefined): string =>
  namespace !== undefined && type.namespaced ? ` in namespace ${namespace}` : '';

export interface ListResult {
  readonly input: InputState;
  readonly items: KubeObject[];
  /** The list's resourceVersion (every page of one list has its first page's): where a watch of it starts. */
  readonly resourceVersion?: string;
}

/** An answer that is no page of the list (forbidden, not installed, failed), or `expired` for a 410 on a token. */
const notAPage = (
  response: KubeResponse,
  type: ResourceType,
  what: string,
  mayRestart: boolean,
): ListResult | 'expired' | undefined => {
  if (response.status === 410 && mayRestart) return 'expired';
  if (response.status === 403) return { input: { status: 'forbidden', reason: `forbidden: ${what}` }, items: [] };
  if (response.status === 404) {
    return { input: { status: 'not-installed', reason: `not installed: ${resourceName(type)}` }, items: [] };
  }
  if (response.status !== 200) {
    return {
      input: {
        status: 'failed',
        reason: `${what} failed (${String(response.status)}): ${statusMessage(response.body)}`,
      },
      items: [],
    };
  }
  return undefined;
};

/** The items of one page as the snapshot keeps them, or why the page cannot be used. */
const pageItems = (body: unknown, type: ResourceType, version: string): KubeObject[] | string => {
  if (!isRecord(body)) return `returned no item list (${describeBody(body)})`;
  // An empty PartialObjectMetadataList arrives as `"items": null` (a nil Go slice without omitempty).
  const listed: unknown = body.items === null ? [] : body.items;
  if (body.kind === 'Status' || !Array.isArray(listed)) return `returned no item list (${describeBody(body)})`;
  const items: KubeObject[] = [];
  for (const [index, item] of (listed as unknown[]).entries()) {
    const object = listedObject(item, type, version);
    if (typeof object === 'string') return `returned an item (${String(index)}) ${object}`;
    items.push(object);
  }
  return items;
};

/**
 * One object of a list or a watch event as the snapshot keeps it (slimmed, sound), or why it cannot be kept: an
 * API server never sends anything but objects with metadata, and dropping one would hide it from the checks.
 */
export const listedObject = (item: unknown, type: ResourceType, version: string): KubeObject | string => {
  let object: KubeObject | undefined;
  try {
    object = slimObject(item, `${type.group ? `${type.group}/` : ''}${version}`, type.kind);
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    return `that cannot be read: ${error.message}`;
  }
  if (!object) return 'that is not an object with metadata';
  // Metadata-only items come back as meta.k8s.io PartialObjectMetadata; name them as the bundle does. Only the
  // metadata is kept: whatever answers for the API server (a proxy, a server that ignored the Accept header) may
  // still have sent a Secret's data, and it must not reach the snapshot.
  return type.metadataOnly ? { apiVersion: version, kind: type.kind, metadata: object.metadata } : object;
};

/** The page's continue token (undefined at the end), or why the list would never end; and its resourceVersion. */
const continueToken = (body: unknown): { readonly token?: string; readonly resourceVersion?: string } | string => {
  const metadata = isRecord(body) && isRecord(body.metadata) ? body.metadata : {};
  const next: unknown = metadata.continue ?? '';
  if (typeof next !== 'string') return `returned a continue token that is not a string (${typeof next})`;
  const version = typeof metadata.resourceVersion === 'string' ? { resourceVersion: metadata.resourceVersion } : {};
  return next === '' ? version : { token: next, ...version };
};

/** One pass over the pages of a list; `expired` when the API server let the continue token expire. */
const listPages = async (
  client: KubeClient,
  type: ResourceType,
  version: string,
  namespace: string | undefined,
  mayRestart: boolean,
): Promise<ListResult | 'expired'> => {
  const path = listPath(type, version, namespace);
  const what = `list ${resourceName(type)}${scopeOf(type, namespace)}`;
  const failed = (why: string): ListResult => ({ input: { status: 'failed', reason: `${what} ${why}` }, items: [] });
  const items: KubeObject[] = [];
  const seenTokens = new Set<string>();
  let pages = 0;
  let token: string | undefined;
  let resourceVersion: string | undefined;
  do {
    const response = await client.request(path, {
      accept: type.metadataOnly ? METADATA_ONLY_ACCEPT : undefined,
      query: {
        limit: String(PAGE_SIZE),
        continue: token,
        fieldSelector: type.fieldSelector,
        labelSelector: type.labelSelector,
      },
    });
    const refused = notAPage(response, type, what, token !== undefined && mayRestart);
    if (refused !== undefined) return refused;
    const page = pageItems(response.body, type, version);
    if (typeof page === 'string') return failed(page);
    items.push(...page);
    boundHeap();
    const next = continueToken(response.body);
    if (typeof next === 'string') return failed(next);
    token = next.token;
    resourceVersion = next.resourceVersion;
    if (token !== undefined && seenTokens.has(token)) {
      return failed(`returned a continue token it had already returned: the list would never end`);
    }
    if (token !== undefined) seenTokens.add(token);
    if (token !== undefined && ++pages >= MAX_PAGES) {
      return failed(`was still not finished after ${String(MAX_PAGES)} pages of ${String(PAGE_SIZE)}: stopped`);
    }
  } while (token);
  return { input: { status: 'ok' }, items, ...(resourceVersion ? { resourceVersion } : {}) };
};

/** Every page of a list; an expired continue token starts it over, a few times at most. */
const listAll = async (
  client: KubeClient,
  type: ResourceType,
  version: string,
  namespace: string | undefined,
): Promise<ListResult> => {
  for (let restart = 0; ; restart++) {
    const result = await listPages(client, type, version, namespace, restart < MAX_LIST_RESTARTS);
    if (result !== 'expired') return result;
  }
};

/** Every namespace is checked before the first request: a bad one sends nothing at all. */
export const checkNamespaces = (requests: readonly ReadRequest[]): void => {
  for (const { key, namespace } of requests) {
    try {
      listPath(RESOURCES[key], 'v1', namespace);
    } catch (error) {
      if (!(error instanceof InvalidObjectName)) throw error;
      throw new UsageProblem(`${error.reason}; pass a namespace as 'kubectl get namespaces' lists it`);
    }
  }
};

/** One requested kind, every page, in the version the server serves. */
export const readKind = async (
  client: KubeClient,
  request: ReadRequest,
  served: ServedVersions,
): Promise<ListResult> => {
  const type = RESOURCES[request.key];
  const version = chooseVersion(type, served);
  if (!version)
    return { input: { status: 'not-installed', reason: `not installed: ${resourceName(type)}` }, items: [] };
  try {
    return await listAll(client, type, version, request.namespace);
  } catch (error) {
    // A network or server failure stops the run (one line, exit 3); anything else this one answer caused costs
    // only its input, so the rest of the report is still made.
    if (!(error instanceof Error) || (error instanceof ClusterError && !(error instanceof OversizedAnswer))) {
      throw error;
    }
    const reason = `list ${resourceName(type)}${scopeOf(type, request.namespace)} could not be read: ${error.message.split('\n')[0] ?? ''}`;
    return { input: { status: 'failed', reason }, items: [] };
  }
};

/** Reads every requested kind once, in parallel, into one immutable snapshot. */
export const readLiveSnapshot = async (
  client: KubeClient,
  requests: readonly ReadRequest[],
  groups?: ServedVersions,
): Promise<ClusterSnapshot> => {
  checkNamespaces(requests);
  const served = groups ?? (await discoverGroups(client));
  const results = await Promise.all(
    requests.map(async (request): Promise<[ResourceKey, ListResult]> => [
      request.key,
      await readKind(client, request, served),
    ]),
  );
  return {
    source: { mode: 'live', context: client.contextName, server: client.server },
    readAt: new Date().toISOString(),
    items: Object.fromEntries(results.map(([key, result]) => [key, result.items])),
    inputs: Object.fromEntries(results.map(([key, result]) => [key, result.input])),
  };
};
