import type { KubeObject } from '../model/kube-object.js';
import { isRecord } from '../model/json.js';
import { soundShape } from './sound-shape.js';

/** Large annotations nothing reads; dropped on read so big clusters fit in memory. */
const DROPPED_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration', 'objectset.rio.cattle.io/applied'];

/**
 * Pods are most of a large cluster's objects (30,000 in the benchmark of docs/performance.md), and only the fields
 * that model/pod.ts declares are read; the rest of spec and status (env, args, probes, ports, volume mounts, image
 * IDs, IPs...) is dropped on read, which halves the memory a big cluster's pods take. Volumes keep their name and
 * emptyDir, the source kubectl drain's local-storage filter looks at; metadata is kept whole.
 */
const POD_SPEC = ['nodeName', 'nodeSelector', 'affinity', 'tolerations', 'readinessGates'];
const POD_CONTAINER = ['name', 'resources'];
const POD_STATUS = ['phase', 'reason', 'message', 'conditions', 'startTime'];
const POD_CONTAINER_STATUS = ['name', 'ready', 'restartCount', 'state', 'lastState'];

const pick = (value: unknown, keys: readonly string[]): Record<string, unknown> | undefined =>
  isRecord(value) ? Object.fromEntries(keys.filter((key) => key in value).map((key) => [key, value[key]])) : undefined;

const pickEach = (value: unknown, keys: readonly string[]): unknown =>
  Array.isArray(value) ? value.map((item: unknown) => pick(item, keys) ?? item) : value;

const withDefined = (record: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));

const projectPod = (raw: Record<string, unknown>): Record<string, unknown> => {
  const spec = pick(raw.spec, POD_SPEC);
  const status = pick(raw.status, POD_STATUS);
  const rawSpec = isRecord(raw.spec) ? raw.spec : {};
  const rawStatus = isRecord(raw.status) ? raw.status : {};
  return withDefined({
    ...raw,
    spec:
      spec &&
      withDefined({
        ...spec,
        containers: pickEach(rawSpec.containers, POD_CONTAINER),
        initContainers: pickEach(rawSpec.initContainers, POD_CONTAINER),
        volumes: pickEach(rawSpec.volumes, ['name', 'emptyDir']),
      }),
    status:
      status &&
      withDefined({
        ...status,
        containerStatuses: pickEach(rawStatus.containerStatuses, POD_CONTAINER_STATUS),
        initContainerStatuses: pickEach(rawStatus.initContainerStatuses, POD_CONTAINER_STATUS),
      }),
  });
};

/**
 * A node's status lists the images the kubelet holds (up to 50 by default, each with its digests: kubelet
 * --node-status-max-images), often a third of the Node object, and nothing here reads them.
 */
const projectNode = (raw: Record<string, unknown>): Record<string, unknown> => {
  if (!isRecord(raw.status)) return raw;
  const { images: _images, ...status } = raw.status;
  return { ...raw, status };
};

/**
 * Normalises one object as read live or from a bundle: list items from the API server carry no apiVersion/kind,
 * `managedFields` is often the largest part of an object (dropped before the rest is walked), and fields of the
 * wrong type are dropped (soundShape). Returns undefined for anything that is not an object with metadata.
 */
export const slimObject = (raw: unknown, apiVersion: string, kind: string): KubeObject | undefined => {
  if (!isRecord(raw) || !isRecord(raw.metadata)) return undefined;
  const { managedFields: _managedFields, ...metadata } = raw.metadata;
  const group = typeof raw.apiVersion === 'string' ? raw.apiVersion : apiVersion;
  const core = group === 'v1' ? (typeof raw.kind === 'string' ? raw.kind : kind) : '';
  const slim =
    core === 'Pod'
      ? projectPod({ ...raw, metadata })
      : core === 'Node'
        ? projectNode({ ...raw, metadata })
        : { ...raw, metadata };
  const record = soundShape(slim, { mapsOfObjects: group.startsWith('longhorn.io/') });
  if (!isRecord(record) || !isRecord(record.metadata)) return undefined;
  const annotations = record.metadata.annotations;
  const keptMetadata = isRecord(annotations)
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
