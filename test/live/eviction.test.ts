import { MERGE_PATCH } from './api.js';
import { createBudget, createPod, dryRunEviction, markPodRunningReady, setBudgetStatus } from './kube-status.js';
import { describeLive, liveEnv, uniqueName } from './live-env.js';

/** The real API server's answers that explain-drain and fix-pdb will predict (test-cluster.md §3.5). */
describeLive('the real eviction API', () => {
  const env = liveEnv();
  if (!env) return;
  const { admin } = env;
  const namespace = uniqueName('evict');

  beforeAll(async () => {
    await admin.must('POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
    });
  });

  // No namespace controller runs here, so the namespace's objects are deleted one collection at a time; left behind,
  // the pod under two budgets would be a finding in every later live precheck run on the same control plane.
  afterAll(async () => {
    await admin.call('DELETE', `/apis/policy/v1/namespaces/${namespace}/poddisruptionbudgets`);
    await admin.call('DELETE', `/api/v1/namespaces/${namespace}/pods?gracePeriodSeconds=0`);
  });

  it('serves the Kubernetes version Harvester pins (realistic /version)', async () => {
    const version = (await admin.must('GET', '/version')) as { gitVersion: string; minor: string };
    expect(version.gitVersion).toMatch(/^v1\.33\.\d+$/);
    expect(version.minor).toBe('33');
  });

  it('answers 429 naming the budget when it allows no disruption, and 201 once it does', async () => {
    await createPod(admin, namespace, 'web-0', { app: 'web' }, 'node-a');
    await markPodRunningReady(admin, namespace, 'web-0');
    await createBudget(admin, namespace, 'web-pdb', { app: 'web' }, 1);
    await setBudgetStatus(admin, namespace, 'web-pdb', {
      expectedPods: 1,
      currentHealthy: 1,
      desiredHealthy: 1,
      disruptionsAllowed: 0,
    });

    const blocked = await dryRunEviction(admin, namespace, 'web-0');
    expect(blocked.status).toBe(429);
    expect(blocked.body).toMatchObject({
      reason: 'TooManyRequests',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      details: {
        causes: [
          {
            reason: 'DisruptionBudget',
            message: 'The disruption budget web-pdb needs 1 healthy pods and has 1 currently',
          },
        ],
      },
    });

    await setBudgetStatus(admin, namespace, 'web-pdb', {
      expectedPods: 2,
      currentHealthy: 2,
      desiredHealthy: 1,
      disruptionsAllowed: 1,
    });
    const allowed = await dryRunEviction(admin, namespace, 'web-0');
    expect(allowed.status).toBe(201);
    // Dry run: the pod is still there.
    expect((await admin.call('GET', `/api/v1/namespaces/${namespace}/pods/web-0`)).status).toBe(200);
  });

  it('answers 429 "still being processed" when the budget status lags its spec', async () => {
    await admin.must(
      'PATCH',
      `/apis/policy/v1/namespaces/${namespace}/poddisruptionbudgets/web-pdb`,
      { spec: { minAvailable: 0 } },
      MERGE_PATCH,
    );
    const lagging = await dryRunEviction(admin, namespace, 'web-0');
    expect(lagging.status).toBe(429);
    expect(JSON.stringify(lagging.body)).toContain('is still being processed by the server');
  });

  it('answers 500 for a pod under two budgets: the drain can never succeed', async () => {
    await createPod(admin, namespace, 'api-0', { app: 'api', tier: 'x' }, 'node-a');
    await markPodRunningReady(admin, namespace, 'api-0');
    await createBudget(admin, namespace, 'api-pdb', { app: 'api' }, 0);
    await createBudget(admin, namespace, 'tier-pdb', { tier: 'x' }, 0);
    const answer = await dryRunEviction(admin, namespace, 'api-0');
    expect(answer.status).toBe(500);
    expect((answer.body as { message: string }).message).toBe(
      'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.',
    );
  });
});
