import http from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** What the proxy does with one request instead of (or on the way to) the real API server. */
export type Fault =
  /** Forward, then send half of the answer's body and cut the connection. */
  | { readonly kind: 'reset-mid-body' }
  /** Forward, then send half of the answer's body as if it were all of it (a well-framed, truncated JSON). */
  | { readonly kind: 'truncate' }
  /** Answer this status without forwarding, with Retry-After when given. */
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: number; readonly reason?: string }
  /** Never answer. */
  | { readonly kind: 'hang' }
  /** Cut the connection before forwarding: the server never sees the request. */
  | { readonly kind: 'drop-before' }
  /**
   * Forward, let the server act on it, run `meanwhile` (a test kills the API server there: applied, answer lost,
   * server gone), then cut the connection before any answer: the client cannot know.
   */
  | { readonly kind: 'drop-after'; readonly meanwhile?: () => Promise<void> }
  /** Run `first` (another client's write, racing this request), then forward untouched. */
  | { readonly kind: 'forward-after'; readonly first: () => Promise<void> }
  /**
   * Answer it here, as `answer` writes it, without forwarding: what a real API server never sends (a gzip bomb, a
   * body that never ends or trickles, continue tokens that repeat).
   */
  | { readonly kind: 'answer'; readonly answer: (response: http.ServerResponse, request: http.IncomingMessage) => void }
  /** Forward, then send `rewrite` of the server's JSON answer instead (uncompressed), with the server's status. */
  | { readonly kind: 'rewrite'; readonly rewrite: (body: unknown) => unknown };

export interface Seen {
  readonly method: string;
  readonly url: string;
  readonly accept: string;
  /** The client's Accept-Encoding, and the answer's Content-Encoding when the server compressed it. */
  readonly acceptEncoding: string;
  readonly encoding?: string;
  readonly at: number;
  readonly status?: number;
  readonly body?: string;
}

export interface FaultProxy {
  /** `http://127.0.0.1:port`, for a kubeconfig's server. */
  readonly url: string;
  /** Every request, in order, with the status and body the client got (bodies of forwarded answers only). */
  readonly seen: Seen[];
  /** Decides per request; undefined forwards untouched. Replace it between runs. */
  rule: (request: http.IncomingMessage, count: number) => Fault | undefined;
  /** What the test's own `first` and `meanwhile` actions threw; the request they were for was cut off. */
  readonly actionErrors: unknown[];
  close(): Promise<void>;
}

/**
 * A loopback HTTP proxy in front of the real kube-apiserver that injects network and server faults: the plugin
 * talks to it exactly as to an API server (plain HTTP on loopback, its token passed through), and everything the
 * proxy does not break is answered by the real server. `limit` rewrites the page size so that a few objects
 * already span several pages (continue tokens), as a large cluster would.
 */
export const startFaultProxy = async (upstream: string, caFile: string, limit?: number): Promise<FaultProxy> => {
  const agent = new https.Agent({ ca: readFileSync(caFile), keepAlive: true });
  const seen: Seen[] = [];
  const sockets = new Set<Socket>();
  let count = 0;
  const proxy: FaultProxy = {
    url: '',
    seen,
    rule: () => undefined,
    actionErrors: [],
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          agent.destroy();
          resolve();
        });
      }),
  };
  const server = http.createServer((request, response) => {
    count += 1;
    const fault = proxy.rule(request, count);
    const record = (status?: number, body?: string, encoding?: string): void => {
      seen.push({
        method: request.method ?? 'GET',
        url: request.url ?? '',
        accept: request.headers.accept ?? '',
        acceptEncoding: request.headers['accept-encoding'] ?? '',
        ...(encoding === undefined ? {} : { encoding }),
        at: Date.now(),
        ...(status === undefined ? {} : { status }),
        ...(body === undefined ? {} : { body }),
      });
    };
    if (fault?.kind === 'hang') {
      record();
      return;
    }
    if (fault?.kind === 'drop-before') {
      record();
      request.socket.destroy();
      return;
    }
    if (fault?.kind === 'answer') {
      record();
      fault.answer(response, request);
      return;
    }
    if (fault?.kind === 'status') {
      record(fault.status);
      response.writeHead(fault.status, {
        'Content-Type': 'application/json',
        ...(fault.retryAfter === undefined ? {} : { 'Retry-After': String(fault.retryAfter) }),
      });
      response.end(
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'Status',
          status: 'Failure',
          code: fault.status,
          reason: fault.reason ?? 'InternalError',
          message: `injected ${String(fault.status)}`,
        }),
      );
      return;
    }
    const ready = fault?.kind === 'forward-after' ? fault.first() : Promise.resolve();
    const target = new URL(request.url ?? '/', upstream);
    if (limit !== undefined && target.searchParams.has('limit')) target.searchParams.set('limit', String(limit));
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    const received = new Promise<void>((resolve) => request.on('end', resolve));
    const failed = (error: unknown): void => {
      proxy.actionErrors.push(error);
      request.socket.destroy();
    };
    void Promise.all([ready, received]).then(() => {
      const headers = { ...request.headers, host: target.host };
      const forward = https.request(target, { method: request.method, headers, agent }, (answer) => {
        const body: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => body.push(chunk));
        answer.on('end', () => {
          const whole = Buffer.concat(body);
          const encoding = answer.headers['content-encoding'];
          record(answer.statusCode, (encoding === 'gzip' ? gunzipSync(whole) : whole).toString('utf8'), encoding);
          if (fault?.kind === 'drop-after') {
            void (fault.meanwhile?.() ?? Promise.resolve()).then(() => request.socket.destroy(), failed);
            return;
          }
          const out = { ...answer.headers };
          delete out['transfer-encoding'];
          if (fault?.kind === 'rewrite') {
            const plain = encoding === 'gzip' ? gunzipSync(whole) : whole;
            const text = JSON.stringify(fault.rewrite(JSON.parse(plain.toString('utf8')) as unknown));
            delete out['content-encoding'];
            response.writeHead(answer.statusCode ?? 502, { ...out, 'content-length': String(Buffer.byteLength(text)) });
            response.end(text);
            return;
          }
          const half = whole.subarray(0, Math.floor(whole.length / 2));
          if (fault?.kind === 'reset-mid-body') {
            response.writeHead(answer.statusCode ?? 502, { ...out, 'content-length': String(whole.length) });
            response.write(half, () => request.socket.destroy());
            return;
          }
          const sent = fault?.kind === 'truncate' ? half : whole;
          response.writeHead(answer.statusCode ?? 502, { ...out, 'content-length': String(sent.length) });
          response.end(sent);
        });
      });
      forward.on('error', () => request.socket.destroy());
      forward.end(Buffer.concat(chunks));
    }, failed);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(proxy, { url: `http://127.0.0.1:${String(port)}` });
};
