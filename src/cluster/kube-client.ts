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

/**
 * One request as `-v 6` shows it, the way kubectl's round-tripper logs it (k8s.io/client-go
 * transport/round_trippers.go, `GET <url> <status> in <ms> milliseconds`): never a header or a body, which may hold
 * a token or a Secret.
 */
export interface RequestLogEntry {
  readonly method: string;
  readonly url: string;
  /** The HTTP status, or the error's kind when no answer came. */
  readonly outcome: string;
  readonly ms: number;
}

/** The one way this program talks to an API server: JSON over the kubeconfig's transport and credentials. */
export interface KubeClient {
  readonly server: string;
  readonly contextName: string;
  /** Sends one request; the caller decides what a non-2xx status means. */
  request(path: string, options?: RequestOptions): Promise<KubeResponse>;
  close(): void;
}

/** One long-running GET whose answer is a stream of JSON values, one a line: a watch. */
export interface StreamOptions {
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly accept?: string;
  /**
   * The answer may go this long without a byte before the stream counts as dead (a half-open connection to a
   * server that vanished sends nothing, not even an end).
   */
  readonly idleMs: number;
  /** Told when the server answered 200: the stream is open and every later change will come through it. */
  readonly onOpen?: () => void;
}

/**
 * How a stream ended: the server closed it (`ended`, as kube-apiserver does at a watch's timeoutSeconds), the
 * caller closed it, or the server answered something else than 200 (`refused`, the whole bounded answer).
 */
export type StreamEnd =
  | { readonly kind: 'ended' }
  | { readonly kind: 'closed' }
  | { readonly kind: 'refused'; readonly response: KubeResponse };

export interface Stream {
  /** Settles once; rejects with a ClusterError when the connection broke or a line was not JSON. */
  readonly done: Promise<StreamEnd>;
  close(): void;
}

