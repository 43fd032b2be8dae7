import tls from 'node:tls';
import { isIP, type LookupFunction } from 'node:net';
import { isRecord } from '../model/json.js';
import { nameOf } from '../model/kube-object.js';
import { isControlPlane, isEtcd, type Node } from '../model/node.js';
import type { ComponentCertificate, Rke2Component } from '../model/probes.js';
import type { InputState } from '../model/snapshot.js';
import { earliestInChain } from './tls-peer.js';

export type Rke2Ports = Readonly<Record<Rke2Component, number>>;

/**
 * Where RKE2 serves them: kube-controller-manager `secure-port=10257` and kube-scheduler `secure-port=10259` (the
 * node args Rancher gives Harvester's nodes, harvester/harvester pkg/controller/master/node/
 * condition_annotations_test.go), etcd's client port 2379 (k3s-io/k3s pkg/etcd/etcd.go). RKE2 binds the first two
 * to 127.0.0.1 unless `bind-address` is set (k3s-io/k3s pkg/daemons/control/server.go, `cfg.Loopback`), so from
 * off the node they are usually refused: the manual command then reads the files.
 */
export const RKE2_PORTS: Rke2Ports = { 'kube-controller-manager': 10257, 'kube-scheduler': 10259, etcd: 2379 };

export interface Rke2ProbeOptions {
  readonly ports: Rke2Ports;
  /** One connection and handshake, start to end. */
  readonly attemptMs: number;
  /** Every handshake of the run together; endpoints not started by then are not tried. */
  readonly totalMs: number;
  readonly concurrency: number;
}

export const RKE2_PROBE_DEFAULTS: Rke2ProbeOptions = {
  ports: RKE2_PORTS,
  attemptMs: 3_000,
  totalMs: 15_000,
  // Harvester has three management nodes: their 9 endpoints in one round.
  concurrency: 10,
};

/**
 * The live tests' entry point (test/live/cli-with-steps.ts) sets other ports so that its TLS servers need not
 * own 10257, 10259 and 2379; the shipped CLI never calls this.
 */
let portsForTests: Rke2Ports | undefined;
export const setRke2PortsForTests = (ports: Rke2Ports): void => {
  portsForTests = ports;
};

/**
 * An address from the cluster, accepted only as an IP literal: a name would be resolved through DNS, and the
 * cluster would choose where we connect. `%zone` suffixes, the unspecified address, multicast, link-local
 * (169.254/16, fe80::/10), IPv4-mapped IPv6 and IPv4's broadcast and reserved ranges are no node address either.
 * Loopback stays allowed: the live tests serve certificates there, and a handshake sends nothing.
 */
export const ipLiteral = (text: string): string | undefined => {
  if (text.length > 45 || text.includes('%')) return undefined;
  const family = isIP(text);
  if (family === 4) {
    const [first, second] = text.split('.').map(Number);
    return first === 0 || (first ?? 0) >= 224 || (first === 169 && second === 254) ? undefined : text;
  }
  if (family === 6) {
    const lower = text.toLowerCase();
    const linkLocal = /^fe[89ab]/.test(lower);
    return /^[0:]+$/.test(lower) || lower.startsWith('ff') || linkLocal || lower.includes('::ffff:')
      ? undefined
      : lower;
  }
  return undefined;
};

/**
 * RKE2's own record of the node IP (`rke2.io/internal-ip`, comma-separated when dual-stack; etcd listens there),
 * then the kubelet's InternalIP addresses. The first valid IP literal wins.
 */
export const nodeAddress = (node: Node): { address: string } | { error: string } => {
  const annotation = node.metadata?.annotations?.['rke2.io/internal-ip'] ?? '';
  const status: unknown = Reflect.get(node.status ?? {}, 'addresses');
  const internal = (Array.isArray(status) ? (status as unknown[]) : [])
    .filter(isRecord)
    .filter((address) => address.type === 'InternalIP')
    .map((address) => address.address)
    .filter((address): address is string => typeof address === 'string');
  const candidates = [...annotation.split(','), ...internal].map((text) => text.trim()).filter(Boolean);
  for (const candidate of candidates) {
    const address = ipLiteral(candidate);
    if (address !== undefined) return { address };
  }
  return {
    error:
      candidates.length === 0
        ? 'no rke2.io/internal-ip annotation and no InternalIP address to dial'
        : `no address is an IP literal (${candidates.slice(0, 3).join(', ').slice(0, 120)}): names are not resolved`,
  };
};

/** Never asked for: every host is an IP literal. Refusing keeps a name from ever reaching DNS. */
const noLookup: LookupFunction = (hostname, _options, callback) => {
  callback(new Error(`not resolving ${hostname}`), '', 0);
};

interface Seen {
  readonly notAfter?: string;
  readonly subject?: string;
  readonly error?: string;
}

