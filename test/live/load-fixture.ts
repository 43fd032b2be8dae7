import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { MERGE_PATCH, type Api } from './api.js';

interface FixtureObject {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    finalizers?: string[];
    deletionTimestamp?: string;
    [key: string]: unknown;
  };
  status?: unknown;
  [key: string]: unknown;
}

interface ResourceInfo {
  readonly plural: string;
  readonly namespaced: boolean;
  readonly hasStatus: boolean;
}

/** Finalizer that keeps a fixture object alive after DELETE, so it shows a deletionTimestamp like a real one. */
const HOLD = 'test.harvester-upgrade.kubectl/hold';

/** Every object of a fixture folder (nested YAML/JSON files, single objects or Lists), in file order. */
export const readFixtureObjects = (folder: string): FixtureObject[] => {
  const objects: FixtureObject[] = [];
  const walk = (path: string): void => {
    if (statSync(path).isDirectory()) {
      for (const name of readdirSync(path).sort()) walk(join(path, name));
      return;
    }
    if (!/\.(ya?ml|json)$/.test(path) || path.endsWith('metadata.yaml')) return;
    for (const document of parseAllDocuments(readFileSync(path, 'utf8'))) {
      const value = document.toJS() as { kind?: string; items?: FixtureObject[] } | null;
      if (!value) continue;
      if (Array.isArray(value.items)) objects.push(...value.items);
      else objects.push(value as FixtureObject);
    }
  };
  walk(folder);
  return objects;
};

const resourceCache = new Map<string, Map<string, ResourceInfo>>();

const resourceOf = async (api: Api, apiVersion: string, kind: string): Promise<ResourceInfo> => {
  let kinds = resourceCache.get(apiVersion);
  if (!kinds) {
    const path = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
    const list = (await api.must('GET', path)) as {
      resources: { name: string; kind: string; namespaced: boolean }[];
    };
    kinds = new Map();
    for (const resource of list.resources) {
      if (resource.name.endsWith('/status')) {
        const base = list.resources.find((candidate) => candidate.name === resource.name.replace('/status', ''));
        if (base) kinds.set(base.kind, { plural: base.name, namespaced: base.namespaced, hasStatus: true });
      } else if (!resource.name.includes('/') && !kinds.has(resource.kind)) {
        kinds.set(resource.kind, { plural: resource.name, namespaced: resource.namespaced, hasStatus: false });
      }
    }
    resourceCache.set(apiVersion, kinds);
  }
  const info = kinds.get(kind);
  if (!info) throw new Error(`the API server does not serve ${kind} in ${apiVersion}`);
  return info;
};

const collectionPath = (object: FixtureObject, info: ResourceInfo): string => {
  const base = object.apiVersion.includes('/') ? `/apis/${object.apiVersion}` : `/api/${object.apiVersion}`;
  return info.namespaced
    ? `${base}/namespaces/${object.metadata.namespace ?? 'default'}/${info.plural}`
    : `${base}/${info.plural}`;
};

/** Server-set fields a create must not carry. */
const forCreate = (object: FixtureObject): FixtureObject => {
  const {
    resourceVersion: _rv,
    uid: _uid,
    creationTimestamp: _ct,
    managedFields: _mf,
    generation: _g,
    deletionTimestamp: _dt,
    ...metadata
  } = object.metadata;
  const { status: _status, ...rest } = object;
  const finalizers = object.metadata.deletionTimestamp
    ? [...(object.metadata.finalizers ?? []), HOLD]
    : object.metadata.finalizers;
  return { ...rest, metadata: { ...metadata, ...(finalizers ? { finalizers } : {}) } };
};

/**
 * The API server assigns UIDs, so fixture labels and annotations that carry another object's UID (Rancher's node
 * label rke.cattle.io/machine = machine UID) are rewritten to the UID that object got here.
 */
