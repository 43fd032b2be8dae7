import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ClusterError, OversizedAnswer } from './errors.js';
import { createKubeClient, type KubeConnection } from './kube-client.js';

/** A kubeconfig's current cluster with a token (client-node itself is ESM, which this Jest setup does not load). */
const configFor = (server: string): KubeConnection => ({
  getCurrentCluster: () => ({ name: 'local', server, skipTLSVerify: false }),
  applyToHTTPSOptions: (options) => {
    options.headers = { Authorization: 'Bearer token' };
    return Promise.resolve();
  },
});

/** A plain-HTTP server on loopback that counts the connections it accepts. */
const serve = async (
  handler: http.RequestListener,
): Promise<{ url: string; connections: () => number; close: () => Promise<void> }> => {
  let connections = 0;
  const server = http.createServer(handler);
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    connections: () => connections,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
};

describe('createKubeClient connections', () => {
  it('keeps one connection alive for reads, and opens a new one for each request that asks for it', async () => {
    const server = await serve((_request, response) => {
      response.setHeader('Content-Type', 'application/json');
      response.end('{}');
    });
    const client = createKubeClient(configFor(server.url), 'local', undefined);
    try {
      await client.request('/api');
      await client.request('/api');
      expect(server.connections()).toBe(1);
      await client.request('/api/v1/namespaces/a', { method: 'DELETE', newConnection: true });
      await client.request('/api/v1/namespaces/b', { method: 'DELETE', newConnection: true });
      expect(server.connections()).toBe(3);
    } finally {
      client.close();
      await server.close();
    }
  });

  it('marks a refused connection as never sent, and a connection cut under the request as maybe sent', async () => {
    const server = await serve((request) => {
      request.socket.destroy();
    });
    const client = createKubeClient(configFor(server.url), 'local', undefined);
    const failure = (promise: Promise<unknown>): Promise<ClusterError> =>
      promise.then(
        () => Promise.reject(new Error('expected a failure')),
        (error: unknown) => {
          if (error instanceof ClusterError) return error;
          throw error;
        },
      );
    try {
      const cut = await failure(client.request('/api/v1/namespaces/a', { method: 'DELETE', newConnection: true }));
      expect(cut.notSent).toBe(false);
      expect(cut.message).toMatch(/broke mid-request \(.*socket hang up\)/);
    } finally {
      client.close();
      await server.close();
    }
    // Nothing listens there any more.
    const gone = createKubeClient(configFor(server.url), 'local', undefined);
    try {
      const refused = await failure(gone.request('/api/v1/namespaces/a', { method: 'DELETE', newConnection: true }));
      expect(refused.notSent).toBe(true);
      expect(refused.message).toMatch(/^cannot reach the API server at .*: connect ECONNREFUSED/);
    } finally {
      gone.close();
    }
  });
});

/** The error a request ends with, or a failure of the test when it succeeds. */
const failure = (promise: Promise<unknown>): Promise<ClusterError> =>
  promise.then(
    () => Promise.reject(new Error('expected a failure')),
    (error: unknown) => {
      if (error instanceof ClusterError) return error;
      throw error;
    },
  );

/** `mebibytes` MiB of zeros as that many one-MiB gzip members, which a reader inflates as one body (RFC 1952). */
const gzipBomb = (mebibytes: number): Buffer => {
  const member = gzipSync(Buffer.alloc(1024 * 1024));
  return Buffer.concat(Array.from({ length: mebibytes }, () => member));
};

