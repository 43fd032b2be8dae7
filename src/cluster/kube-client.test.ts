import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ClusterError } from './errors.js';
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
