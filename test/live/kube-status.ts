import { MERGE_PATCH, type Api } from './api.js';

/**
 * What the kubelet and the disruption controller would write, for a control plane that runs neither
 * (test-cluster.md §3.3–3.4). Tests call these to put pods and budgets into real states.
 */
export const markPodRunningReady = async (api: Api, namespace: string, name: string, ready = true): Promise<void> => {
  await api.must(
    'PATCH',
    `/api/v1/namespaces/${namespace}/pods/${name}/status`,
    {
      status: {
        phase: 'Running',
        conditions: [
          { type: 'PodScheduled', status: 'True' },
          { type: 'Ready', status: ready ? 'True' : 'False', ...(ready ? {} : { reason: 'ContainersNotReady' }) },
        ],
        containerStatuses: [
          { name: 'main', ready, restartCount: 0, image: 'busybox', imageID: '', state: { running: {} } },
        ],
      },
    },
    MERGE_PATCH,
  );
};

export interface BudgetStatus {
  readonly expectedPods: number;
  readonly currentHealthy: number;
  readonly desiredHealthy: number;
  readonly disruptionsAllowed: number;
}

/** Writes a PDB status observed at the budget's current generation, as the disruption controller does. */
export const setBudgetStatus = async (
  api: Api,
  namespace: string,
  name: string,
  status: BudgetStatus,
): Promise<void> => {
  const path = `/apis/policy/v1/namespaces/${namespace}/poddisruptionbudgets/${name}`;
  const budget = (await api.must('GET', path)) as { metadata: { generation: number } };
  await api.must(
    'PATCH',
    `${path}/status`,
    { status: { ...status, observedGeneration: budget.metadata.generation } },
    MERGE_PATCH,
  );
};

export const createPod = async (
  api: Api,
  namespace: string,
  name: string,
  labels: Record<string, string>,
  node: string,
): Promise<void> => {
  await api.must('POST', `/api/v1/namespaces/${namespace}/pods`, {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    // Grace period 0: with no kubelet, a graceful delete would leave the pod Terminating forever.
    spec: { nodeName: node, terminationGracePeriodSeconds: 0, containers: [{ name: 'main', image: 'busybox' }] },
  });
};

export const createBudget = async (
  api: Api,
  namespace: string,
  name: string,
  labels: Record<string, string>,
  minAvailable: number,
): Promise<void> => {
  await api.must('POST', `/apis/policy/v1/namespaces/${namespace}/poddisruptionbudgets`, {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace },
    spec: { minAvailable, selector: { matchLabels: labels } },
  });
};

/** A server-side dry-run eviction: the API server answers exactly as for a real one, and changes nothing. */
export const dryRunEviction = (api: Api, namespace: string, name: string): ReturnType<Api['call']> =>
  api.call('POST', `/api/v1/namespaces/${namespace}/pods/${name}/eviction?dryRun=All`, {
    apiVersion: 'policy/v1',
    kind: 'Eviction',
    metadata: { name, namespace },
  });

export interface PolicyRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
}

/**
 * Grants the tokens.csv user `limited-reader` (context `limited`) exactly these cluster-wide rules; the returned
 * function takes them away again.
 */
export const grantLimitedReader = async (
  api: Api,
  name: string,
  rules: readonly PolicyRule[],
): Promise<() => Promise<void>> => {
  await api.must('POST', '/apis/rbac.authorization.k8s.io/v1/clusterroles', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name },
    rules,
  });
  await api.must('POST', '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'limited-reader' }],
  });
  return async () => {
    await api.call('DELETE', `/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/${name}`);
    await api.call('DELETE', `/apis/rbac.authorization.k8s.io/v1/clusterroles/${name}`);
  };
};

/**
 * A Running, Ready bare pod on `node` under a budget that allows no disruption, as the disruption controller
 * would report it: the drain of `node` is blocked until the pod goes.
 */
export const createBlockingPod = async (api: Api, namespace: string, name: string, node: string): Promise<void> => {
  await createPod(api, namespace, name, { app: name }, node);
  await markPodRunningReady(api, namespace, name);
  await createBudget(api, namespace, name, { app: name }, 1);
  await setBudgetStatus(api, namespace, name, {
    disruptionsAllowed: 0,
    currentHealthy: 1,
    desiredHealthy: 1,
    expectedPods: 1,
  });
};