/** The client with streaming: what a watch needs. Only the real client has it; the readers' fakes need not. */
export interface StreamingKubeClient extends KubeClient {
  /** Never retried: a watch resumes from its last resourceVersion, which only the caller knows. */
  stream(path: string, options: StreamOptions, onValue: (value: unknown) => void): Stream;
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

const unauthorized = (contextName: string): ClusterError =>
  new ClusterError(
    'unauthorized',
    `the API server rejected the credentials of context "${contextName}" (401 Unauthorized)`,
    'log in again or refresh the token in the kubeconfig',
    401,
  );

interface Transport {
  readonly agent: http.Agent;
  /**
   * Kept-alive too, but without maxSockets: over HTTP/1.1 each open watch holds a connection for minutes, and the
   * reads' 16 sockets would queue the 17th watch for ever.
   */
  readonly streamAgent: http.Agent;
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
    return { agent: options.agent, newConnectionAgent: options.agent, streamAgent: options.agent, headers };
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
  const streamAgent = plain
    ? new http.Agent({ keepAlive: true })
    : new https.Agent({ ...agentOptions, maxSockets: Infinity });
  return { agent, newConnectionAgent, streamAgent, headers };
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

/** One request under way: it settles once, and a failure clears its timers and destroys its streams. */
interface Exchange {
  readonly server: string;
  readonly url: URL;
  readonly maxBodyBytes: number;
  readonly timers: NodeJS.Timeout[];
  /** Set once the answer turns out to be gzip: the body is inflated as it streams in. */
  inflate?: Gunzip;
  readonly settled: () => boolean;
  readonly fail: (error: ClusterError) => void;
  readonly succeed: (response: KubeResponse) => void;
}

/** A transient error of the answer (malformed, corrupt, cut off): a GET is sent again. */
const brokenAnswer = (kind: 'server' | 'unreachable', message: string): ClusterError =>
  new ClusterError(kind, message, 'retry', undefined, true);

const tooLarge = (exchange: Exchange): ClusterError =>
  // Not transient: the same request would bring the same answer, so it is not fetched again.
  new OversizedAnswer(
    `the API server at ${exchange.server} sent more than ${sizeText(exchange.maxBodyBytes)} for ${exchange.url.pathname}${exchange.inflate ? ' once inflated' : ''}: refused`,
    'check what answers at this address; a real API server page is far smaller',
  );

/** The whole body, parsed as JSON when the server says it is JSON. */
const settleBody = (exchange: Exchange, response: http.IncomingMessage, chunks: readonly Buffer[]): void => {
  if (exchange.settled()) return;
  const text = Buffer.concat(chunks).toString('utf8');
  let body: unknown = text;
  if (text && (response.headers['content-type'] ?? '').includes('json')) {
    try {
      body = JSON.parse(text);
    } catch {
      exchange.fail(
        brokenAnswer('server', `the API server at ${exchange.server} sent malformed JSON for ${exchange.url.pathname}`),
      );
      return;
    }
  }
  exchange.succeed({ status: response.statusCode ?? 0, headers: response.headers, body });
};

/** Reads the answer, counting every byte (inflated ones too) against maxBodyBytes. */
const receive = (exchange: Exchange, response: http.IncomingMessage): void => {
  const chunks: Buffer[] = [];
  let size = 0;
  const take = (chunk: Buffer): void => {
    size += chunk.length;
    if (size > exchange.maxBodyBytes) exchange.fail(tooLarge(exchange));
    else chunks.push(chunk);
  };
  const done = (): void => {
    settleBody(exchange, response, chunks);
  };
  // Only gzip is asked for; any other encoding is taken as it comes, as before.
  if (response.headers['content-encoding'] === 'gzip') {
    const inflate = createGunzip();
    exchange.inflate = inflate;
    inflate.on('data', take);
    inflate.on('end', done);
    inflate.on('error', () => {
      exchange.fail(
        brokenAnswer(
          'server',
          `the API server at ${exchange.server} sent a corrupt compressed answer for ${exchange.url.pathname}`,
        ),
      );
    });
  }
  let received = 0;
  response.on('data', (chunk: Buffer) => {
    if (!exchange.inflate) {
      take(chunk);
      return;
    }
    received += chunk.length;
    if (received > exchange.maxBodyBytes) exchange.fail(tooLarge(exchange));
    else exchange.inflate.write(chunk);
  });
  response.on('error', (error) => {
    exchange.fail(networkError(error, exchange.server));
  });
  response.on('end', () => {
    if (!response.complete) {
      exchange.fail(
        brokenAnswer('unreachable', `the API server at ${exchange.server} closed the connection mid-answer`),
      );
      return;
    }
    if (exchange.inflate) exchange.inflate.end();
    else done();
  });
};

/**
 * The whole request, from connecting to the last byte of the answer, as kubectl's --request-timeout (a body that
 * trickles in a byte at a time never lets an idle timeout fire).
 */
const limitRequest = (exchange: Exchange, limit: number | undefined): void => {
  if (limit === undefined) return;
  exchange.timers.push(
    setTimeout(() => {
      exchange.fail(
        new ClusterError(
          'timeout',
          `the API server at ${exchange.server} did not answer within ${formatDuration(limit)}`,
          'raise --request-timeout or check the cluster',
        ),
      );
    }, limit),
  );
};

/** Times the connection and the TLS handshake of a new socket, as client-go's dialer and transport do. */
const limitConnection = (exchange: Exchange, socket: Socket, connectMs: number, handshakeMs: number): void => {
  // A kept-alive socket is already connected (and past its handshake); only a new one is timed.
  if (!socket.connecting) return;
  const { server } = exchange;
  const connectTimer = setTimeout(() => {
    exchange.fail(
      new ClusterError(
        'unreachable',
        `cannot reach the API server at ${server}: no connection within ${formatDuration(connectMs)}`,
        'check --context and that the cluster is up',
      ),
    );
  }, connectMs);
  exchange.timers.push(connectTimer);
  socket.once('connect', () => {
    clearTimeout(connectTimer);
    if (exchange.url.protocol !== 'https:') return;
    const handshakeTimer = setTimeout(() => {
      exchange.fail(
        new ClusterError(
          'timeout',
          `the TLS handshake with ${server} did not complete within ${formatDuration(handshakeMs)}`,
          'check that the kubeconfig points at the HTTPS port of a Kubernetes API server',
        ),
      );
    }, handshakeMs);
    exchange.timers.push(handshakeTimer);
    socket.once('secureConnect', () => {
      clearTimeout(handshakeTimer);
    });
  });
};

/** What one request sends: where, how, and with which headers and body. */
interface Outgoing {
  readonly url: URL;
  readonly method: string;
  readonly agent: http.Agent;
  readonly headers: Record<string, string>;
  readonly payload?: Buffer;
  readonly timeoutMs?: number;
}

/** Sends one request and reads its answer, within every bound; never retries. */
const exchangeOnce = (server: string, outgoing: Outgoing, limits: ClientLimits): Promise<KubeResponse> =>
  new Promise<KubeResponse>((resolve, reject) => {
    const { url, method, agent, headers } = outgoing;
    const send = url.protocol === 'http:' ? http.request : https.request;
    let settled = false;
    const finish = (): void => {
      settled = true;
      for (const timer of exchange.timers) clearTimeout(timer);
    };
    const exchange: Exchange = {
      server,
      url,
      maxBodyBytes: limits.maxBodyBytes,
      timers: [],
      settled: () => settled,
      fail: (error) => {
        if (settled) return;
        finish();
        reject(error);
        exchange.inflate?.destroy();
        request.destroy();
      },
      succeed: (response) => {
        finish();
        resolve(response);
      },
    };
    const request = send(url, { method, agent, headers }, (response) => {
      receive(exchange, response);
    });
    limitRequest(exchange, outgoing.timeoutMs);
    request.on('socket', (socket: Socket) => {
      limitConnection(exchange, socket, limits.connectMs, limits.handshakeMs);
    });
    request.on('error', (error) => {
      exchange.fail(networkError(error, server));
    });
    request.end(outgoing.payload);
  });

/** Each newline-ended line of a byte stream, at most `max` bytes; the rest is kept until its newline comes. */
const lineSplitter = (
  max: number,
  onLine: (line: Buffer) => void,
  onTooLong: () => void,
): { readonly take: (chunk: Buffer) => void; readonly rest: () => Buffer } => {
  let pending: Buffer[] = [];
  let pendingSize = 0;
  const take = (chunk: Buffer): void => {
    let start = 0;
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, start)) {
      const line = Buffer.concat([...pending, chunk.subarray(start, at)]);
      pending = [];
      pendingSize = 0;
      start = at + 1;
      if (line.length > max) {
        onTooLong();
        return;
      }
      onLine(line);
    }
    const rest = chunk.subarray(start);
    pendingSize += rest.length;
    if (pendingSize > max) onTooLong();
    else if (rest.length > 0) pending.push(rest);
  };
  return { take, rest: () => Buffer.concat(pending) };
};

