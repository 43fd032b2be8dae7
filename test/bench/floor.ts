import type { Counted } from './counting-proxy';

/** `/apis/longhorn.io/v1beta2/namespaces/longhorn-system/volumes?…` → kubectl's `volumes.v1beta2.longhorn.io -n …`. */
export const kubectlListArgs = (list: Counted): string[] => {
  const parsed = new URL(list.url, 'http://x');
  const parts = parsed.pathname.split('/').filter(Boolean);
  const [root, ...rest] = parts;
  const [group, version, ...tail] = root === 'api' ? ['', ...rest] : rest;
  const namespace = tail[0] === 'namespaces' ? tail[1] : undefined;
  const plural = namespace ? tail[2] : tail[0];
  if (!plural || !version) throw new Error(`not a list path: ${list.url}`);
  const resource = group ? `${plural}.${version}.${group}` : plural;
  const fieldSelector = parsed.searchParams.get('fieldSelector');
  // A metadata-only list (Secrets) has no -o json equivalent; kubectl's default output is a server-side Table,
  // which likewise leaves the data on the server.
  const metadataOnly = list.accept.includes('PartialObjectMetadata');
  return [
    'get',
    resource,
    // -A on a cluster-scoped kind (nodes) is accepted and ignored, as the API path has no namespace either.
    ...(namespace ? ['-n', namespace] : ['-A']),
    ...(fieldSelector ? ['--field-selector', fieldSelector] : []),
    '--chunk-size=500',
    ...(metadataOnly ? [] : ['-o', 'json']),
  ];
};

/** What one run asked of the API server: the first page of each list, kubelet calls through the node proxy, the rest. */
export interface Plan {
  readonly lists: readonly Counted[];
  readonly nodeCalls: readonly Counted[];
  readonly other: readonly Counted[];
}

export const planOf = (counted: readonly Counted[]): Plan => {
  const isList = (c: Counted): boolean => c.method === 'GET' && /[?&]limit=/.test(c.url);
  return {
    lists: counted.filter((c) => isList(c) && !/[?&]continue=/.test(c.url)),
    nodeCalls: counted.filter((c) => c.url.includes('/proxy/')),
    other: counted.filter((c) => !isList(c) && !c.url.includes('/proxy/')),
  };
};
