import { isRecord } from '../model/json.js';

/**
 * The shape every analysis relies on, enforced once where objects enter (live lists and bundle files alike). A
 * real API server validates objects against their schema, but a hand-edited or corrupted support bundle, or a CRD
 * without a structural schema, can hold anything: a string where a list belongs, `null` inside a list, a number as
 * a name. Such values are dropped, as if the field were unset, which every check already handles; the rest of the
 * object is kept. Kubernetes treats `null` in JSON as unset (k8s.io/apimachinery json decoding), so dropping it
 * changes nothing for valid objects.
 */

/**
 * Objects deeper than this are refused, in the live reader and the bundle reader alike. The deepest real objects we
 * read, KubeVirt VMs (spec.template.spec.domain.devices.disks[].disk.bus, plus affinity terms), nest about 15 levels;
 * kube-apiserver itself stops decoding at 10,000 (sigs.k8s.io/json), far past what a recursive walk survives.
 */
export const MAX_DEPTH = 100;

/** An object that cannot be made sound (nested too deep): the input that holds it is not evaluated. */
export class ShapeError extends Error {}

type Shape = 'string' | 'number' | 'list' | 'map' | 'list-or-map';

/** Longhorn v1beta1 keeps conditions and disks as maps keyed by type or name; every other kind uses lists. */
export interface ShapeRules {
  readonly mapsOfObjects: boolean;
}

/**
 * Fields with one meaning across the Kubernetes, Harvester, KubeVirt, Longhorn, Rancher and Cluster API kinds we
 * read: object metadata, pod specs and statuses, conditions, KubeVirt domains, Longhorn statuses. `list` means a
 * list of objects; `map` a map of strings; `list-or-map` a list of objects, or for Longhorn's kinds also a map of
 * objects (longhorn/longhorn-manager k8s/pkg/apis/longhorn/v1beta1: conditions and disks as maps).
 */
const SHAPES: Readonly<Record<string, Shape>> = {
  name: 'string',
  namespace: 'string',
  uid: 'string',
  resourceVersion: 'string',
  creationTimestamp: 'string',
  deletionTimestamp: 'string',
  generateName: 'string',
  apiVersion: 'string',
  kind: 'string',
  type: 'string',
  reason: 'string',
  message: 'string',
  phase: 'string',
  nodeName: 'string',
  providerID: 'string',
  value: 'string',
  default: 'string',
  key: 'string',
  operator: 'string',
  effect: 'string',
  lastTransitionTime: 'string',
  kubeletVersion: 'string',
  nodeID: 'string',
  currentNodeID: 'string',
  podStatus: 'string',
  generation: 'number',
  observedGeneration: 'number',
  currentHealthy: 'number',
  desiredHealthy: 'number',
  disruptionsAllowed: 'number',
  expectedPods: 'number',
  labels: 'map',
  annotations: 'map',
  matchLabels: 'map',
  nodeSelector: 'map',
  allocatable: 'map',
  requests: 'map',
  limits: 'map',
  ownerReferences: 'list',
  containers: 'list',
  initContainers: 'list',
  containerStatuses: 'list',
  initContainerStatuses: 'list',
  tolerations: 'list',
  taints: 'list',
  volumes: 'list',
  hostDevices: 'list',
  gpus: 'list',
  interfaces: 'list',
  volumeRequests: 'list',
  workloadsStatus: 'list',
  nodeSelectorTerms: 'list',
  matchExpressions: 'list',
  matchFields: 'list',
  conditions: 'list-or-map',
  disks: 'list-or-map',
};

/**
 * One copy of each short string: a big cluster repeats the same node names, namespaces, condition types, reasons,
 * timestamps and label values across tens of thousands of objects, and JSON.parse gives each its own copy
 * (docs/performance.md). Strings longer than this are mostly unique (messages, annotations): they are copied out of
 * the parsed text (see detached) but not shared.
 */
const INTERN_MAX = 64;
/**
 * `explain-drain --watch` reads again for hours, and every read brings new resourceVersions and timestamps: the
 * table starts over past this size, so it never holds more than about one large cluster's worth of strings.
 */
const INTERN_ENTRIES = 500_000;
const interned = new Map<string, string>();

/**
 * A copy of the string that holds nothing else alive. js-yaml returns every scalar as a slice of the file's text,
 * and V8 keeps a slice as a pointer into its parent: one kept node name would keep a 48 MB pods.yaml alive, and all
 * of a big bundle's text stayed on the heap (docs/performance.md). Concatenating flattens into a fresh string, and
 * the slice that drops the added character points into that copy only.
 */
const detached = (text: string): string => ` ${text}`.slice(1);

const intern = (text: string): string => {
  if (text.length > INTERN_MAX) return detached(text);
  const known = interned.get(text);
  if (known !== undefined) return known;
  if (interned.size >= INTERN_ENTRIES) interned.clear();
  const copy = detached(text);
  interned.set(copy, copy);
  return copy;
};

/** The value as the field's shape allows it, or undefined to drop the field. */
const shaped = (shape: Shape | undefined, value: unknown, rules: ShapeRules, depth: number): unknown => {
  const objectsIn = (items: readonly unknown[]): unknown[] =>
    items.filter(isRecord).map((item) => walk(item, rules, depth));
  switch (shape) {
    case 'string':
      return typeof value === 'string' ? intern(value) : undefined;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    case 'map':
      return isRecord(value)
        ? Object.fromEntries(
            Object.entries(value).flatMap(([key, entry]) => (typeof entry === 'string' ? [[key, intern(entry)]] : [])),
          )
        : undefined;
    case 'list':
      return Array.isArray(value) ? objectsIn(value) : undefined;
    case 'list-or-map':
      if (Array.isArray(value)) return objectsIn(value);
      return isRecord(value) && rules.mapsOfObjects
        ? Object.fromEntries(
            Object.entries(value).flatMap(([key, entry]) =>
              isRecord(entry) ? [[key, walk(entry, rules, depth)]] : [],
            ),
          )
        : undefined;
    case undefined:
      return walk(value, rules, depth);
  }
};

const walk = (value: unknown, rules: ShapeRules, depth: number): unknown => {
  if (typeof value === 'string') return intern(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) throw new ShapeError(`nested deeper than ${String(MAX_DEPTH)} levels`);
  if (Array.isArray(value)) return value.filter((item) => item !== null).map((item) => walk(item, rules, depth + 1));
  const result: Record<string, unknown> = {};
  for (const [field, entry] of Object.entries(value)) {
    if (entry === null) continue;
    const kept = shaped(SHAPES[field], entry, rules, depth + 1);
    if (kept !== undefined) result[field] = kept;
  }
  return result;
};

/**
 * A deep copy of a JSON value with every field of a known shape made sound, and nulls dropped. Throws ShapeError
 * for a value nested deeper than MAX_DEPTH.
 */
export const soundShape = (value: unknown, rules: ShapeRules = { mapsOfObjects: false }): unknown =>
  walk(value, rules, 0);
