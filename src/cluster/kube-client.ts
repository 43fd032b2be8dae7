import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { createGunzip, type Gunzip } from 'node:zlib';
import type { Cluster } from '@kubernetes/client-node';
import { ClusterError, networkError, OversizedAnswer } from './errors.js';
import { formatDuration } from './duration.js';
import { sleep } from '../model/sleep.js';

export interface RequestOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly accept?: string;
  readonly contentType?: string;
  readonly body?: unknown;
  /** Overrides the client's timeout for this request (a shorter one for per-node probes). */
  readonly timeoutMs?: number;
  /** Answer the first response as is: no retry of 429/5xx (node proxy errors are not transient). */
  readonly noRetry?: boolean;
  /**
   * Send it on a new connection, never on a kept-alive one. For writes: when the server went away since the last
   * request (an API server restart), the new connection is refused, which proves the write never reached it; on a
   * kept-alive connection the same write is cut off (`socket hang up`), which proves nothing.
   */
  readonly newConnection?: boolean;
}

export interface KubeResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: unknown;
}

/** The one way this program talks to an API server: JSON over the kubeconfig's transport and credentials. */
export interface KubeClient {
  readonly server: string;
  readonly contextName: string;
  /** Sends one request; the caller decides what a non-2xx status means. */
  request(path: string, options?: RequestOptions): Promise<KubeResponse>;
  close(): void;
}

const MAX_RETRIES = 3;
/** 429 and 5xx answers with Retry-After are retried, never longer than this per wait. */
const MAX_RETRY_WAIT_MS = 10_000;

const retryAfterMs = (headers: http.IncomingHttpHeaders, attempt: number): number => {
  const header = headers['retry-after'];
  const seconds = typeof header === 'string' ? Number(header) : Number.NaN;
  const wait = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 250 * 2 ** attempt;
  return Math.min(wait, MAX_RETRY_WAIT_MS);
};

/** Retryable: throttling, and the transient server errors kubectl's client also retries (client-go rest/request.go). */
const isRetryable = (status: number, method: string): boolean =>
  status === 429 || (method === 'GET' && (status === 500 || status === 502 || status === 503 || status === 504));

interface Transport {
  readonly agent: http.Agent;
  /** The same TLS material without keep-alive: a new connection for every request (RequestOptions.newConnection). */
  readonly newConnectionAgent: http.Agent;
  readonly headers: Record<string, string>;
}

/** What the client uses of a loaded KubeConfig: the current cluster, and its credentials and TLS as https options. */
export interface KubeConnection {
  getCurrentCluster(): Cluster | null;
  applyToHTTPSOptions(options: https.RequestOptions): Promise<void>;
}

/**
 * client-node resolves credentials (token, client certificate, exec plugin, auth provider) and TLS material into
 * https options; we keep those and use our own keep-alive agent unless a proxy agent is needed.
 */
const makeTransport = async (config: KubeConnection): Promise<Transport> => {
  const options: https.RequestOptions = {};
  await config.applyToHTTPSOptions(options);
  const cluster = config.getCurrentCluster();
  const headers: Record<string, string> = {};
  if (options.headers && !Array.isArray(options.headers)) {
    for (const [key, value] of Object.entries(options.headers)) {
      if (typeof value === 'string' || typeof value === 'number') headers[key] = String(value);
    }
  }
  if (options.auth) headers.Authorization = `Basic ${Buffer.from(options.auth).toString('base64')}`;
  // client-node builds its proxy agents without keep-alive (config.js createAgent): a new connection per request
  // already, so the one agent serves both uses.
  if (cluster?.proxyUrl && options.agent instanceof http.Agent) {
    return { agent: options.agent, newConnectionAgent: options.agent, headers };
  }
  const agentOptions: https.AgentOptions = {
    keepAlive: true,
    maxSockets: 16,
    ca: options.ca,
    cert: options.cert,
    key: options.key,
    pfx: options.pfx,
    passphrase: options.passphrase,
    servername: cluster?.tlsServerName,
  };
  if (cluster?.skipTLSVerify) agentOptions.rejectUnauthorized = false;
  const plain = cluster?.server.startsWith('http:') ?? false;
  const agent = plain ? new http.Agent({ keepAlive: true }) : new https.Agent(agentOptions);
  const newConnectionAgent = plain
    ? new http.Agent({ keepAlive: false })
    : new https.Agent({ ...agentOptions, keepAlive: false });
  return { agent, newConnectionAgent, headers };
};

