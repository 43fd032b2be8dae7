import http from 'node:http';
import https from 'node:https';
import { readFileSync } from 'node:fs';
import type { AddressInfo, Socket } from 'node:net';

export interface Counted {
  readonly method: string;
  readonly url: string;
  readonly accept: string;
  readonly status: number;
  /** Response body bytes as sent on the wire (compressed when the client asked for gzip). */
  readonly bytes: number;
}

export interface CountingProxy {
  /** `http://127.0.0.1:port`: a kubeconfig server for both the plugin and kubectl. */
  readonly url: string;
  readonly counted: Counted[];
  close(): Promise<void>;
}

/**
 * A streaming loopback proxy in front of the real API server that only counts: every request's method, path,
 * status and response bytes. Used for a separate counting pass, never for the timed runs. It sets the bearer token
 * itself: kubectl (client-go) does not send one to a plain-HTTP server, and both clients must be the same user.
 */
export const startCountingProxy = async (upstream: string, caFile: string, token: string): Promise<CountingProxy> => {
  const agent = new https.Agent({ ca: readFileSync(caFile), keepAlive: true, maxSockets: 64 });
  const counted: Counted[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((request, response) => {
    const target = new URL(request.url ?? '/', upstream);
    const forward = https.request(
      target,
      {
        method: request.method,
        headers: { ...request.headers, host: target.host, authorization: `Bearer ${token}` },
        agent,
      },
      (answer) => {
        let bytes = 0;
        answer.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
        });
        answer.on('end', () => {
          counted.push({
            method: request.method ?? 'GET',
            url: request.url ?? '',
            accept: request.headers.accept ?? '',
            status: answer.statusCode ?? 0,
            bytes,
          });
        });
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    forward.on('error', () => request.socket.destroy());
    request.pipe(forward);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    counted,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          agent.destroy();
          resolve();
        });
      }),
  };
};
