import { aNode } from '../../test/builders.js';
import { recordingClient } from '../../test/recording-client.js';
import type { KubeClient, KubeResponse } from './kube-client.js';
import { probeNodeFilesystems, probeServingCertificates } from './read-probes.js';

/** A kubelet that answers every stats and configz call, recording each path. */
const kubelets = () =>
  recordingClient((path) => ({
    body: path.endsWith('/stats/summary')
      ? { node: { fs: { usedBytes: 1, capacityBytes: 100, availableBytes: 99 } } }
      : { kubeletconfig: { imageGCHighThresholdPercent: 85 } },
  }));

describe('probeNodeFilesystems', () => {
  it('asks each node through its own nodes/NAME/proxy path', async () => {
    const { client, paths } = kubelets();
    const result = await probeNodeFilesystems(client, [aNode('harvester-node-0')]);
    expect(paths).toEqual([
      '/api/v1/nodes/harvester-node-0/proxy/stats/summary',
      '/api/v1/nodes/harvester-node-0/proxy/configz',
    ]);
    expect(result.value).toEqual([
      {
        node: 'harvester-node-0',
        usedBytes: 1,
        capacityBytes: 100,
        availableBytes: 99,
        imageGCHighThresholdPercent: 85,
      },
    ]);
  });

  it('sends nothing for a node whose name is not a node name, and says why instead of judging it', async () => {
    // `..` encodes to itself: nodes/../proxy/stats/summary would reach /api/v1/proxy/stats/summary.
    const { client, paths } = kubelets();
    const result = await probeNodeFilesystems(client, [aNode('..'), aNode('a/b'), aNode('harvester-node-1')]);
    expect(paths.every((path) => path.startsWith('/api/v1/nodes/harvester-node-1/'))).toBe(true);
    expect(result.input).toEqual({ status: 'ok' });
    expect(result.value.slice(0, 2)).toEqual([
      { node: '..', error: expect.stringMatching(/^not probed: "\.\." is not a valid node name: /) as unknown },
      { node: 'a/b', error: expect.stringMatching(/^not probed: "a\/b" is not a valid node name: /) as unknown },
    ]);
  });
});

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
