import type { KubeObject } from '../model/kube-object.js';

/** Large annotations nothing reads; dropped on read so big clusters fit in memory. */
const DROPPED_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration', 'objectset.rio.cattle.io/applied'];

/**
 * Normalises one object as read live or from a bundle: list items from the API server carry no apiVersion/kind,
 * and `managedFields` is often the largest part of an object. Returns undefined for anything that is not an
 * object with metadata.
 */
export const slimObject = (item: unknown, apiVersion: string, kind: string): KubeObject | undefined => {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return undefined;
  const record = item as Record<string, unknown>;
  const metadata = record.metadata;
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return undefined;
  const { managedFields: _managedFields, ...keptMetadata } = metadata as Record<string, unknown>;
  const annotations = keptMetadata.annotations;
  if (typeof annotations === 'object' && annotations !== null && !Array.isArray(annotations)) {
    const kept = { ...(annotations as Record<string, unknown>) };
    for (const key of DROPPED_ANNOTATIONS) Reflect.deleteProperty(kept, key);
    keptMetadata.annotations = kept;
  }
  return {
    ...record,
    apiVersion: typeof record.apiVersion === 'string' ? record.apiVersion : apiVersion,
    kind: typeof record.kind === 'string' ? record.kind : kind,
    metadata: keptMetadata,
  };
};
