import { invalidNameReason, type NamedKind } from '../model/object-name.js';

/**
 * A name or namespace refused before it became part of a URL: the request it was for is not sent. Names typed by
 * the user are refused earlier, at flag parsing (exit 2); this catches what a cluster, a bundle or a backup holds.
 */
export class InvalidObjectName extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'InvalidObjectName';
  }
}

/**
 * `value` as one path segment: checked against its kind's rule (src/model/object-name.ts), then percent-encoded.
 * Both are needed: encoding keeps `/`, `?` and `#` inside the segment, but `..` encodes to itself and the URL
 * parser would resolve it, leaving the namespace or collection the request was meant for.
 */
export const nameSegment = (kind: NamedKind, value: string): string => {
  const reason = invalidNameReason(kind, value);
  if (reason !== undefined) throw new InvalidObjectName(reason);
  return encodeURIComponent(value);
};

/** A kind's REST coordinates, always from the plugin's own tables (RESOURCES, RESTORABLE_KINDS), never from data. */
export interface ApiResource {
  /** '' for the core group (`/api/v1`). */
  readonly group: string;
  readonly version: string;
  readonly plural: string;
}

/** The only subresource paths the plugin requests. */
export type Subresource = 'eviction' | 'proxy/stats/summary' | 'proxy/configz' | 'log';

const GROUP = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$/;
const VERSION = /^v[0-9]+((alpha|beta)[0-9]+)?$/;
/** A DNS label, as apiextensions validates spec.names.plural (Multus: network-attachment-definitions). */
const PLURAL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * `/api/v1[/namespaces/NS]/PLURAL[/NAME[/SUBRESOURCE]]` or the `/apis/GROUP/VERSION/…` equivalent, the one way
 * src/cluster builds a request path: the namespace and the name go through nameSegment, and the coordinates must
 * look like the fixed ones they are.
 */
export const resourcePath = (
  resource: ApiResource,
  namespace: string | undefined,
  object?: { readonly kind: NamedKind; readonly name: string; readonly subresource?: Subresource },
): string => {
  const { group, version, plural } = resource;
  if (!GROUP.test(group) || !VERSION.test(version) || !PLURAL.test(plural)) {
    throw new Error(`not an API resource: ${JSON.stringify(resource)}`);
  }
  const base = group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
  const scope = namespace === undefined ? '' : `/namespaces/${nameSegment('Namespace', namespace)}`;
  const named = object === undefined ? '' : `/${nameSegment(object.kind, object.name)}`;
  const sub = object?.subresource === undefined ? '' : `/${object.subresource}`;
  return `${base}${scope}/${plural}${named}${sub}`;
};