/**
 * The body of a 200 answer to a stream: inflated when gzip, split into lines, each parsed as JSON and handed on as
 * it arrives. Silence for longer than `idleMs` fails it, as does a line that is not JSON or too long.
 */
/** Restarts the stream's idle timer: silence for longer than `idleMs` fails it (a half-open connection). */
const idleTimer = (exchange: Exchange, idleMs: number): (() => void) => {
  const { server, url } = exchange;
  return () => {
    for (const timer of exchange.timers.splice(0)) clearTimeout(timer);
    exchange.timers.push(
      setTimeout(() => {
        exchange.fail(
          new ClusterError(
            'timeout',
            `the API server at ${server} sent nothing on ${url.pathname} for ${formatDuration(idleMs)}`,
            'check the cluster and any proxy or load balancer in front of it',
            undefined,
            true,
          ),
        );
      }, idleMs),
    );
  };
};

/** Each line as a JSON value; a line that is not JSON fails the stream (a GET may be sent again). */
const jsonLine =
  (exchange: Exchange, onValue: (value: unknown) => void) =>
  (line: Buffer): void => {
    const text = line.toString('utf8').trim();
    if (text === '' || exchange.settled()) return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      exchange.fail(
        brokenAnswer('server', `the API server at ${exchange.server} sent malformed JSON on ${exchange.url.pathname}`),
      );
      return;
    }
    onValue(value);
  };

