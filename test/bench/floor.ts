import { readFileSync } from 'node:fs';
import https from 'node:https';
import { createGunzip } from 'node:zlib';
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

/** What the client floor reads: the plugin's first page of each list (it follows `continue`), and its kubelet calls. */
export interface ClientFloorPlan {
  readonly server: string;
  readonly caFile: string;
  readonly token: string;
  readonly lists: readonly { readonly url: string; readonly accept: string }[];
  readonly nodeCalls: readonly string[];
}

/**
 * The client floor: one Node process that reads exactly the pages the plugin read, asking for gzip as the plugin
 * does, inflates and JSON.parses each page and keeps nothing but the `continue` token. Lists are read all at once
 * and kubelet calls 8 at a time, as the plugin reads them. Any client of these APIs in Node does at least this
 * much; kubectl's floor adds a process per list and re-encodes every object.
 */
export const readLikeAClient = async (plan: ClientFloorPlan): Promise<number> => {
  const agent = new https.Agent({ ca: readFileSync(plan.caFile), keepAlive: true, maxSockets: 64 });
  const get = (path: string, accept: string): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const request = https.get(
        new URL(path, plan.server),
        { agent, headers: { Accept: accept, 'Accept-Encoding': 'gzip', Authorization: `Bearer ${plan.token}` } },
        (response) => {
          const body = response.headers['content-encoding'] === 'gzip' ? response.pipe(createGunzip()) : response;
          const chunks: Buffer[] = [];
          body.on('data', (chunk: Buffer) => chunks.push(chunk));
          body.on('error', reject);
          body.on('end', () => {
            if (response.statusCode !== 200) reject(new Error(`${String(response.statusCode)} ${path}`));
            else resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
          });
        },
      );
      request.on('error', reject);
    });
  let pages = 0;
  const readList = async (first: string, accept: string): Promise<void> => {
    let path: string | undefined = first;
    while (path !== undefined) {
      const page = (await get(path, accept)) as { metadata?: { continue?: string } };
      pages++;
      const token = page.metadata?.continue;
      if (!token) path = undefined;
      else {
        const next = new URL(first, 'http://x');
        next.searchParams.set('continue', token);
        path = `${next.pathname}${next.search}`;
      }
    }
  };
  const calls = [...plan.nodeCalls];
  const kubelet = async (): Promise<void> => {
    for (let call = calls.shift(); call !== undefined; call = calls.shift()) {
      await get(call, 'application/json');
      pages++;
    }
  };
  await Promise.all([
    ...plan.lists.map((list) => readList(list.url, list.accept)),
    ...Array.from({ length: 8 }, kubelet),
  ]);
  agent.destroy();
  return pages;
};