/**
 * The most a single answer may hold once inflated. The largest page of the 1,000-node benchmark
 * (docs/performance.md) is 500 pods at about 7.5 KB each, under 4 MB; this is 64 times that, and 500 objects of
 * 512 KiB each, a third of the 1.5 MiB etcd allows one object (etcd --max-request-bytes, which kube-apiserver
 * inherits), which only a few objects of a kind ever come near. Past about 512 MiB V8 cannot even make the body
 * into a string. A gzip answer is inflated as it streams in and counted, so a small "bomb" stops here.
 */
const MAX_BODY_BYTES = 256 * 1024 * 1024;
/** client-go's TLSHandshakeTimeout (k8s.io/apimachinery pkg/util/net/http.go SetOldTransportDefaults): 10 s. */
const TLS_HANDSHAKE_TIMEOUT_MS = 10_000;
/** client-go's dialer timeout (k8s.io/client-go transport/cache.go, net.Dialer{Timeout: 30 * time.Second}). */
const CONNECT_TIMEOUT_MS = 30_000;

/** Bounds of one request besides --request-timeout; tests make them small. They apply even without a timeout. */
export interface ClientLimits {
  readonly maxBodyBytes: number;
  readonly connectMs: number;
  readonly handshakeMs: number;
}

const DEFAULT_LIMITS: ClientLimits = {
  maxBodyBytes: MAX_BODY_BYTES,
  connectMs: CONNECT_TIMEOUT_MS,
  handshakeMs: TLS_HANDSHAKE_TIMEOUT_MS,
};

const sizeText = (bytes: number): string =>
  bytes >= 1024 * 1024 ? `${String(Math.round(bytes / (1024 * 1024)))} MiB` : `${String(bytes)} bytes`;