const describeError = (error: Error, connected: boolean): string => {
  const code: unknown = Reflect.get(error, 'code');
  const reason: unknown = Reflect.get(error, 'reason');
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `host unreachable (${code})`;
  if (code === 'ECONNRESET') return 'the connection was reset before the TLS handshake completed';
  if (typeof reason === 'string') {
    // TLS 1.2 servers that require a client certificate (etcd's client-cert-auth) abort the handshake before it
    // completes, so the certificate they sent is never handed to us; over TLS 1.3 it is.
    return `the TLS handshake failed before a certificate was shown (${reason})`;
  }
  const text = (error.message.split('\n')[0] ?? '').slice(0, 160);
  return connected ? `the TLS handshake failed: ${text}` : `cannot connect: ${text}`;
};

/**
 * One TLS handshake, to read the chain the peer serves. Nothing is sent but the handshake (no credential, no
 * request) and the socket is destroyed the moment the certificate is read, so a server that asks for a client
 * certificate (etcd) and then refuses the empty one has already shown its own.
 */
const handshake = (address: string, port: number, timeoutMs: number): Promise<Seen> =>
  new Promise((resolve) => {
    let connected = false;
    let settled = false;
    // Not verified, on purpose: verification would stop at exactly the expired certificates this looks for, and
    // these components' CAs are not in the kubeconfig. Nothing is trusted to the peer: no credential, no request.
    const socket = tls.connect({ host: address, port, rejectUnauthorized: false, lookup: noLookup });
    const finish = (seen: Seen): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(seen);
    };
    const timer = setTimeout(() => {
      const seconds = `${String(timeoutMs / 1000)}s`;
      finish({
        error: connected
          ? `the TLS handshake did not complete within ${seconds}`
          : `no answer within ${seconds} (filtered, or the node is down)`,
      });
    }, timeoutMs);
    socket.once('connect', () => {
      connected = true;
    });
    socket.on('error', (error) => {
      finish({ error: describeError(error, connected) });
    });
    socket.once('secureConnect', () => {
      const earliest = earliestInChain(socket.getPeerCertificate(true));
      finish(
        earliest
          ? { notAfter: earliest.notAfter.toISOString(), subject: earliest.subject }
          : { error: 'the TLS handshake completed without a certificate' },
      );
    });
  });

interface Target {
  readonly node: string;
  readonly component: Rke2Component;
  readonly address?: string;
  readonly endpoint?: string;
  readonly port: number;
  readonly error?: string;
}

const targetsOf = (nodes: readonly Node[], ports: Rke2Ports): Target[] =>
  nodes.flatMap((node) => {
    const components: Rke2Component[] = [
      ...(isControlPlane(node) ? (['kube-controller-manager', 'kube-scheduler'] as const) : []),
      ...(isEtcd(node) ? (['etcd'] as const) : []),
    ];
    const found = nodeAddress(node);
    return components.map((component): Target => {
      const port = ports[component];
      if ('error' in found) return { node: nameOf(node), component, port, error: found.error };
      const host = found.address.includes(':') ? `[${found.address}]` : found.address;
      return { node: nameOf(node), component, port, address: found.address, endpoint: `${host}:${String(port)}` };
    });
  });

/**
 * The serving certificates of kube-controller-manager and kube-scheduler on every control-plane node and of
 * etcd on every etcd node (role labels), a few handshakes at a time, each bounded and all of them together
 * bounded. An endpoint that cannot be reached carries the reason; the input itself is always read.
 */
export const probeRke2Certificates = async (
  nodes: readonly Node[],
  options: Rke2ProbeOptions = { ...RKE2_PROBE_DEFAULTS, ports: portsForTests ?? RKE2_PORTS },
): Promise<{ readonly input: InputState; readonly value: readonly ComponentCertificate[] }> => {
  const targets = targetsOf(nodes, options.ports);
  const deadline = Date.now() + options.totalMs;
  const results: ComponentCertificate[] = new Array<ComponentCertificate>(targets.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < targets.length) {
      const index = next++;
      const target = targets[index];
      if (target === undefined) continue;
      const { node, component, address, endpoint } = target;
      const where = {
        node,
        component,
        ...(address === undefined ? {} : { address }),
        ...(endpoint ? { endpoint } : {}),
      };
      const left = deadline - Date.now();
      const seen: Seen =
        target.error !== undefined || address === undefined
          ? { error: target.error ?? 'no address' }
          : left <= 0
            ? { error: `not tried: the ${String(options.totalMs / 1000)}s bound of all the handshakes was used up` }
            : await handshake(address, target.port, Math.min(options.attemptMs, left));
      results[index] = { ...where, ...seen };
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency, targets.length) }, worker));
  return { input: { status: 'ok' }, value: results };
};
