import { UsageProblem } from './read-snapshot.js';
import type { KubeClient, KubeResponse } from './kube-client.js';
import { readLiveSnapshot } from './read-live.js';

/** Answers every list with no items, `/apis` with no groups, and records each path it was asked for. */
const recording = () => {
  const paths: string[] = [];
  const client: KubeClient = {
    server: 'https://example.invalid',
    contextName: 'test',
    request: (path) => {
      paths.push(path);
      const body = path === '/apis' ? { groups: [] } : { items: [], metadata: {} };
      return Promise.resolve<KubeResponse>({ status: 200, headers: {}, body });
    },
    close: () => undefined,
  };
  return { client, paths };
};

describe('readLiveSnapshot', () => {
  it('lists a namespaced kind in the namespace asked for', async () => {
    const { client, paths } = recording();
    await readLiveSnapshot(client, [{ key: 'machinePlanSecrets', namespace: 'cattle-fleet-local-system' }]);
    expect(paths).toEqual(['/apis', '/api/v1/namespaces/cattle-fleet-local-system/secrets']);
  });

  it.each(['../../../../api/v1/secrets?x=', '', 'a/b', '..'])(
    'sends no request at all for the namespace %j, which would leave the namespace it names',
    async (namespace) => {
      const { client, paths } = recording();
      await expect(readLiveSnapshot(client, [{ key: 'machinePlanSecrets', namespace }])).rejects.toThrow(UsageProblem);
      expect(paths).toEqual([]);
    },
  );
});
