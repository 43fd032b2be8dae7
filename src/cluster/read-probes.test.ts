import type { KubeClient, KubeResponse } from './kube-client.js';
import { probeServingCertificates } from './read-probes.js';

const clientAnswering = (body: unknown): KubeClient => ({
  // A plain-HTTP server (kubectl proxy): only the EndpointSlice can name an endpoint to dial.
  server: 'http://127.0.0.1:8001',
  contextName: 'test',
  request: (): Promise<KubeResponse> =>
    Promise.resolve({ status: 200, headers: { 'content-type': 'application/json' }, body }),
  close: () => undefined,
});

describe('probeServingCertificates on a malformed EndpointSlice list', () => {
  it.each([
    ['ports: {}', { items: [{ addressType: 'IPv4', ports: {}, endpoints: [{ addresses: ['127.0.0.1'] }] }] }],
    ['a null list', null],
    ['null items', { items: [null, 7] }],
    ['endpoints that are not a list', { items: [{ addressType: 'IPv4', ports: [{ port: 6443 }], endpoints: {} }] }],
    ['a port that is text', { items: [{ addressType: 'IPv4', ports: [{ port: '6443' }], endpoints: [] }] }],
  ])('%s: the probe is unavailable with its reason, and nothing throws', async (_what, body) => {
    const result = await probeServingCertificates(clientAnswering(body));
    expect(result.input).toEqual({
      status: 'unavailable',
      reason:
        'no API server endpoint to dial (the kubeconfig points at a proxy and default/kubernetes has no ready endpoint)',
    });
  });
});