export const createKubeClient = (
  config: KubeConnection,
  contextName: string,
  timeoutMs: number | undefined,
  limits: Partial<ClientLimits> = {},
): KubeClient => {
  const { maxBodyBytes, connectMs, handshakeMs } = { ...DEFAULT_LIMITS, ...limits };
  const server = config.getCurrentCluster()?.server ?? '';
  let transport: Promise<Transport> | undefined;
  const transportOnce = (): Promise<Transport> => (transport ??= makeTransport(config));

  const once = async (path: string, options: RequestOptions): Promise<KubeResponse> => {
    const { agent: shared, newConnectionAgent, headers } = await transportOnce();
    const agent = options.newConnection ? newConnectionAgent : shared;
    const url = new URL(path.replace(/^\//, ''), server.endsWith('/') ? server : `${server}/`);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, value);
    }
    const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
    const requestHeaders: Record<string, string> = {
      ...headers,
      Accept: options.accept ?? 'application/json',
      // As client-go does: kube-apiserver gzips answers over 128 KiB when asked (apiserver pkg/endpoints/handlers/
      // responsewriters: defaultGzipThresholdBytes), which makes a large cluster's lists ~15× smaller on the wire.
      'Accept-Encoding': 'gzip',
      'User-Agent': 'kubectl-harvester_upgrade',
    };
    if (payload) {
      requestHeaders['Content-Type'] = options.contentType ?? 'application/json';
      requestHeaders['Content-Length'] = String(payload.length);
    }
    const send = url.protocol === 'http:' ? http.request : https.request;
    return await new Promise<KubeResponse>((resolve, reject) => {
      const timers: NodeJS.Timeout[] = [];
      let settled = false;
      let inflate: Gunzip | undefined;
      const finish = (): void => {
        settled = true;
        for (const timer of timers) clearTimeout(timer);
      };
      const fail = (error: ClusterError): void => {
        if (settled) return;
        finish();
        reject(error);
        inflate?.destroy();
        request.destroy();
      };
      const tooLarge = (): ClusterError =>
        // Not transient: the same request would bring the same answer, so it is not fetched again.
        new OversizedAnswer(
          `the API server at ${server} sent more than ${sizeText(maxBodyBytes)} for ${url.pathname}${inflate ? ' once inflated' : ''}: refused`,
          'check what answers at this address; a real API server page is far smaller',
        );
      const request = send(url, { method: options.method ?? 'GET', agent, headers: requestHeaders }, (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const take = (chunk: Buffer): void => {
          size += chunk.length;
          if (size > maxBodyBytes) fail(tooLarge());
          else chunks.push(chunk);
        };
        const done = (): void => {
          if (settled) return;
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          if (text && (response.headers['content-type'] ?? '').includes('json')) {
            try {
              body = JSON.parse(text);
            } catch {
              fail(
                new ClusterError(
                  'server',
                  `the API server at ${server} sent malformed JSON for ${url.pathname}`,
                  'retry',
                  undefined,
                  true,
                ),
              );
              return;
            }
          }
          finish();
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body });
        };
        // Only gzip is asked for; any other encoding is taken as it comes, as before.
        if (response.headers['content-encoding'] === 'gzip') {
          inflate = createGunzip();
          inflate.on('data', take);
          inflate.on('end', done);
          inflate.on('error', () => {
            fail(
              new ClusterError(
                'server',
                `the API server at ${server} sent a corrupt compressed answer for ${url.pathname}`,
                'retry',
                undefined,
                true,
              ),
            );
          });
        }
        let received = 0;
        response.on('data', (chunk: Buffer) => {
          if (!inflate) {
            take(chunk);
            return;
          }
          received += chunk.length;
          if (received > maxBodyBytes) fail(tooLarge());
          else inflate.write(chunk);
        });
        response.on('error', (error) => {
          fail(networkError(error, server));
        });
        response.on('end', () => {
          if (!response.complete) {
            fail(
              new ClusterError(
                'unreachable',
                `the API server at ${server} closed the connection mid-answer`,
                'retry',
                undefined,
                true,
              ),
            );
            return;
          }
          if (inflate) inflate.end();
          else done();
        });
      });
      const limit = options.timeoutMs ?? timeoutMs;
      // The whole request, from connecting to the last byte of the answer, as kubectl's --request-timeout (a body
      // that trickles in a byte at a time never lets an idle timeout fire).
      if (limit !== undefined) {
        timers.push(
          setTimeout(() => {
            fail(
              new ClusterError(
                'timeout',
                `the API server at ${server} did not answer within ${formatDuration(limit)}`,
                'raise --request-timeout or check the cluster',
              ),
            );
          }, limit),
        );
      }
      request.on('socket', (socket: Socket) => {
        // A kept-alive socket is already connected (and past its handshake); only a new one is timed.
        if (!socket.connecting) return;
        const connectTimer = setTimeout(() => {
          fail(
            new ClusterError(
              'unreachable',
              `cannot reach the API server at ${server}: no connection within ${formatDuration(connectMs)}`,
              'check --context and that the cluster is up',
            ),
          );
        }, connectMs);
        timers.push(connectTimer);
        socket.once('connect', () => {
          clearTimeout(connectTimer);
          if (url.protocol !== 'https:') return;
          const handshakeTimer = setTimeout(() => {
            fail(
              new ClusterError(
                'timeout',
                `the TLS handshake with ${server} did not complete within ${formatDuration(handshakeMs)}`,
                'check that the kubeconfig points at the HTTPS port of a Kubernetes API server',
              ),
            );
          }, handshakeMs);
          timers.push(handshakeTimer);
          socket.once('secureConnect', () => {
            clearTimeout(handshakeTimer);
          });
        });
      });
      request.on('error', (error) => {
        fail(networkError(error, server));
      });
      request.end(payload);
    });
  };

  return {
    server,
    contextName,
    request: async (path, options = {}) => {
      const method = options.method ?? 'GET';
      for (let attempt = 0; ; attempt++) {
        let response: KubeResponse;
        try {
          response = await once(path, options);
        } catch (error) {
          // A GET whose answer broke off is sent again; a write is not, since it may have been applied.
          const again = error instanceof ClusterError && error.transient && method === 'GET' && !options.noRetry;
          if (!again || attempt >= MAX_RETRIES) throw error;
          await sleep(250 * 2 ** attempt);
          continue;
        }
        if (response.status === 401) {
          throw new ClusterError(
            'unauthorized',
            `the API server rejected the credentials of context "${contextName}" (401 Unauthorized)`,
            'log in again or refresh the token in the kubeconfig',
            401,
          );
        }
        if (!options.noRetry && attempt < MAX_RETRIES && isRetryable(response.status, method)) {
          await sleep(retryAfterMs(response.headers, attempt));
          continue;
        }
        return response;
      }
    },
    close: () => {
      void transport?.then(({ agent, newConnectionAgent }) => {
        agent.destroy();
        newConnectionAgent.destroy();
      });
    },
  };
};

/** The `message` of a Kubernetes Status body, or the raw text. Never includes request headers or tokens. */
export const statusMessage = (body: unknown): string => {
  if (typeof body === 'object' && body !== null) {
    const message = (body as { message?: unknown }).message;
    if (typeof message === 'string') return message;
  }
  return typeof body === 'string' ? body.slice(0, 200) : '';
};
