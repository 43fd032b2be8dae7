import { CORE_SCHEMA, loadAll, YAMLException } from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../model/kube-object.js';
import { RESOURCES, resourceName, type ResourceKey, type ResourceType } from '../model/resources.js';
import type { ClusterSnapshot, InputState, ReadRequest } from '../model/snapshot.js';
import { listBundle, MAX_ENTRY_BYTES, type BundleEntry } from './bundle-entries.js';
import { boundHeap } from './heap-bound.js';
import { slimObject } from './slim-object.js';
import { splitListText } from './yaml-list-items.js';

export interface BundleRead {
  readonly snapshot: ClusterSnapshot;
  /** One line per file that could not be used; the rest is still analysed. */
  readonly warnings: readonly string[];
}

/**
 * A Harvester support bundle (rancher/support-bundle-kit) writes one List per resource:
 * `yamls/cluster/<group>/<version>/<plural>.yaml` and `yamls/namespaced/<ns>/<group>/<version>/<plural>.yaml`,
 * the core group written as just `v1`; possibly under one top-level folder, with `metadata.yaml` beside `yamls/`.
 */
const SUPPORT_BUNDLE_PATH = /(?:^|\/)yamls\/(?:cluster|namespaced\/[^/]+)\/(?:([^/]+)\/)?([^/]+)\/([^/]+)\.ya?ml$/;

interface PathType {
  readonly group: string;
  readonly version: string;
  readonly plural: string;
}

export const supportBundlePathType = (path: string): PathType | undefined => {
  const match = SUPPORT_BUNDLE_PATH.exec(path);
  if (!match) return undefined;
  const [, group, version = '', plural = ''] = match;
  return { group: group ?? '', version, plural };
};

const isSupportBundle = (entries: readonly BundleEntry[]): boolean =>
  entries.some((entry) => /(?:^|\/)yamls\/(cluster|namespaced)\//.test(entry.path));

const typeKeysFor = (group: string, plural: string, wanted: readonly ResourceKey[]): ResourceKey[] =>
  wanted.filter((key) => RESOURCES[key].group === group && RESOURCES[key].plural === plural);

const splitApiVersion = (apiVersion: string): [string, string] => {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
};

/** Every object in a parsed document: the document itself, or the items of a List. */
const flatten = (document: unknown): unknown[] => {
  if (typeof document !== 'object' || document === null) return [];
  const record = document as { kind?: unknown; items?: unknown };
  if (Array.isArray(record.items) && (typeof record.kind !== 'string' || record.kind.endsWith('List'))) {
    return record.items as unknown[];
  }
  return [document];
};

/**
 * A list as the API server answers it (`kind: VirtualMachineInstanceMigrationList`, `apiVersion: kubevirt.io/v1`)
 * names its kind even when it is empty, so an empty typed list means "read, none there" rather than "not in
 * bundle". kubectl's untyped `kind: List` cannot say that.
 */
const typedListKeys = (documents: readonly unknown[], wanted: readonly ResourceKey[]): ResourceKey[] =>
  documents.flatMap((document) => {
    if (typeof document !== 'object' || document === null) return [];
    const { kind, apiVersion } = document as { kind?: unknown; apiVersion?: unknown };
    if (typeof kind !== 'string' || typeof apiVersion !== 'string' || !kind.endsWith('List') || kind === 'List')
      return [];
    const [group, version] = splitApiVersion(apiVersion);
    return wanted.filter((key) => {
      const type = RESOURCES[key];
      return `${type.kind}List` === kind && type.group === group && type.versions.includes(version);
    });
  });

/**
 * What a metadata-only list returns live: a Secret in a bundle (`kubectl get secret -o yaml`) keeps its data in the
 * file, but never in the snapshot.
 */
const metadataOnly = (object: KubeObject): KubeObject => {
  const { type } = object as { type?: unknown };
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    metadata: object.metadata,
    ...(typeof type === 'string' ? { type } : {}),
  };
};

