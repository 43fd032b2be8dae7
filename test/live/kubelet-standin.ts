import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';

export interface KubeletStats {
  readonly usedBytes: number;
  readonly capacityBytes: number;
  readonly availableBytes: number;
  readonly imageGCHighThresholdPercent: number;
}

export interface KubeletStandIn {
  readonly address: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * kube-apiserver refuses to proxy to loopback and link-local addresses ("address not allowed",
 * k8s.io/apimachinery pkg/util/proxy IsProxyableIP), so the stand-in listens on the machine's own interface.
 */
export const proxyableAddress = (): string => {
  const address = Object.values(networkInterfaces())
    .flat()
    .find((candidate) => candidate && !candidate.internal && candidate.family === 'IPv4')?.address;
  if (!address) throw new Error('no non-loopback IPv4 interface for the kubelet stand-in to listen on');
  return address;
};

/**
 * Serves the two kubelet endpoints the node-disk-space check reads (/stats/summary, /configz) so the real API
 * server's node proxy has something to reach: no kubelet runs in the test control plane. It reuses the API
 * server's self-signed certificate; kube-apiserver does not verify kubelet certificates unless
 * --kubelet-certificate-authority is set.
 */
export const startKubeletStandIn = async (pkiDir: string, stats: KubeletStats): Promise<KubeletStandIn> => {
  const server: Server = createServer(
    { cert: readFileSync(join(pkiDir, 'apiserver.crt')), key: readFileSync(join(pkiDir, 'apiserver.key')) },
    (request, response) => {
      const body =
        request.url === '/stats/summary'
          ? {
              node: {
                nodeName: 'stand-in',
                fs: {
                  usedBytes: stats.usedBytes,
                  capacityBytes: stats.capacityBytes,
                  availableBytes: stats.availableBytes,
                },
              },
            }
          : request.url === '/configz'
            ? { kubeletconfig: { imageGCHighThresholdPercent: stats.imageGCHighThresholdPercent } }
            : undefined;
      response.writeHead(body ? 200 : 404, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(body ?? { message: 'not found' }));
    },
  );
  const address = proxyableAddress();
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  return {
    address,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
};
