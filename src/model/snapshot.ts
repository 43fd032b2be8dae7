import type { ProbeKey, ProbeTypes } from './probes.js';
import { PROBE_DESCRIPTIONS } from './probes.js';
import { RESOURCES, resourceName, type ResourceKey, type ResourceTypes } from './resources.js';

/** A list of one kind, or one of the probes (kubelet stats, serving certificate). */
export type InputKey = ResourceKey | ProbeKey;

/**
 * Why an input is missing. Anything but `ok` means the checks that need it are "not evaluated" — a forbidden or
 * absent list is never taken to be an empty one (kubescape#3069 shows the false passes that causes).
 */
export type InputState =
  | { readonly status: 'ok' }
  | { readonly status: 'forbidden'; readonly reason: string }
  | { readonly status: 'not-installed'; readonly reason: string }
  | { readonly status: 'not-in-bundle'; readonly reason: string }
  | { readonly status: 'failed'; readonly reason: string }
  /** Cannot be observed from where the plugin runs (no route to the API server's own endpoints). */
  | { readonly status: 'unavailable'; readonly reason: string };

export type SnapshotSource =
  | { readonly mode: 'live'; readonly context: string; readonly server: string }
  | { readonly mode: 'bundle'; readonly path: string };

export interface ClusterSnapshot {
  readonly source: SnapshotSource;
  /** When the state was read: now for live clusters, the bundle's creation time for bundles. */
  readonly readAt: string;
  readonly items: { readonly [K in ResourceKey]?: readonly ResourceTypes[K][] };
  readonly probes?: { readonly [K in ProbeKey]?: ProbeTypes[K] };
  readonly inputs: Readonly<Partial<Record<InputKey, InputState>>>;
  /**
   * Files of a bundle that could not be read and that nothing ties to a kind (a kubectl-folder file that neither
   * its name nor its text relates to one): any result may miss what they held, so the run cannot end in exit 0.
   */
  readonly unread?: readonly string[];
}

export interface ReadRequest {
  readonly key: ResourceKey;
  /** Only this namespace (namespaced kinds); undefined = all namespaces. */
  readonly namespace?: string;
}

export const itemsOf = <K extends ResourceKey>(snapshot: ClusterSnapshot, key: K): readonly ResourceTypes[K][] =>
  snapshot.items[key] ?? [];

export const probeOf = <K extends ProbeKey>(snapshot: ClusterSnapshot, key: K): ProbeTypes[K] | undefined =>
  snapshot.probes?.[key];

export const inputOf = (snapshot: ClusterSnapshot, key: InputKey): InputState =>
  snapshot.inputs[key] ?? { status: 'failed', reason: `${key} was not read` };

export const isAvailable = (snapshot: ClusterSnapshot, key: InputKey): boolean =>
  inputOf(snapshot, key).status === 'ok';

const isResourceKey = (key: InputKey): key is ResourceKey => Object.hasOwn(RESOURCES, key);

/** `machines.cluster.x-k8s.io`, or what a probe reads: how messages and RBAC name an input. */
export const inputName = (key: InputKey): string =>
  isResourceKey(key) ? resourceName(RESOURCES[key]) : PROBE_DESCRIPTIONS[key];

/**
 * `build` computed once per snapshot: the indexes several verdicts ask of one snapshot (pods by node, machines by
 * node, budgets by pod) are built the first time and shared, and go with the snapshot.
 */
export const perSnapshot = <T>(build: (snapshot: ClusterSnapshot) => T): ((snapshot: ClusterSnapshot) => T) => {
  const cache = new WeakMap<ClusterSnapshot, T>();
  return (snapshot) => {
    const cached = cache.get(snapshot);
    if (cached !== undefined) return cached;
    const built = build(snapshot);
    cache.set(snapshot, built);
    return built;
  };
};