/**
 * The body of a 200 answer to a stream: inflated when gzip, split into lines, each parsed as JSON and handed on as
 * it arrives. Silence for longer than `idleMs` fails it, as does a line that is not JSON or too long.
 */
const follow = (
  exchange: Exchange,
  response: http.IncomingMessage,
  idleMs: number,
  onValue: (value: unknown) => void,
  ended: () => void,
): void => {
  const { server } = exchange;
  const restartIdle = idleTimer(exchange, idleMs);
  const emit = jsonLine(exchange, onValue);
  const lines = lineSplitter(exchange.maxBodyBytes, emit, () => {
    exchange.fail(tooLarge(exchange));
  });
  const finished = (): void => {
    emit(lines.rest());
    if (!exchange.settled()) ended();
  };
  restartIdle();
  if (response.headers['content-encoding'] === 'gzip') {
    const inflate = createGunzip();
    exchange.inflate = inflate;
    inflate.on('data', lines.take);
    inflate.on('end', finished);
    inflate.on('error', () => {
      exchange.fail(brokenAnswer('server', `the API server at ${server} sent a corrupt compressed stream`));
    });
  }
  response.on('data', (chunk: Buffer) => {
    restartIdle();
    if (exchange.inflate) exchange.inflate.write(chunk);
    else lines.take(chunk);
  });
  response.on('error', (error) => {
    exchange.fail(networkError(error, server));
  });
  const cut = (): void => {
    exchange.fail(brokenAnswer('unreachable', `the API server at ${server} closed the connection mid-stream`));
  };
  response.on('close', () => {
    if (!response.complete) cut();
  });
  response.on('end', () => {
    if (!response.complete) cut();
    else if (exchange.inflate) exchange.inflate.end();
    else finished();
  });
};

interface StreamBounds {
  readonly limits: ClientLimits;
  /** Until the answer's headers arrive: the client's --request-timeout. The body is bounded by idleMs only. */
  readonly headersMs?: number;
  readonly idleMs: number;
  readonly onOpen?: () => void;
  readonly contextName: string;
}

/** A promise with its settle functions, for a stream whose end several events may decide. */
const deferred = <T>(): {
  readonly promise: Promise<T>;
  readonly resolve: (value: T) => void;
  readonly reject: (error: ClusterError) => void;
} => {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: ClusterError) => void = () => undefined;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
};

/** The answer's headers are in: a 401 fails it, another status is read whole, a 200 is followed line by line. */
const answerStream = (
  exchange: Exchange,
  response: http.IncomingMessage,
  bounds: StreamBounds,
  onValue: (value: unknown) => void,
  ended: () => void,
): void => {
  if (response.statusCode === 401) exchange.fail(unauthorized(bounds.contextName));
  else if (response.statusCode !== 200) receive(exchange, response);
  else {
    bounds.onOpen?.();
    follow(exchange, response, bounds.idleMs, onValue, ended);
  }
};

