import { ClusterError } from './errors.js';
import { dryRunEvictions } from './dry-run-evictions.js';
import type { KubeClient, KubeResponse } from './kube-client.js';
import { recordingClient } from '../../test/recording-client.js';

/** A client that answers each pod from a table; the live tier covers the real API server's answers. */
const answering = (answers: Readonly<Record<string, KubeResponse | Error>>): KubeClient => ({
  server: 'https://example.invalid',
  contextName: 'test',
  request: (path) => {
    const name = /pods\/([^/]+)\/eviction/.exec(path)?.[1] ?? '';
    const answer = answers[name];
    if (!answer) return Promise.reject(new Error(`unexpected ${path}`));
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  },
  close: () => undefined,
});

const response = (status: number, body: unknown): KubeResponse => ({ status, headers: {}, body });

describe('dryRunEvictions', () => {
  it('tells allowed, refused, gone and error apart, and keeps each answer when one fails', async () => {
    const client = answering({
      ok: response(201, {}),
      budget: response(429, {
        message: "Cannot evict pod as it would violate the pod's disruption budget.",
        details: { causes: [{ message: 'The disruption budget web needs 2 healthy pods and has 2 currently' }] },
      }),
      two: response(500, {
        message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
      }),
      webhook: response(400, {
        message:
          'admission webhook "virt-launcher-eviction-interceptor.kubevirt.io" denied the request: VMI web is configured with an eviction strategy but is not live-migratable',
      }),
      gone: response(404, { message: 'pods "gone" not found' }),
      rbac: response(403, { message: 'pods "rbac" is forbidden: cannot create resource "pods/eviction"' }),
      network: new ClusterError('unreachable', 'the API server at https://example.invalid is unreachable', 'retry'),
    });
    const names = ['ok', 'budget', 'two', 'webhook', 'gone', 'rbac', 'network'];
    const answers = await dryRunEvictions(
      client,
      names.map((name) => ({ namespace: 'default', name })),
    );
    expect(answers.map((answer) => [answer.name, answer.outcome])).toEqual([
      ['ok', 'allowed'],
      ['budget', 'refused'],
      ['two', 'refused'],
      ['webhook', 'refused'],
      ['gone', 'gone'],
      ['rbac', 'error'],
      ['network', 'error'],
    ]);
    expect(answers[1]?.message).toBe(
      "Cannot evict pod as it would violate the pod's disruption budget. The disruption budget web needs 2 healthy pods and has 2 currently",
    );
    expect(answers[6]?.message).toContain('unreachable');
  });
});

describe('dryRunEvictions of pods whose names would leave their path', () => {
  it('sends no eviction for them and answers "error", never a verdict; the others are sent', async () => {
    const { client, paths } = recordingClient(() => ({ status: 201, body: {} }));
    const answers = await dryRunEvictions(client, [
      // pods/../eviction would resolve to /api/v1/namespaces/default/eviction.
      { namespace: 'default', name: '..' },
      { namespace: '..', name: 'web-0' },
      { namespace: 'default', name: 'web-0' },
    ]);
    expect(paths).toEqual(['/api/v1/namespaces/default/pods/web-0/eviction']);
    expect(answers.map((answer) => [answer.name, answer.status, answer.outcome])).toEqual([
      ['..', 0, 'error'],
      ['web-0', 0, 'error'],
      ['web-0', 201, 'allowed'],
    ]);
    expect(answers[0]?.message).toMatch(/^not sent: "\.\." is not a valid pod name: /);
    expect(answers[1]?.message).toMatch(/^not sent: "\.\." is not a valid namespace: /);
  });
});