describe('createKubeClient bounds', () => {
  it('inflates a gzip answer as it streams, refuses it past the cap with its path, and does not fetch it again', async () => {
    const bomb = gzipBomb(64);
    let requests = 0;
    const server = await serve((_request, response) => {
      requests += 1;
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      response.end(bomb);
    });
    const client = createKubeClient(configFor(server.url), 'local', undefined, { maxBodyBytes: 1024 * 1024 });
    try {
      const error = await failure(client.request('/api/v1/nodes'));
      expect(error.oneLine()).toMatch(/sent more than 1 MiB for \/api\/v1\/nodes once inflated: refused/);
      expect(error).toBeInstanceOf(OversizedAnswer);
      expect(requests).toBe(1);
    } finally {
      client.close();
      await server.close();
    }
  });

  it('refuses a chunked body that never ends once it passes the cap', async () => {
    let requests = 0;
    const server = await serve((_request, response) => {
      requests += 1;
      response.writeHead(200, { 'Content-Type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 0x20);
      const more = (): void => {
        while (!response.destroyed && response.write(chunk));
        if (!response.destroyed) response.once('drain', more);
      };
      more();
    });
    const client = createKubeClient(configFor(server.url), 'local', undefined, { maxBodyBytes: 1024 * 1024 });
    try {
      const error = await failure(client.request('/api/v1/pods'));
      expect(error.oneLine()).toMatch(/sent more than 1 MiB for \/api\/v1\/pods: refused/);
      expect(requests).toBe(1);
    } finally {
      client.close();
      await server.close();
    }
  });

  it('bounds the whole request by the timeout, even when the body keeps trickling in', async () => {
    const timers: NodeJS.Timeout[] = [];
    const server = await serve((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.write('{');
      timers.push(setInterval(() => response.write(' '), 50));
    });
    const client = createKubeClient(configFor(server.url), 'local', 400);
    try {
      const error = await failure(client.request('/api/v1/pods'));
      expect(error.oneLine()).toBe(
        `the API server at ${server.url} did not answer within 400ms (raise --request-timeout or check the cluster)`,
      );
    } finally {
      for (const timer of timers) clearInterval(timer);
      client.close();
      await server.close();
    }
  });

  it('gives up on a connection that is never accepted, even without a request timeout', async () => {
    // A listener with a backlog of 0 that never accepts: once its queue holds one connection, Linux drops further
    // SYNs, so a connect stays pending as it does towards a host that does not answer. Node accepts every
    // connection itself, so the listener is a tiny python3 one.
    const listener = spawn(
      'python3',
      [
        '-c',
        "import socket,sys,time\ns=socket.socket()\ns.bind(('127.0.0.1',0))\ns.listen(0)\nprint(s.getsockname()[1],flush=True)\ntime.sleep(60)",
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const fillers: Socket[] = [];
    try {
      const port = await new Promise<number>((resolve) => {
        listener.stdout.once('data', (chunk: Buffer) => {
          resolve(Number(chunk.toString().trim()));
        });
      });
      // The first connection fills the queue; give it time to complete before the one that must wait.
      const filler = connect(port, '127.0.0.1');
      fillers.push(filler);
      await new Promise((resolve) => filler.once('connect', resolve));
      const url = `http://127.0.0.1:${String(port)}`;
      const client = createKubeClient(configFor(url), 'local', undefined, { connectMs: 300 });
      try {
        const error = await failure(client.request('/api'));
        expect(error.oneLine()).toMatch(
          new RegExp(`^cannot reach the API server at ${url}: no connection within 300ms`),
        );
      } finally {
        client.close();
      }
    } finally {
      for (const socket of fillers) socket.destroy();
      listener.kill('SIGKILL');
    }
  });

  it('gives up on a TLS handshake that never completes, even without a request timeout', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => {
      sockets.add(socket);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const url = `https://127.0.0.1:${String(port)}`;
    const client = createKubeClient(configFor(url), 'local', undefined, { handshakeMs: 300 });
    try {
      const error = await failure(client.request('/api'));
      expect(error.oneLine()).toBe(
        `the TLS handshake with ${url} did not complete within 300ms (check that the kubeconfig points at the HTTPS port of a Kubernetes API server)`,
      );
    } finally {
      client.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('lets a TLS request that finished its handshake take longer than the handshake timeout', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'hu-tls-'));
    const key = join(folder, 'key.pem');
    const cert = join(folder, 'cert.pem');
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-subj', '/CN=127.0.0.1'],
      { stdio: 'ignore' },
    );
    // The answer comes a whole handshake budget after the handshake finished, so a timer left running would fire
    // first; the budget is wide enough that a loaded machine still completes the handshake itself within it.
    const handshakeMs = 3000;
    const server = https.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_request, response) => {
      setTimeout(() => {
        response.setHeader('Content-Type', 'application/json');
        response.end('{"kind":"APIVersions"}');
      }, handshakeMs + 500);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const tlsConfig: KubeConnection = {
      getCurrentCluster: () => ({ name: 'local', server: `https://127.0.0.1:${String(port)}`, skipTLSVerify: true }),
      applyToHTTPSOptions: () => Promise.resolve(),
    };
    const client = createKubeClient(tlsConfig, 'local', undefined, { handshakeMs });
    try {
      const response = await client.request('/api');
      expect(response.body).toEqual({ kind: 'APIVersions' });
    } finally {
      client.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      rmSync(folder, { recursive: true, force: true });
    }
  }, 20_000);
});

describe('createKubeClient streams', () => {
  const collect = async (handler: http.RequestListener, limits = {}) => {
    const server = await serve(handler);
    const log: string[] = [];
    const client = createKubeClient(configFor(server.url), 'local', undefined, limits, (entry) =>
      log.push(`${entry.url} ${entry.outcome}`),
    );
    const values: unknown[] = [];
    try {
      const end = await client
        .stream('/api/v1/nodes', { query: { watch: '1' }, idleMs: 5000 }, (value) => values.push(value))
        .done.catch((error: unknown) => error);
      return { end, values, log, url: server.url };
    } finally {
      client.close();
      await server.close();
    }
  };

  it('hands on each line as it comes, gzip too, and logs the request once with its status', async () => {
    const result = await collect((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      response.end(gzipSync('{"type":"ADDED","object":{}}\n{"type":"BOOKMARK",\n"object":{}}\n'.replace(',\n', ',')));
    });
    expect(result.end).toEqual({ kind: 'ended' });
    expect(result.values).toEqual([
      { type: 'ADDED', object: {} },
      { type: 'BOOKMARK', object: {} },
    ]);
    expect(result.log).toEqual([`${result.url}/api/v1/nodes?watch=1 200`]);
  });

  it('answers another status whole, as refused', async () => {
    const result = await collect((_request, response) => {
      response.writeHead(410, { 'Content-Type': 'application/json' });
      response.end('{"kind":"Status","code":410}');
    });
    expect(result.end).toMatchObject({
      kind: 'refused',
      response: { status: 410, body: { kind: 'Status', code: 410 } },
    });
  });

  it('fails on a line that is not JSON (transient), and on a line past the bound (not fetched again)', async () => {
    const malformed = await collect((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end('{"type":\n');
    });
    expect(malformed.end).toBeInstanceOf(ClusterError);
    expect((malformed.end as ClusterError).transient).toBe(true);
    const long = await collect(
      (_request, response) => {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(`${'x'.repeat(2000)}\n`);
      },
      { maxBodyBytes: 1000 },
    );
    expect(long.end).toBeInstanceOf(OversizedAnswer);
  });

  it('fails a stream cut mid-line as transient', async () => {
    const result = await collect((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.write('{"type":"ADDED"');
      setTimeout(() => response.socket?.destroy(), 20);
    });
    expect(result.end).toBeInstanceOf(ClusterError);
    expect((result.end as ClusterError).transient).toBe(true);
  });
});
