import tls from 'node:tls';
import { isIP } from 'node:net';
import { nameOf } from '../model/kube-object.js';
import { isRecord } from '../model/json.js';
import { nodeReadyStatus, type Node } from '../model/node.js';
import {
  PROBE_DESCRIPTIONS,
  type NodeFilesystem,
  type ProbeKey,
  type ProbeTypes,
  type ServingCertificate,
} from '../model/probes.js';
import { inputOf, itemsOf, type ClusterSnapshot, type InputState } from '../model/snapshot.js';
import { InvalidObjectName, resourcePath, type Subresource } from './api-path.js';
import { ClusterError } from './errors.js';
import { statusMessage, type KubeClient } from './kube-client.js';
import { probeRke2Certificates } from './rke2-certificates.js';
import { earliestInChain } from './tls-peer.js';

export interface ProbeResult<T> {
  readonly input: InputState;
  readonly value: T;
}

/** A dead kubelet must not hold the run: the API server's node proxy can wait its whole dial timeout. */
const NODE_PROBE_TIMEOUT_MS = 10_000;
/** Parallel kubelet calls; the one per-node exception to "one list call per kind". */
const NODE_PROBE_CONCURRENCY = 8;
const TLS_TIMEOUT_MS = 5_000;

const mapLimited = async <T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> => {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      const item = items[index];
      if (item !== undefined) results[index] = await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
};

class Forbidden extends Error {}

const numberAt = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

const NODES = { group: '', version: 'v1', plural: 'nodes' };

const getNodeProxy = async (
  client: KubeClient,
  node: string,
  path: Subresource & `proxy/${string}`,
): Promise<unknown> => {
  const response = await client.request(
    resourcePath(NODES, undefined, { kind: 'Node', name: node, subresource: path }),
    {
      timeoutMs: NODE_PROBE_TIMEOUT_MS,
      noRetry: true,
    },
  );
  if (response.status === 403) throw new Forbidden(statusMessage(response.body));
  if (response.status !== 200) {
    throw new Error(
      `${path.slice('proxy/'.length)} answered ${String(response.status)}: ${statusMessage(response.body).slice(0, 160)}`,
    );
  }
  return typeof response.body === 'string' ? (JSON.parse(response.body) as unknown) : response.body;
};

const readNode = async (client: KubeClient, node: Node): Promise<NodeFilesystem> => {
  const name = nameOf(node);
  if (nodeReadyStatus(node) !== 'True') return { node: name, error: 'node is not Ready' };
  try {
    // The API server never holds such a node; a bundle or a proxy in between might. Nothing is sent for it.
    resourcePath(NODES, undefined, { kind: 'Node', name });
  } catch (error) {
    if (error instanceof InvalidObjectName) return { node: name, error: `not probed: ${error.reason}` };
    throw error;
  }
  try {
    // `/stats/summary` `.node.fs` is the kubelet's root filesystem, where RKE2 keeps its images
    // (harvester/harvester pkg/webhook/resources/upgrade/validator.go reads the same fields).
    const summary = await getNodeProxy(client, name, 'proxy/stats/summary');
    const node = isRecord(summary) ? summary.node : undefined;
    const fs = isRecord(node) && isRecord(node.fs) ? node.fs : {};
    let threshold: number | undefined;
    try {
      const configz = await getNodeProxy(client, name, 'proxy/configz');
      const kubelet = isRecord(configz) ? configz.kubeletconfig : undefined;
      threshold = isRecord(kubelet) ? numberAt(kubelet.imageGCHighThresholdPercent) : undefined;
    } catch (error) {
      if (error instanceof Forbidden) throw error;
    }
    return {
      node: name,
      usedBytes: numberAt(fs.usedBytes),
      capacityBytes: numberAt(fs.capacityBytes),
      availableBytes: numberAt(fs.availableBytes),
      ...(threshold === undefined ? {} : { imageGCHighThresholdPercent: threshold }),
    };
  } catch (error) {
    if (error instanceof Forbidden) throw error;
    const reason = error instanceof ClusterError ? error.oneLine() : error instanceof Error ? error.message : '';
    return { node: name, error: reason.split('\n')[0] ?? reason };
  }
};

/**
 * Kubelet filesystem stats and image GC threshold of every node through the API server's node proxy. A 403 on
 * nodes/proxy makes the whole input forbidden; one unreachable kubelet only marks that node.
 */
export const probeNodeFilesystems = async (
  client: KubeClient,
  nodes: readonly Node[],
): Promise<ProbeResult<readonly NodeFilesystem[]>> => {
  try {
    const value = await mapLimited(nodes, NODE_PROBE_CONCURRENCY, (node) => readNode(client, node));
    return { input: { status: 'ok' }, value };
  } catch (error) {
    if (error instanceof Forbidden) {
      return { input: { status: 'forbidden', reason: 'forbidden: get nodes/proxy' }, value: [] };
    }
    throw error;
  }
};

interface Endpoint {
  readonly host: string;
  readonly port: number;
}

interface EndpointSlice {
  readonly addressType?: unknown;
  readonly endpoints?: unknown;
  readonly ports?: unknown;
}

interface Port {
  readonly name?: unknown;
  readonly port?: unknown;
}

const isPort = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 65536;

/**
 * Where kube-apiserver serves: the ready IPv4 endpoints of the `default/kubernetes` EndpointSlice (what Harvester's
 * webhook dials, pkg/util/endpoint.go), then the kubeconfig server itself when it is not a Rancher proxy URL
 * (`https://<vip>/k8s/clusters/local` answers with Rancher's certificate, not the API server's).
 */
