import { readFileSync } from 'node:fs';
import https from 'node:https';

/**
 * The harness's own minimal client: a token and the API server's self-signed CA. Deliberately independent of the
 * plugin's src/cluster code, so a bug there cannot hide itself in the setup of its own tests.
 */
export interface ApiAnswer {
  readonly status: number;
  readonly body: unknown;
}

export interface Api {
  readonly server: string;
  call(method: string, path: string, body?: unknown, contentType?: string): Promise<ApiAnswer>;
  /** Like call, but a non-2xx answer throws with the server's message. */
  must(method: string, path: string, body?: unknown, contentType?: string): Promise<unknown>;
}

export const apiClient = (server: string, caFile: string, token: string): Api => {
  const agent = new https.Agent({ ca: readFileSync(caFile), keepAlive: true });
  const call = (method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<ApiAnswer> =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const request = https.request(
        new URL(path, server),
        {
          method,
          agent,
          headers: {
            Authorization: `Bearer ${token}`,
            Accept: 'application/json',
            ...(payload ? { 'Content-Type': contentType, 'Content-Length': String(payload.length) } : {}),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown = text;
            try {
              parsed = text ? (JSON.parse(text) as unknown) : undefined;
            } catch {
              // not JSON (e.g. /readyz): keep the text
            }
            resolve({ status: response.statusCode ?? 0, body: parsed });
          });
        },
      );
      request.on('error', reject);
      request.end(payload);
    });
  return {
    server,
    call,
    must: async (method, path, body, contentType) => {
      const answer = await call(method, path, body, contentType);
      if (answer.status < 200 || answer.status > 299) {
        const message = (answer.body as { message?: string } | undefined)?.message ?? JSON.stringify(answer.body);
        throw new Error(`${method} ${path}: ${String(answer.status)} ${message}`);
      }
      return answer.body;
    },
  };
};

export const MERGE_PATCH = 'application/merge-patch+json';
