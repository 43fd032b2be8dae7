import { CORE_SCHEMA, loadAll, YAMLException } from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../model/kube-object.js';
import { isRecord } from '../model/json.js';
import { RESOURCES, resourceName, type ResourceKey, type ResourceType } from '../model/resources.js';
import type { ClusterSnapshot, InputState, ReadRequest } from '../model/snapshot.js';
import { EntryProblem, listBundle, MAX_ENTRY_BYTES, type BundleEntry, type BundleListing } from './bundle-entries.js';
import { boundHeap } from './heap-bound.js';
import { slimObject } from './slim-object.js';
import { splitListText } from './yaml-list-items.js';

export interface BundleRead {
  readonly snapshot: ClusterSnapshot;
  /** One line per file that could not be used; the rest is still analysed. */
  readonly warnings: readonly string[];
  /** Why the bundle gives nothing to analyse (no object files, none of the kinds asked for): one line. */
  readonly unusable?: string;
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

/** The namespace a support bundle's namespaced file was listed in (`yamls/namespaced/<ns>/…`); undefined otherwise. */
const supportBundleNamespace = (path: string): string | undefined =>
  /(?:^|\/)yamls\/namespaced\/([^/]+)\//.exec(path)?.[1];

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

/** JSON.parse refuses a byte order mark (js-yaml skips it); editors on Windows write one. */
const withoutBom = (text: string): string => (text.startsWith('\uFEFF') ? text.slice(1) : text);

const parseDocuments = (path: string, text: string): unknown[] =>
  /\.json$/i.test(path) ? [JSON.parse(withoutBom(text)) as unknown] : parseYaml(text);

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
  const list = /\.json$/i.test(path) ? undefined : splitListText(text);
  if (list) {
    try {
      const header = loadAll(list.header, NO_ALIASES);
      const head: unknown = header[0];
      // flatten's rule: an object with an `items` field is a List unless its kind says otherwise.
      const kind = typeof head === 'object' && head !== null ? (head as { kind?: unknown }).kind : undefined;
      if (header.length !== 1 || kind === undefined || (typeof kind === 'string' && !kind.endsWith('List'))) {
        throw new Error('not a List');
      }
      const objects: KubeObject[] = [];
      for (const item of list.items) {
        const parsed = loadAll(item, NO_ALIASES);
        const entry: unknown = parsed[0];
        if (parsed.length !== 1 || !Array.isArray(entry) || entry.length !== 1) throw new Error('not one item');
        const object = slim(entry[0]);
        if (object) objects.push(object);
        if (objects.length % BOUND_EVERY === 0) boundHeap();
      }
      // The items were cut out of the header; an empty array stands for them, so the List still looks like one.
      return { documents: [{ ...(head as object), items: [] }], objects };
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

/**
 * support-bundle-kit leaves Secrets out (pkg/manager/manager.go phaseInit, ExcludeResources), except that its
 * Harvester collector, which Harvester turns on (pkg/controller/master/supportbundle/manager.go
 * SUPPORT_BUNDLE_EXTRA_COLLECTORS), keeps fleet-local's machine plan Secrets with their annotations and only the
 * plan's status keys of their data (pkg/manager/collectors/harvester.go, common.go; support-bundle-kit v0.0.12,
 * Harvester v1.1.1). A bundle without them is older, or not Harvester's.
 */
const notInBundle = (type: ResourceType, supportBundle: boolean): InputState => ({
  status: 'not-in-bundle',
  reason:
    type.plural === 'secrets' && supportBundle
      ? 'support bundles hold no Secrets (Harvester v1.1.1 and later keep only the machine plan Secrets of fleet-local)'
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

/**
 * Why a file that parsed is still not whole, or undefined. kubectl and support-bundle-kit (Go's YAML and JSON
 * encoders, keys sorted) write a List's `kind: List` after its `items`, so a file cut short anywhere in its items
 * still parses, as a shorter List without a kind. In a support bundle each file is exactly one such List.
 */
export const cutShort = (documents: readonly unknown[], supportBundle: boolean): string | undefined => {
  const lists = documents.filter((document) => isRecord(document) && Array.isArray(document.items));
  if (lists.some((list) => isRecord(list) && list.kind === undefined)) {
    return 'its List has items but no kind after them: the file is cut short (kubectl and support bundles write kind: List last)';
  }
  if (supportBundle && (documents.length !== 1 || lists.length !== 1)) {
    return 'it is not one List: the file is cut short or not written by a support bundle';
  }
  return undefined;
};

/** The wanted kinds a kubectl-folder file is named after: `nodes.json`, `clusters.cluster.x-k8s.io.yaml`. */
const fileNameKeys = (path: string, wanted: readonly ResourceKey[]): ResourceKey[] => {
  const base = (path.split('/').pop() ?? '').replace(/\.(ya?ml|json)$/i, '');
  return wanted.filter((key) => base === RESOURCES[key].plural || base === resourceName(RESOURCES[key]));
};

/**
 * The wanted kinds whose name the text holds as a word (`kind: Node`, `"kind": "NodeList"`, an owner reference): a
 * file of kubectl output that does not parse may have held objects of those kinds, and of no other, because an
 * object is only ever taken for a kind its own `kind` field names.
 */
export const kindsNamedIn = (text: string, wanted: readonly ResourceKey[]): ResourceKey[] => {
  const kinds = [...new Set(wanted.map((key) => RESOURCES[key].kind))];
  if (kinds.length === 0) return [];
  const pattern = new RegExp(`\\b(${kinds.join('|')})(?:List)?\\b`, 'g');
  const named = new Set<string>();
  for (const match of text.matchAll(pattern)) {
    named.add(match[1] ?? '');
    if (named.size === kinds.length) break;
  }
  return wanted.filter((key) => named.has(RESOURCES[key].kind));
};

const firstLine = (error: unknown): string =>
  error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);

const OBJECT_FILE = /\.(ya?ml|json)$/i;

/** Why a bundle gives a command nothing to work with, or undefined: said in one line instead of an empty report. */
const nothingUsable = (
  entries: readonly BundleEntry[],
  requests: readonly ReadRequest[],
  inputs: Partial<Record<ResourceKey, InputState>>,
  firstFailure: string | undefined,
): string | undefined => {
  if (!entries.some((entry) => OBJECT_FILE.test(entry.path))) {
    const zip = entries.find((entry) => /\.zip$/i.test(entry.path));
    return zip
      ? `it holds only another zip (${zip.path}): unzip the outer one and pass the inner zip`
      : 'it holds no YAML or JSON files';
  }
  // A kind that failed is reported as such, check by check; only a bundle with nothing at all to show is refused.
  const any = (status: InputState['status']): boolean =>
    requests.some((request) => inputs[request.key]?.status === status);
  if (requests.length === 0 || any('ok') || any('failed')) return undefined;
  if (firstFailure !== undefined) return `nothing in it could be read: ${firstFailure}`;
  const names = [...new Set(requests.map((request) => resourceName(RESOURCES[request.key])))];
  const shown =
    names.length > 4 ? `${names.slice(0, 4).join(', ')} or ${String(names.length - 4)} other kinds` : names.join(', ');
  return `it holds no ${shown}`;
};

/** What the files of a bundle gave so far, kind by kind. */
interface BundleScan {
  readonly wanted: readonly ResourceKey[];
  /** The one namespace each kind is read in, where it is read in one (ReadRequest.namespace). */
  readonly namespaces: ReadonlyMap<ResourceKey, string | undefined>;
  readonly supportBundle: boolean;
  readonly warnings: string[];
  readonly seen: Set<ResourceKey>;
  readonly found: Map<ResourceKey, KubeObject[]>;
  /** Every reason a kind was not read: in a support bundle a kind is read only when every file of it parsed. */
  readonly failures: Map<ResourceKey, string[]>;
  /** kubectl-folder files that were not read and that nothing ties to a kind: any result may miss them. */
  readonly unread: string[];
  firstFailure?: string;
}

const newScan = (listing: BundleListing, requests: readonly ReadRequest[]): BundleScan => {
  const wanted = requests.map((request) => request.key);
  return {
    wanted,
    namespaces: new Map(requests.map((request) => [request.key, request.namespace])),
    supportBundle: isSupportBundle(listing.entries),
    warnings: [...listing.warnings],
    seen: new Set(),
    found: new Map(wanted.map((key) => [key, []])),
    failures: new Map(),
    unread: [],
  };
};

const failEntry = (scan: BundleScan, entry: BundleEntry, reason: string, keys: readonly ResourceKey[]): void => {
  scan.warnings.push(reason);
  scan.firstFailure ??= reason;
  for (const key of keys) scan.failures.set(key, [...(scan.failures.get(key) ?? []), reason]);
  if (!scan.supportBundle && keys.length === 0) scan.unread.push(entry.path);
};

/** What a file is, by its path: the kinds it may hold, and the apiVersion and kind its objects default to. */
interface EntryKinds {
  readonly pathType?: PathType;
  /** A support bundle's namespaced file: the namespace it lists, and the only one it says anything about. */
  readonly fileNamespace?: string;
  readonly pathKeys: readonly ResourceKey[];
  readonly namedKeys: readonly ResourceKey[];
  readonly fallbackApiVersion: string;
  readonly fallbackKind: string;
}

const entryKinds = (scan: BundleScan, entry: BundleEntry, objectFile: boolean): EntryKinds => {
  const pathType = scan.supportBundle ? supportBundlePathType(entry.path) : undefined;
  const pathKeys = pathType ? typeKeysFor(pathType.group, pathType.plural, scan.wanted) : [];
  // Without a support bundle's layout, the file's name is the first clue to what it held.
  const namedKeys = scan.supportBundle ? pathKeys : objectFile ? fileNameKeys(entry.path, scan.wanted) : [];
  const fallbackApiVersion = pathType
    ? pathType.group
      ? `${pathType.group}/${pathType.version}`
      : pathType.version
    : '';
  // Every key a path names shares its group and plural, hence its kind.
  const fallbackKind = pathKeys[0] === undefined ? '' : RESOURCES[pathKeys[0]].kind;
  const fileNamespace = pathType ? supportBundleNamespace(entry.path) : undefined;
  return {
    ...(pathType ? { pathType } : {}),
    ...(fileNamespace === undefined ? {} : { fileNamespace }),
    pathKeys,
    namedKeys,
    fallbackApiVersion,
    fallbackKind,
  };
};

/** Whether the entry is to be read: refusals and oversized files are reported; other files are no objects. */
const worthReading = (scan: BundleScan, entry: BundleEntry, objectFile: boolean, kinds: EntryKinds): boolean => {
  if (entry.problem !== undefined) {
    // Refusals are always said (a link or `..` in a bundle is worth knowing about), whatever the file holds.
    if (objectFile || scan.supportBundle) failEntry(scan, entry, entry.problem, kinds.namedKeys);
    else scan.warnings.push(entry.problem);
    return false;
  }
  if (!objectFile) return false;
  if (scan.supportBundle && !kinds.pathType) return false; // logs, node files, metadata: not objects
  if (scan.supportBundle && kinds.pathKeys.length === 0) return false; // a kind this command does not need
  if (entry.size > MAX_ENTRY_BYTES) {
    failEntry(
      scan,
      entry,
      `skipped ${entry.path}: ${String(entry.size)} bytes is over the ${String(MAX_ENTRY_BYTES)}-byte limit`,
      kinds.namedKeys,
    );
    return false;
  }
  return true;
};

/** The file's objects, by the kinds they are; in a support bundle the file decides the kind. */
const takeObjects = (scan: BundleScan, parsed: ParsedFile, kinds: EntryKinds): void => {
  // A support bundle lists a namespaced kind namespace by namespace: fleet-local's Secrets say nothing about those
  // of cattle-system, so a kind read in one namespace is read only when that namespace's file is there.
  for (const key of kinds.pathKeys) {
    const wanted = scan.namespaces.get(key);
    if (kinds.fileNamespace === undefined || wanted === undefined || wanted === kinds.fileNamespace) {
      scan.seen.add(key);
    }
  }
  // Elsewhere each object's own apiVersion/kind does.
  const candidates = kinds.pathType ? kinds.pathKeys : scan.wanted;
  if (!kinds.pathType) {
    for (const key of typedListKeys(parsed.documents, scan.wanted)) scan.seen.add(key);
  }
  for (const object of parsed.objects) {
    for (const key of candidates) {
      if (!matchesType(RESOURCES[key], object)) continue;
      // In a support bundle the file alone says what was read (above).
      if (!kinds.pathType) scan.seen.add(key);
      scan.found.get(key)?.push(RESOURCES[key].metadataOnly ? metadataOnly(object) : object);
    }
  }
};

/** Reads, parses and takes one file of the bundle, or reports why it could not be used. */
const scanEntry = async (scan: BundleScan, entry: BundleEntry): Promise<void> => {
  const objectFile = OBJECT_FILE.test(entry.path);
  const kinds = entryKinds(scan, entry, objectFile);
  if (!worthReading(scan, entry, objectFile, kinds)) return;
  let text: string;
  try {
    text = withoutBom((await entry.read()).toString('utf8'));
  } catch (error) {
    const reason = error instanceof EntryProblem ? error.message : `cannot read ${entry.path}: ${firstLine(error)}`;
    failEntry(scan, entry, reason, kinds.namedKeys);
    return;
  }
  // A file of kubectl output that fails may have held any kind its text names.
  const suspects = (): ResourceKey[] =>
    scan.supportBundle ? [...kinds.pathKeys] : [...new Set([...kinds.namedKeys, ...kindsNamedIn(text, scan.wanted)])];
  let parsed: ParsedFile;
  try {
    parsed = parseObjects(entry.path, text, (raw) => slimObject(raw, kinds.fallbackApiVersion, kinds.fallbackKind));
  } catch (error) {
    failEntry(scan, entry, `cannot parse ${entry.path}: ${firstLine(error)}`, suspects());
    return;
  }
  const short = cutShort(parsed.documents, scan.supportBundle);
  if (short !== undefined) {
    failEntry(scan, entry, `cannot use ${entry.path}: ${short}`, suspects());
    return;
  }
  takeObjects(scan, parsed, kinds);
  boundHeap();
};

/** Each requested kind's objects, and whether it was read, failed, or is not in the bundle. */
const snapshotInputs = (
  scan: BundleScan,
  requests: readonly ReadRequest[],
): Pick<ClusterSnapshot, 'items' | 'inputs'> => {
  const items: Partial<Record<ResourceKey, KubeObject[]>> = {};
  const inputs: Partial<Record<ResourceKey, InputState>> = {};
  for (const request of requests) {
    const type = RESOURCES[request.key];
    const all = scan.found.get(request.key) ?? [];
    items[request.key] =
      request.namespace && type.namespaced ? all.filter((o) => o.metadata?.namespace === request.namespace) : all;
    const reasons = scan.failures.get(request.key) ?? [];
    inputs[request.key] =
      reasons.length > 0
        ? {
            status: 'failed',
            reason:
              reasons.length > 1
                ? `${reasons[0] ?? ''} (and ${String(reasons.length - 1)} more files)`
                : (reasons[0] ?? ''),
          }
        : scan.seen.has(request.key)
          ? { status: 'ok' }
          : notInBundle(type, scan.supportBundle);
  }
  return { items, inputs };
};

/** Reads a bundle offline into the same snapshot a live read gives. */
export const readBundleSnapshot = async (path: string, requests: readonly ReadRequest[]): Promise<BundleRead> => {
  const listing = await listBundle(path);
  try {
    const scan = newScan(listing, requests);
    for (const entry of listing.entries) await scanEntry(scan, entry);
    const { items, inputs } = snapshotInputs(scan, requests);
    const unusable = nothingUsable(listing.entries, requests, inputs, scan.firstFailure);
    return {
      snapshot: {
        source: { mode: 'bundle', path },
        readAt: (await bundleCreatedAt(listing.entries)) ?? new Date().toISOString(),
        items,
        inputs,
        ...(scan.unread.length > 0 ? { unread: [...scan.unread] } : {}),
      },
      warnings: scan.warnings,
      ...(unusable === undefined ? {} : { unusable }),
    };
  } finally {
    listing.close();
  }
};