const apiServerEndpoints = async (client: KubeClient): Promise<Endpoint[]> => {
  const endpoints: Endpoint[] = [];
  const slices = { group: 'discovery.k8s.io', version: 'v1', plural: 'endpointslices' };
  const response = await client.request(resourcePath(slices, 'default'), {
    query: { labelSelector: 'kubernetes.io/service-name=kubernetes' },
  });
  if (response.status === 200) {
    // Read field by field: an EndpointSlice with `ports: {}` or a `null` list costs this probe's endpoints, no more.
    const body: unknown = response.body;
    const slices = isRecord(body) && Array.isArray(body.items) ? (body.items as unknown[]) : [];
    for (const slice of slices.filter(isRecord) as EndpointSlice[]) {
      if (slice.addressType !== 'IPv4') continue;
      const ports = (Array.isArray(slice.ports) ? (slice.ports as unknown[]) : []).filter(isRecord) as Port[];
      const port = [...ports.filter((p) => p.name === 'https'), ...ports].map((p) => p.port).find(isPort);
      if (port === undefined) continue;
      for (const endpoint of (Array.isArray(slice.endpoints) ? (slice.endpoints as unknown[]) : []).filter(isRecord)) {
        const { conditions, addresses } = endpoint as { conditions?: unknown; addresses?: unknown };
        if (isRecord(conditions) && conditions.ready === false) continue;
        for (const address of Array.isArray(addresses) ? (addresses as unknown[]) : []) {
          if (typeof address === 'string') endpoints.push({ host: address, port });
        }
      }
    }
  }
  const server = new URL(client.server);
  if (server.protocol === 'https:' && (server.pathname === '/' || server.pathname === '')) {
    const host = server.hostname.replace(/^\[|\]$/g, '');
    endpoints.push({ host, port: Number(server.port || '443') });
  }
  const seen = new Set<string>();
  return endpoints.filter((endpoint) => {
    const key = `${endpoint.host}:${String(endpoint.port)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
};

/** The served chain's earliest NotAfter. No credentials are sent: the handshake alone shows the certificates. */
const servedCertificate = (endpoint: Endpoint): Promise<ServingCertificate> =>
  new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: endpoint.host,
      port: endpoint.port,
      ...(isIP(endpoint.host) ? {} : { servername: endpoint.host }),
      rejectUnauthorized: false,
    });
    const where = `${endpoint.host}:${String(endpoint.port)}`;
    socket.setTimeout(TLS_TIMEOUT_MS, () => socket.destroy(new Error(`${where} did not answer`)));
    socket.once('error', reject);
    socket.once('secureConnect', () => {
      const earliest = earliestInChain(socket.getPeerCertificate(true));
      socket.end();
      if (!earliest) reject(new Error(`${where} sent no certificate`));
      else resolve({ endpoint: where, notAfter: earliest.notAfter.toISOString(), subject: earliest.subject });
    });
  });

export const probeServingCertificates = async (
  client: KubeClient,
): Promise<ProbeResult<readonly ServingCertificate[]>> => {
  const endpoints = await apiServerEndpoints(client);
  const results = await Promise.allSettled(endpoints.map(servedCertificate));
  const value = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  if (value.length > 0) return { input: { status: 'ok' }, value };
  const reasons = results.flatMap((result) =>
    result.status === 'rejected'
      ? [result.reason instanceof Error ? result.reason.message : String(result.reason)]
      : [],
  );
  return {
    input: {
      status: 'unavailable',
      reason:
        endpoints.length === 0
          ? 'no API server endpoint to dial (the kubeconfig points at a proxy and default/kubernetes has no ready endpoint)'
          : `could not reach the API server endpoints: ${reasons.join('; ')}`,
    },
    value: [],
  };
};

/** Runs the requested probes after the lists (the node probe needs the node list) and adds them to the snapshot. */
export const addProbes = async (
  client: KubeClient,
  snapshot: ClusterSnapshot,
  probes: readonly ProbeKey[],
): Promise<ClusterSnapshot> => {
  const found: { -readonly [K in ProbeKey]?: ProbeTypes[K] } = {};
  const inputs: Partial<Record<ProbeKey, InputState>> = {};
  await Promise.all(
    probes.map(async (key) => {
      if (key === 'nodeFilesystems' || key === 'rke2Certificates') {
        const nodes = inputOf(snapshot, 'nodes');
        if (nodes.status !== 'ok') {
          inputs[key] = { status: nodes.status, reason: `needs the node list: ${nodes.reason}` };
          return;
        }
        if (key === 'rke2Certificates') {
          const result = await probeRke2Certificates(itemsOf(snapshot, 'nodes'));
          found[key] = result.value;
          inputs[key] = result.input;
          return;
        }
        const result = await probeNodeFilesystems(client, itemsOf(snapshot, 'nodes'));
        found[key] = result.value;
        inputs[key] = result.input;
      } else {
        const result = await probeServingCertificates(client);
        found[key] = result.value;
        inputs[key] = result.input;
      }
    }),
  );
  return { ...snapshot, probes: { ...snapshot.probes, ...found }, inputs: { ...snapshot.inputs, ...inputs } };
};

/** A bundle holds neither live kubelet stats nor a TLS handshake: these are read from a live cluster only. */
export const probesNotInBundle = (snapshot: ClusterSnapshot, probes: readonly ProbeKey[]): ClusterSnapshot => ({
  ...snapshot,
  inputs: {
    ...snapshot.inputs,
    ...Object.fromEntries(
      probes.map((key) => [key, { status: 'not-in-bundle', reason: `${PROBE_DESCRIPTIONS[key]}: read live only` }]),
    ),
  },
});
