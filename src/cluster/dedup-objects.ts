import type { KubeObject } from '../model/kube-object.js';
import type { ResourceKey } from '../model/resources.js';
import type { ClusterSnapshot } from '../model/snapshot.js';

/**
 * Who an object is: its uid, which the API server gives every object and never reuses; without one (a hand-written
 * file), its kind, namespace and name, which the API server allows once. An object with neither is kept as it is.
 */
const identityOf = (object: KubeObject): string | undefined => {
  const { uid, name, namespace } = object.metadata ?? {};
  if (typeof uid === 'string' && uid !== '') return `uid:${uid}`;
  if (typeof name !== 'string' || name === '') return undefined;
  return `name:${object.kind ?? ''}/${typeof namespace === 'string' ? namespace : ''}/${name}`;
};

export interface Deduplicated<T> {
  readonly objects: readonly T[];
  /** Each object seen more than once, with how often, in the order first seen. */
  readonly repeated: readonly { readonly object: T; readonly times: number }[];
}

/** Keeps the first of each object listed more than once (one object in two bundle files, or one file twice). */
export const dedupObjects = <T extends KubeObject>(objects: readonly T[]): Deduplicated<T> => {
  const first = new Map<string, { readonly object: T; times: number }>();
  const kept: T[] = [];
  for (const object of objects) {
    const identity = identityOf(object);
    const known = identity === undefined ? undefined : first.get(identity);
    if (known) {
      known.times += 1;
      continue;
    }
    if (identity !== undefined) first.set(identity, { object, times: 1 });
    kept.push(object);
  }
  if (kept.length === objects.length) return { objects, repeated: [] };
  return { objects: kept, repeated: [...first.values()].filter((entry) => entry.times > 1) };
};

/** Names come from the bundle or the cluster: escaped where the warning is printed (render/escape.ts). */
const refOf = (object: KubeObject): string => {
  const { name, namespace } = object.metadata ?? {};
  return `${object.kind ?? 'object'} ${typeof namespace === 'string' && namespace ? `${namespace}/` : ''}${name ?? ''}`;
};

/**
 * Every kind of the snapshot with duplicates counted once, and one warning per kind that had any: two Machines with
 * one uid would otherwise be two machines claiming the same node, and a node count that does not match.
 */
export const dedupSnapshot = (
  snapshot: ClusterSnapshot,
  where: string,
): { readonly snapshot: ClusterSnapshot; readonly warnings: readonly string[] } => {
  const warnings: string[] = [];
  const items: Record<string, readonly KubeObject[]> = {};
  for (const [key, objects] of Object.entries(snapshot.items) as [ResourceKey, readonly KubeObject[] | undefined][]) {
    if (!objects) continue;
    const { objects: kept, repeated } = dedupObjects(objects);
    items[key] = kept;
    const [firstRepeated] = repeated;
    if (!firstRepeated) continue;
    const others = repeated.length > 1 ? `, and ${String(repeated.length - 1)} more objects of its kind are too,` : '';
    warnings.push(
      `${refOf(firstRepeated.object)} is listed ${String(firstRepeated.times)} times${others} ${where}: counted once`,
    );
  }
  if (warnings.length === 0) return { snapshot, warnings };
  return { snapshot: { ...snapshot, items }, warnings };
};