const rewriteUidReferences = async (
  api: Api,
  created: readonly { path: string; object: FixtureObject }[],
  liveUid: ReadonlyMap<string, string>,
): Promise<void> => {
  const rewrite = (values: unknown): Record<string, string> | undefined => {
    if (typeof values !== 'object' || values === null) return undefined;
    const changed: Record<string, string> = {};
    for (const [key, value] of Object.entries(values as Record<string, unknown>)) {
      const replacement = typeof value === 'string' ? liveUid.get(value) : undefined;
      if (replacement) changed[key] = replacement;
    }
    return Object.keys(changed).length > 0 ? changed : undefined;
  };
  for (const { path, object } of created) {
    const patch: Record<string, unknown> = {};
    const metadata: Record<string, Record<string, string>> = {};
    for (const field of ['labels', 'annotations'] as const) {
      const changed = rewrite(object.metadata[field]);
      if (changed) metadata[field] = changed;
    }
    if (Object.keys(metadata).length > 0) patch.metadata = metadata;
    // KubeVirt's per-VMI budgets select their launcher pod by the VMI's UID (kubevirt.io/created-by).
    const spec = object.spec as { selector?: { matchLabels?: unknown } } | undefined;
    const matchLabels = rewrite(spec?.selector?.matchLabels);
    if (matchLabels) patch.spec = { selector: { matchLabels } };
    if (Object.keys(patch).length === 0) continue;
    const patched = (await api.must('PATCH', path, patch, MERGE_PATCH)) as { metadata: { generation?: number } };
    // A spec change bumps metadata.generation; a status that was observed at the old one would now read as
    // "still being processed" (the eviction API refuses under such a budget), so it is observed again.
    const status = object.status as { observedGeneration?: number } | undefined;
    if (patch.spec && status?.observedGeneration !== undefined && patched.metadata.generation !== undefined) {
      await api.must(
        'PATCH',
        `${path}/status`,
        { status: { observedGeneration: patched.metadata.generation } },
        MERGE_PATCH,
      );
    }
  }
};

export interface LoadedFixture {
  /** Deletes everything the load created (finalizers removed first), so the next scenario starts clean. */
  unload(): Promise<void>;
}

/**
 * Puts a fixture into the API server the way the real controllers would have left it: object, then its status
 * through the status subresource (the main resource ignores status), then DELETE for objects that were being
 * deleted. Namespaces are created as needed and never deleted (no namespace controller runs).
 */
export const loadFixture = async (api: Api, folder: string): Promise<LoadedFixture> => {
  const created: { path: string; object: FixtureObject }[] = [];
  const unload = async (): Promise<void> => {
    for (const { path } of [...created].reverse()) {
      await api.call('PATCH', path, { metadata: { finalizers: null } }, MERGE_PATCH);
      // Background: batch/v1 defaults to orphaning, whose finalizer no garbage collector here would remove.
      const answer = await api.call('DELETE', `${path}?gracePeriodSeconds=0&propagationPolicy=Background`);
      if (answer.status !== 200 && answer.status !== 202 && answer.status !== 404) {
        throw new Error(`cannot delete ${path}: ${String(answer.status)}`);
      }
    }
  };
  const namespaces = new Set<string>();
  const liveUid = new Map<string, string>();
  try {
    for (const object of readFixtureObjects(folder)) {
      const info = await resourceOf(api, object.apiVersion, object.kind);
      const namespace = object.metadata.namespace;
      if (info.namespaced && namespace && !namespaces.has(namespace)) {
        const answer = await api.call('POST', '/api/v1/namespaces', {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: namespace },
        });
        if (answer.status !== 201 && answer.status !== 409) throw new Error(`cannot create namespace ${namespace}`);
        namespaces.add(namespace);
      }
      const collection = collectionPath(object, info);
      await api.must('POST', collection, forCreate(object));
      const path = `${collection}/${object.metadata.name}`;
      created.push({ path, object });
      if (object.status !== undefined && info.hasStatus) {
        await api.must('PATCH', `${path}/status`, { status: object.status }, MERGE_PATCH);
      }
      if (object.metadata.deletionTimestamp) await api.must('DELETE', path);
      const uid = object.metadata.uid;
      if (typeof uid === 'string')
        liveUid.set(uid, ((await api.must('GET', path)) as { metadata: { uid: string } }).metadata.uid);
    }
    await rewriteUidReferences(api, created, liveUid);
  } catch (error) {
    // A half-loaded fixture would make every later scenario fail with "already exists".
    await unload();
    throw error;
  }
  return { unload };
};
