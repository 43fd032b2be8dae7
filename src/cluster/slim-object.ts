import type { KubeObject } from '../model/kube-object.js';
import { soundShape } from './sound-shape.js';

/** Large annotations nothing reads; dropped on read so big clusters fit in memory. */
const DROPPED_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration', 'objectset.rio.cattle.io/applied'];

const isPlain = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Normalises one object as read live or from a bundle: list items from the API server carry no apiVersion/kind,
 * `managedFields` is often the largest part of an object (dropped before the rest is walked), and fields of the
 * wrong type are dropped (soundShape). Returns undefined for anything that is not an object with metadata.
 */
export const slimObject = (raw: unknown, apiVersion: string, kind: string): KubeObject | undefined => {
  if (!isPlain(raw) || !isPlain(raw.metadata)) return undefined;
  const { managedFields: _managedFields, ...metadata } = raw.metadata;
  const group = typeof raw.apiVersion === 'string' ? raw.apiVersion : apiVersion;
  const record = soundShape({ ...raw, metadata }, { mapsOfObjects: group.startsWith('longhorn.io/') });
  if (!isPlain(record) || !isPlain(record.metadata)) return undefined;
  const annotations = record.metadata.annotations;
  const keptMetadata = isPlain(annotations)
    ? {
        ...record.metadata,
        annotations: Object.fromEntries(
          Object.entries(annotations).filter(([key]) => !DROPPED_ANNOTATIONS.includes(key)),
        ),
      }
    : record.metadata;
  return {
    ...record,
    apiVersion: typeof record.apiVersion === 'string' ? record.apiVersion : apiVersion,
    kind: typeof record.kind === 'string' ? record.kind : kind,
    metadata: keptMetadata,
  };
};