/** js-yaml as every bundle file is read: the YAML 1.2 core schema, and any alias refused (see parseYaml). */
const NO_ALIASES = { schema: CORE_SCHEMA, maxAliases: 0 };

/**
 * Bundles are machine-written block YAML without anchors (support-bundle-kit marshals objects as kubectl does), and
 * js-yaml reads that about ten times faster than `yaml` (docs/performance.md). It is told to refuse every alias, so
 * a "billion laughs" file cannot expand; a file that does use aliases is read by `yaml`, which caps their expansion.
 * Both use the YAML 1.2 core schema: timestamps stay strings, as the API server sent them.
 */
const parseYaml = (text: string): unknown[] => {
  try {
    return loadAll(text, NO_ALIASES);
  } catch (error) {
    if (!(error instanceof YAMLException && error.message.includes('maxAliases'))) throw error;
  }
  return parseAllDocuments(text).flatMap((document) => {
    if (document.errors.length > 0) throw new Error(document.errors[0]?.message ?? 'invalid YAML');
    return [document.toJS({ maxAliasCount: 100 }) as unknown];
  });
};

const parseDocuments = (path: string, text: string): unknown[] =>
  path.endsWith('.json') ? [JSON.parse(text) as unknown] : parseYaml(text);

/** As often as the live reader bounds the heap: once per page of 500. */
const BOUND_EVERY = 500;

interface ParsedFile {
  /** The file's documents; a List split at its items is here without them. */
  readonly documents: readonly unknown[];
  readonly objects: readonly KubeObject[];
}

/**
 * Parses a file and slims each object as soon as it is parsed. A YAML List is parsed item by item (yaml-list-items.ts)
 * so that only one full object is on the heap at a time; if any item does not parse on its own (an alias to another
 * item, a shape the split does not expect), the file is parsed whole, which gives the same objects or the real error.
 */
const parseObjects = (path: string, text: string, slim: (raw: unknown) => KubeObject | undefined): ParsedFile => {
  const list = path.endsWith('.json') ? undefined : splitListText(text);
  if (list) {
    try {
      const header = loadAll(list.header, NO_ALIASES);
      const head: unknown = header[0];
      // flatten's rule: an object with an `items` field is a List unless its kind says otherwise.
      const kind = typeof head === 'object' && head !== null ? (head as { kind?: unknown }).kind : undefined;
      if (header.length !== 1 || (typeof kind === 'string' && !kind.endsWith('List'))) throw new Error('not a List');
      const objects: KubeObject[] = [];
      for (const item of list.items) {
        const parsed = loadAll(item, NO_ALIASES);
        const entry: unknown = parsed[0];
        if (parsed.length !== 1 || !Array.isArray(entry) || entry.length !== 1) throw new Error('not one item');
        const object = slim(entry[0]);
        if (object) objects.push(object);
        if (objects.length % BOUND_EVERY === 0) boundHeap();
      }
      return { documents: header, objects };
    } catch {
      // parsed whole below
    }
  }
  const documents = parseDocuments(path, text);
  return {
    documents,
    objects: documents.flatMap(flatten).flatMap((raw) => {
      const object = slim(raw);
      return object ? [object] : [];
    }),
  };
};

const matchesType = (type: ResourceType, object: KubeObject): boolean => {
  const [group, version] = splitApiVersion(object.apiVersion ?? '');
  return (
    object.kind === type.kind &&
    group === type.group &&
    type.versions.includes(version) &&
    (type.matches?.(object) ?? true)
  );
};

const notInBundle = (type: ResourceType, supportBundle: boolean): InputState => ({
  status: 'not-in-bundle',
  reason:
    type.plural === 'secrets' && supportBundle
      ? 'support bundles hold no Secrets'
      : `the bundle holds no ${resourceName(type)}`,
});

