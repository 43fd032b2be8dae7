import type { KubeObject } from '../model/kube-object.js';
import { RESOURCES, resourceName, type ResourceKey, type ResourceType } from '../model/resources.js';
import type { ClusterSnapshot, InputState, ReadRequest } from '../model/snapshot.js';
import { InvalidObjectName, resourcePath } from './api-path.js';
import { ClusterError, UsageProblem } from './errors.js';
import { statusMessage, type KubeClient } from './kube-client.js';
import { boundHeap } from './heap-bound.js';
import { slimObject } from './slim-object.js';

/** kubectl's default chunk size (`--chunk-size=500`). */
const PAGE_SIZE = 500;
/** An expired continue token (410 Gone) restarts the list; give up after this many restarts. */
const MAX_LIST_RESTARTS = 2;

/**
 * Metadata only: the API server strips everything but metadata before it answers, so Secret data never leaves
 * the server. No fallback media type is offered on purpose: a server that cannot do this fails the list.
 */
const METADATA_ONLY_ACCEPT = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1';

interface ApiGroup {
  readonly name?: string;
  readonly versions?: readonly { readonly version?: string }[];
  readonly preferredVersion?: { readonly version?: string };
}

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
  const groups = (response.body as { groups?: readonly ApiGroup[] }).groups ?? [];
  return new Map(
    groups.map((group) => [
      group.name ?? '',
      {
        served: (group.versions ?? []).map((version) => version.version ?? ''),
        preferred: group.preferredVersion?.version,
      },
    ]),
  );
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
const listPath = (type: ResourceType, version: string, namespace: string | undefined): string =>
  resourcePath({ group: type.group, version, plural: type.plural }, type.namespaced ? namespace : undefined);

const scopeOf = (type: ResourceType, namespace: string | undefined): string =>
  namespace !== undefined && type.namespaced ? ` in namespace ${namespace}` : '';

interface ListResult {
  readonly input: InputState;
  readonly items: KubeObject[];
}

const listAll = async (
  client: KubeClient,
  type: ResourceType,
  version: string,
  namespace: string | undefined,
): Promise<ListResult> => {
  const path = listPath(type, version, namespace);
  const what = `list ${resourceName(type)}${scopeOf(type, namespace)}`;
  for (let restart = 0; ; restart++) {
    const items: KubeObject[] = [];
    let token: string | undefined;
    let expired = false;
    do {
      const response = await client.request(path, {
        accept: type.metadataOnly ? METADATA_ONLY_ACCEPT : undefined,
        query: { limit: String(PAGE_SIZE), continue: token, fieldSelector: type.fieldSelector },
      });
      if (response.status === 410 && token !== undefined && restart < MAX_LIST_RESTARTS) {
        expired = true;
        break;
      }
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
      const list = response.body as { items?: unknown; metadata?: { continue?: string } };
      // An empty PartialObjectMetadataList arrives as `"items": null` (a nil Go slice without omitempty).
      if (list.items === null) list.items = [];
      if (!Array.isArray(list.items)) {
        return { input: { status: 'failed', reason: `${what} returned no item list` }, items: [] };
      }
      for (const item of list.items as unknown[]) {
        const object = slimObject(item, `${type.group ? `${type.group}/` : ''}${version}`, type.kind);
        // Metadata-only items come back as meta.k8s.io PartialObjectMetadata; name them as the bundle does.
        if (object) items.push(type.metadataOnly ? { ...object, apiVersion: version, kind: type.kind } : object);
      }
      boundHeap();
      const next = list.metadata?.continue ?? '';
      token = next === '' ? undefined : next;
    } while (token);
    if (!expired) return { input: { status: 'ok' }, items };
  }
};

/** Reads every requested kind once, in parallel, into one immutable snapshot. */
export const readLiveSnapshot = async (
  client: KubeClient,
  requests: readonly ReadRequest[],
  groups?: ServedVersions,
): Promise<ClusterSnapshot> => {
  // Every namespace is checked before the first request: a bad one sends nothing at all.
  for (const { key, namespace } of requests) {
    try {
      listPath(RESOURCES[key], 'v1', namespace);
    } catch (error) {
      if (!(error instanceof InvalidObjectName)) throw error;
      throw new UsageProblem(`${error.reason}; pass a namespace as 'kubectl get namespaces' lists it`);
    }
  }
  const served = groups ?? (await discoverGroups(client));
  const results = await Promise.all(
    requests.map(async (request): Promise<[ResourceKey, ListResult]> => {
      const type = RESOURCES[request.key];
      const version = chooseVersion(type, served);
      if (!version) {
        return [
          request.key,
          { input: { status: 'not-installed', reason: `not installed: ${resourceName(type)}` }, items: [] },
        ];
      }
      return [request.key, await listAll(client, type, version, request.namespace)];
    }),
  );
  return {
    source: { mode: 'live', context: client.contextName, server: client.server },
    readAt: new Date().toISOString(),
    items: Object.fromEntries(results.map(([key, result]) => [key, result.items])),
    inputs: Object.fromEntries(results.map(([key, result]) => [key, result.input])),
  };
};
