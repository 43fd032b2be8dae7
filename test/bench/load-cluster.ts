import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { SyntheticObject } from './synthetic-cluster';

export interface Loader {
  /** POSTs the object, then PUTs its status subresource when it has one. */
  add(object: SyntheticObject): Promise<void>;
  close(): void;
}

/**
 * A bulk writer for the benchmark's setup: many keep-alive connections, and an error names the object. Separate
 * from the plugin's client on purpose (the harness must not depend on the code it measures).
 */
export const bulkLoader = (server: string, caFile: string, token: string, connections: number): Loader => {
  const agent = new https.Agent({ ca: readFileSync(caFile), keepAlive: true, maxSockets: connections });
  const send = (method: string, path: string, body: unknown): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      const payload = Buffer.from(JSON.stringify(body));
      const request = https.request(
        new URL(path, server),
        {
          method,
          agent,
          headers: {
            Authorization: `Bearer ${token}`,
            Accept: 'application/json',
            'Content-Type': 'application/json',
            'Content-Length': String(payload.length),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = response.statusCode ?? 0;
            if (status < 200 || status > 299) {
              reject(new Error(`${method} ${path}: ${String(status)} ${text.slice(0, 300)}`));
              return;
            }
            resolve(JSON.parse(text) as Record<string, unknown>);
          });
        },
      );
      request.on('error', reject);
      request.end(payload);
    });
  return {
    add: async (object) => {
      const created = await send('POST', object.path, object.body);
      if (!object.status) return;
      const metadata = created.metadata as { name: string };
      await send('PUT', `${object.path}/${encodeURIComponent(metadata.name)}/status`, {
        ...created,
        status: object.status,
      });
    },
    close: () => {
      agent.destroy();
    },
  };
};

/** Runs `work` over the items with at most `limit` in flight; the first error stops the run. */
export const pool = async <T>(items: Iterable<T>, limit: number, work: (item: T) => Promise<void>): Promise<number> => {
  const iterator = items[Symbol.iterator]();
  let done = 0;
  const worker = async (): Promise<void> => {
    for (let next = iterator.next(); !next.done; next = iterator.next()) {
      await work(next.value);
      done++;
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return done;
};