const bundleCreatedAt = async (entries: readonly BundleEntry[]): Promise<string | undefined> => {
  const metadata = entries.find((entry) => /(^|\/)metadata\.yaml$/.test(entry.path) && !entry.path.includes('yamls/'));
  if (!metadata || metadata.size > 1024 * 1024) return undefined;
  try {
    const parsed = parseDocuments(metadata.path, (await metadata.read()).toString('utf8'))[0] as
      { bundlecreatedat?: unknown } | undefined;
    return typeof parsed?.bundlecreatedat === 'string' ? parsed.bundlecreatedat : undefined;
  } catch {
    return undefined;
  }
};

/** Reads a bundle offline into the same snapshot a live read gives. */
export const readBundleSnapshot = async (path: string, requests: readonly ReadRequest[]): Promise<BundleRead> => {
  const listing = await listBundle(path);
  try {
    const warnings = [...listing.warnings];
    const wanted = requests.map((request) => request.key);
    const supportBundle = isSupportBundle(listing.entries);
    const seen = new Set<ResourceKey>();
    const found = new Map<ResourceKey, KubeObject[]>(wanted.map((key) => [key, []]));

    for (const entry of listing.entries) {
      if (!/\.(ya?ml|json)$/i.test(entry.path)) continue;
      const pathType = supportBundle ? supportBundlePathType(entry.path) : undefined;
      if (supportBundle && !pathType) continue; // logs, node files, metadata: not objects
      const pathKeys = pathType ? typeKeysFor(pathType.group, pathType.plural, wanted) : [];
      if (supportBundle && pathKeys.length === 0) continue; // a kind this command does not need
      for (const key of pathKeys) seen.add(key);
      if (entry.size > MAX_ENTRY_BYTES) {
        warnings.push(
          `skipped ${entry.path}: ${String(entry.size)} bytes is over the ${String(MAX_ENTRY_BYTES)}-byte limit`,
        );
        continue;
      }
      const fallbackApiVersion = pathType
        ? pathType.group
          ? `${pathType.group}/${pathType.version}`
          : pathType.version
        : '';
      // Every key a path names shares its group and plural, hence its kind.
      const fallbackKind = pathKeys[0] === undefined ? '' : RESOURCES[pathKeys[0]].kind;
      let parsed: ParsedFile;
      try {
        parsed = parseObjects(entry.path, (await entry.read()).toString('utf8'), (raw) =>
          slimObject(raw, fallbackApiVersion, fallbackKind),
        );
      } catch (error) {
        warnings.push(
          `cannot parse ${entry.path}: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}`,
        );
        continue;
      }
      // In a support bundle the file decides the kind; elsewhere each object's own apiVersion/kind does.
      const candidates = pathType ? pathKeys : wanted;
      if (!pathType) {
        for (const key of typedListKeys(parsed.documents, wanted)) seen.add(key);
      }
      for (const object of parsed.objects) {
        for (const key of candidates) {
          if (!matchesType(RESOURCES[key], object)) continue;
          seen.add(key);
          found.get(key)?.push(RESOURCES[key].metadataOnly ? metadataOnly(object) : object);
        }
      }
      boundHeap();
    }

    const items: Partial<Record<ResourceKey, KubeObject[]>> = {};
    const inputs: Partial<Record<ResourceKey, InputState>> = {};
    for (const request of requests) {
      const type = RESOURCES[request.key];
      const all = found.get(request.key) ?? [];
      items[request.key] =
        request.namespace && type.namespaced ? all.filter((o) => o.metadata?.namespace === request.namespace) : all;
      inputs[request.key] = seen.has(request.key) ? { status: 'ok' } : notInBundle(type, supportBundle);
    }
    return {
      snapshot: {
        source: { mode: 'bundle', path },
        readAt: (await bundleCreatedAt(listing.entries)) ?? new Date().toISOString(),
        items,
        inputs,
      },
      warnings,
    };
  } finally {
    listing.close();
  }
};
