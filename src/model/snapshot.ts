import type { ResourceKey, ResourceTypes } from './resources.js';

/**
 * Why an input is missing. Anything but `ok` means the checks that need it are "not evaluated" — a forbidden or
 * absent list is never taken to be an empty one (kubescape#3069 shows the false passes that causes).
 */
export type InputState =
  | { readonly status: 'ok' }
  | { readonly status: 'forbidden'; readonly reason: string }
  | { readonly status: 'not-installed'; readonly reason: string }
  | { readonly status: 'not-in-bundle'; readonly reason: string }
  | { readonly status: 'failed'; readonly reason: string };

export type SnapshotSource =
  | { readonly mode: 'live'; readonly context: string; readonly server: string }
  | { readonly mode: 'bundle'; readonly path: string };

export interface ClusterSnapshot {
  readonly source: SnapshotSource;
  /** When the state was read: now for live clusters, the bundle's creation time for bundles. */
  readonly readAt: string;
  readonly items: { readonly [K in ResourceKey]?: readonly ResourceTypes[K][] };
  readonly inputs: Readonly<Partial<Record<ResourceKey, InputState>>>;
}

export interface ReadRequest {
  readonly key: ResourceKey;
  /** Only this namespace (namespaced kinds); undefined = all namespaces. */
  readonly namespace?: string;
}

export const itemsOf = <K extends ResourceKey>(snapshot: ClusterSnapshot, key: K): readonly ResourceTypes[K][] =>
  snapshot.items[key] ?? [];

export const inputOf = (snapshot: ClusterSnapshot, key: ResourceKey): InputState =>
  snapshot.inputs[key] ?? { status: 'failed', reason: `${key} was not read` };

export const isAvailable = (snapshot: ClusterSnapshot, key: ResourceKey): boolean =>
  inputOf(snapshot, key).status === 'ok';