/** Sends the stream's GET within the connection, handshake and header bounds. */
const sendStream = (
  exchange: Exchange,
  outgoing: Outgoing,
  bounds: StreamBounds,
  onResponse: (response: http.IncomingMessage) => void,
): http.ClientRequest => {
  const send = outgoing.url.protocol === 'http:' ? http.request : https.request;
  const request = send(outgoing.url, { method: 'GET', agent: outgoing.agent, headers: outgoing.headers }, onResponse);
  limitRequest(exchange, bounds.headersMs);
  request.on('socket', (socket: Socket) => {
    limitConnection(exchange, socket, bounds.limits.connectMs, bounds.limits.handshakeMs);
  });
  request.on('error', (error) => {
    exchange.fail(networkError(error, exchange.server));
  });
  request.end();
  return request;
};

/**
 * Opens one stream. `onOutcome` is told once: the status when the headers arrive, or the error's kind when none
 * came; a 401 is the credentials' fault as for every request, any other status is answered whole as `refused`.
 */
const streamOnce = (
  server: string,
  outgoing: Outgoing,
  bounds: StreamBounds,
  onValue: (value: unknown) => void,
  onOutcome: (outcome: string) => void,
): Stream => {
  const { promise: done, resolve: resolveDone, reject: rejectDone } = deferred<StreamEnd>();
  let settled = false;
  let answered = false;
  const finish = (): void => {
    settled = true;
    for (const timer of exchange.timers) clearTimeout(timer);
  };
  const stop = (): void => {
    exchange.inflate?.destroy();
    request.destroy();
  };
  const exchange: Exchange = {
    server,
    url: outgoing.url,
    maxBodyBytes: bounds.limits.maxBodyBytes,
    timers: [],
    settled: () => settled,
    fail: (error) => {
      if (settled) return;
      finish();
      if (!answered) onOutcome(`failed (${error.kind})`);
      rejectDone(error);
      stop();
    },
    succeed: (response) => {
      finish();
      resolveDone({ kind: 'refused', response });
    },
  };
  const request = sendStream(exchange, outgoing, bounds, (response) => {
    answered = true;
    onOutcome(String(response.statusCode ?? 0));
    answerStream(exchange, response, bounds, onValue, () => {
      finish();
      resolveDone({ kind: 'ended' });
    });
  });
  return {
    done,
    close: () => {
      if (settled) return;
      finish();
      resolveDone({ kind: 'closed' });
      stop();
    },
  };
};

