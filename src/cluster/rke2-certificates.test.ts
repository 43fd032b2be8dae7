import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { aNode } from '../../test/builders.js';
import type { Node } from '../model/node.js';
import {
  ipLiteral,
  nodeAddress,
  probeRke2Certificates,
  RKE2_PORTS,
  RKE2_PROBE_DEFAULTS,
  type Rke2Ports,
} from './rke2-certificates.js';

const withAddresses = (node: Node, annotation: string | undefined, internal: readonly string[]): Node => ({
  ...node,
  metadata: {
    ...node.metadata,
    annotations: { ...(annotation === undefined ? {} : { 'rke2.io/internal-ip': annotation }) },
  },
  status: { ...node.status, addresses: internal.map((address) => ({ type: 'InternalIP', address })) } as Node['status'],
});

/** Every component's port on one test server. */
const onePort = (port: number): Rke2Ports => ({ 'kube-controller-manager': port, 'kube-scheduler': port, etcd: port });

describe('ipLiteral', () => {
  it.each(['10.0.0.11', '127.0.0.1', '192.168.1.250', 'fd00::11'])('accepts %s', (text) => {
    expect(ipLiteral(text)).toBe(text);
  });

  it.each([
    ['a node name', 'harvester-node-0'],
    ['a DNS name', 'etcd.example.com'],
    ['an address with a port', '10.0.0.11:2379'],
    ['leading zeros', '010.0.0.11'],
    ['spaces', ' 10.0.0.11'],
    ['the unspecified address', '0.0.0.0'],
    ['the unspecified IPv6 address', '::'],
    ['multicast', '224.0.0.1'],
    ['broadcast', '255.255.255.255'],
    ['IPv6 multicast', 'ff02::1'],
    ['a zone', 'fe80::1%eth0'],
    ['a URL', 'https://10.0.0.11'],
    ['IPv4 link-local', '169.254.169.254'],
    ['IPv6 link-local', 'fe80::1'],
    ['IPv4-mapped IPv6, which hides an IPv4 rule', '::ffff:224.0.0.1'],
  ])('refuses %s', (_what, text) => {
    expect(ipLiteral(text)).toBeUndefined();
  });
});

describe('nodeAddress', () => {
  const node = aNode('harvester-node-0');

  it("takes RKE2's rke2.io/internal-ip first, the first family of a dual-stack value", () => {
    expect(nodeAddress(withAddresses(node, '10.0.0.11,fd00::11', ['10.0.0.99']))).toEqual({ address: '10.0.0.11' });
  });

  it('falls back to an InternalIP when the annotation is no IP literal, and never resolves a name', () => {
    expect(nodeAddress(withAddresses(node, 'evil.example.com', ['10.0.0.12']))).toEqual({ address: '10.0.0.12' });
    expect(nodeAddress(withAddresses(node, 'evil.example.com', ['harvester-node-0']))).toEqual({
      error: 'no address is an IP literal (evil.example.com, harvester-node-0): names are not resolved',
    });
  });

  it('says when there is no address at all', () => {
    expect(nodeAddress(withAddresses(node, undefined, []))).toEqual({
      error: 'no rke2.io/internal-ip annotation and no InternalIP address to dial',
    });
  });
});

/** A loopback listener: one that never answers the TLS handshake, counting connections. */
const silentServer = async (): Promise<{ server: Server; port: number; connections: () => number }> => {
  let count = 0;
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    count += 1;
    sockets.push(socket);
  });
  server.on('close', () => {
    for (const socket of sockets) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, connections: () => count };
};

/** A port nothing listens on: taken, then given back. */
const closedPort = async (): Promise<number> => {
  const { server, port } = await silentServer();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  return port;
};

const at = (address: string, roles: readonly ('control-plane' | 'etcd' | 'worker' | 'witness')[]): Node =>
  withAddresses(aNode(`node-${address}`, { roles: [...roles] }), address, []);

describe('probeRke2Certificates', () => {
  it('ships the real ports', () => {
    expect(RKE2_PROBE_DEFAULTS.ports).toEqual({
      'kube-controller-manager': 10257,
      'kube-scheduler': 10259,
      etcd: 2379,
    });
    expect(RKE2_PORTS).toBe(RKE2_PROBE_DEFAULTS.ports);
  });

  it('dials kube-controller-manager and kube-scheduler on control-plane nodes, etcd on etcd nodes, none on workers', async () => {
    const refused = await closedPort();
    const ports = onePort(refused);
    const result = await probeRke2Certificates(
      [at('127.0.0.1', ['control-plane', 'etcd']), at('127.0.0.2', ['etcd', 'witness']), at('127.0.0.3', ['worker'])],
      { ...RKE2_PROBE_DEFAULTS, ports },
    );
    expect(result.input).toEqual({ status: 'ok' });
    expect(result.value.map((entry) => [entry.node, entry.component, entry.error])).toEqual([
      ['node-127.0.0.1', 'kube-controller-manager', 'connection refused'],
      ['node-127.0.0.1', 'kube-scheduler', 'connection refused'],
      ['node-127.0.0.1', 'etcd', 'connection refused'],
      ['node-127.0.0.2', 'etcd', 'connection refused'],
    ]);
    expect(result.value[0]).toEqual({
      node: 'node-127.0.0.1',
      component: 'kube-controller-manager',
      address: '127.0.0.1',
      endpoint: `127.0.0.1:${String(refused)}`,
      error: 'connection refused',
    });
  });

  it('gives up on a server that accepts and never completes the handshake, with the reason', async () => {
    const silent = await silentServer();
    try {
      const ports = onePort(silent.port);
      const result = await probeRke2Certificates([at('127.0.0.1', ['etcd'])], {
        ...RKE2_PROBE_DEFAULTS,
        ports,
        attemptMs: 200,
      });
      expect(result.value.map((entry) => entry.error)).toEqual(['the TLS handshake did not complete within 0.2s']);
      expect(silent.connections()).toBe(1);
    } finally {
      silent.server.close();
    }
  });

  it('dials nothing for a node whose address is a name, and nothing once the bound of all handshakes is used up', async () => {
    const silent = await silentServer();
    try {
      const ports = onePort(silent.port);
      const named = withAddresses(aNode('named', { roles: ['etcd'] }), 'localhost', ['localhost']);
      const result = await probeRke2Certificates([named, at('127.0.0.1', ['etcd'])], {
        ...RKE2_PROBE_DEFAULTS,
        ports,
        totalMs: 0,
      });
      expect(result.value.map((entry) => entry.error)).toEqual([
        'no address is an IP literal (localhost, localhost): names are not resolved',
        'not tried: the 0s bound of all the handshakes was used up',
      ]);
      expect(silent.connections()).toBe(0);
    } finally {
      silent.server.close();
    }
  });
});