/** The request as it goes out: the URL with its query, the transport's credentials, JSON in and out. */
const outgoingOf = (server: string, path: string, options: RequestOptions, transport: Transport): Outgoing => {
  const url = new URL(path.replace(/^\//, ''), server.endsWith('/') ? server : `${server}/`);
  for (const [key, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined) url.searchParams.set(key, value);
  }
  const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
  const headers: Record<string, string> = {
    ...transport.headers,
    Accept: options.accept ?? 'application/json',
    // As client-go does: kube-apiserver gzips answers over 128 KiB when asked (apiserver pkg/endpoints/handlers/
    // responsewriters: defaultGzipThresholdBytes), which makes a large cluster's lists ~15× smaller on the wire.
    'Accept-Encoding': 'gzip',
    'User-Agent': 'kubectl-harvester_upgrade',
  };
  if (payload) {
    headers['Content-Type'] = options.contentType ?? 'application/json';
    headers['Content-Length'] = String(payload.length);
  }
  return {
    url,
    method: options.method ?? 'GET',
    agent: options.newConnection ? transport.newConnectionAgent : transport.agent,
    headers,
    ...(payload ? { payload } : {}),
  };
};

/**
 * One request with kubectl's retries: a GET whose answer broke off, and 429 (or a GET's 5xx) after Retry-After. A
 * 401 is the credentials' fault and says so.
 */
const withRetries = async (
  once: () => Promise<KubeResponse>,
  options: RequestOptions,
  contextName: string,
): Promise<KubeResponse> => {
  const method = options.method ?? 'GET';
  for (let attempt = 0; ; attempt++) {
    let response: KubeResponse;
    try {
      response = await once();
    } catch (error) {
      // A GET whose answer broke off is sent again; a write is not, since it may have been applied.
      const again = error instanceof ClusterError && error.transient && method === 'GET' && !options.noRetry;
      if (!again || attempt >= MAX_RETRIES) throw error;
      await sleep(250 * 2 ** attempt);
      continue;
    }
    if (response.status === 401) throw unauthorized(contextName);
    if (!options.noRetry && attempt < MAX_RETRIES && isRetryable(response.status, method)) {
      await sleep(retryAfterMs(response.headers, attempt));
      continue;
    }
    return response;
  }
};

/** `stream` of the client: waits for the transport, then opens the stream on the agent without a socket cap. */
const streamer =
  (
    server: string,
    transportOnce: () => Promise<Transport>,
    bounds: Omit<StreamBounds, 'idleMs'>,
    onRequest: ((entry: RequestLogEntry) => void) | undefined,
  ) =>
  (path: string, options: StreamOptions, onValue: (value: unknown) => void): Stream => {
    let inner: Stream | undefined;
    let closed = false;
    const done = transportOnce().then((opened): Promise<StreamEnd> => {
      if (closed) return Promise.resolve({ kind: 'closed' });
      const outgoing = outgoingOf(server, path, { query: options.query, accept: options.accept }, opened);
      const started = performance.now();
      const streamBounds = { ...bounds, idleMs: options.idleMs, onOpen: options.onOpen };
      inner = streamOnce(server, { ...outgoing, agent: opened.streamAgent }, streamBounds, onValue, (outcome) => {
        // As every request of `-v 6`: origin, path and query, never a header.
        onRequest?.({
          method: 'GET',
          url: `${outgoing.url.origin}${outgoing.url.pathname}${outgoing.url.search}`,
          outcome,
          ms: Math.round(performance.now() - started),
        });
      });
      return inner.done;
    });
    return {
      done,
      close: () => {
        closed = true;
        inner?.close();
      },
    };
  };

export const createKubeClient = (
  config: KubeConnection,
  contextName: string,
  timeoutMs: number | undefined,
  limits: Partial<ClientLimits> = {},
  onRequest?: (entry: RequestLogEntry) => void,
): StreamingKubeClient => {
  const bounds = { ...DEFAULT_LIMITS, ...limits };
  const server = config.getCurrentCluster()?.server ?? '';
  let transport: Promise<Transport> | undefined;
  const transportOnce = (): Promise<Transport> => (transport ??= makeTransport(config));
  const once = async (path: string, options: RequestOptions): Promise<KubeResponse> => {
    const outgoing = outgoingOf(server, path, options, await transportOnce());
    const limit = options.timeoutMs ?? timeoutMs;
    const exchange = exchangeOnce(server, limit === undefined ? outgoing : { ...outgoing, timeoutMs: limit }, bounds);
    if (!onRequest) return exchange;
    const started = performance.now();
    // origin + path + query: never the URL's userinfo, which could hold credentials.
    const log = (outcome: string): void => {
      onRequest({
        method: outgoing.method,
        url: `${outgoing.url.origin}${outgoing.url.pathname}${outgoing.url.search}`,
        outcome,
        ms: Math.round(performance.now() - started),
      });
    };
    try {
      const response = await exchange;
      log(String(response.status));
      return response;
    } catch (error) {
      log(error instanceof ClusterError ? `failed (${error.kind})` : 'failed');
      throw error;
    }
  };
  const stream = streamer(server, transportOnce, { limits: bounds, contextName, headersMs: timeoutMs }, onRequest);
  return {
    server,
    contextName,
    request: (path, options = {}) => withRetries(() => once(path, options), options, contextName),
    stream,
    close: () => {
      void transport?.then(({ agent, newConnectionAgent, streamAgent }) => {
        agent.destroy();
        newConnectionAgent.destroy();
        streamAgent.destroy();
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
