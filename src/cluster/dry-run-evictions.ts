import { statusMessage, type KubeClient } from './kube-client.js';

export interface EvictionProbe {
  readonly namespace: string;
  readonly name: string;
}

/** What the API server answered to a server-side dry-run eviction: 201 allowed, 429 budget, 500 two budgets. */
export interface EvictionAnswer extends EvictionProbe {
  readonly status: number;
  readonly allowed: boolean;
  readonly message: string;
}

const CONCURRENCY = 8;

/**
 * Asks the API server whether each pod could be evicted now, with `dryRun=All`: the server runs every admission
 * and budget check of a real eviction and changes nothing (kubernetes pkg/registry/core/pod/storage/eviction.go).
 * Validating webhooks such as KubeVirt's eviction interceptor run too, and are told it is a dry run.
 */
export const dryRunEvictions = async (
  client: KubeClient,
  pods: readonly EvictionProbe[],
): Promise<EvictionAnswer[]> => {
  const answers: EvictionAnswer[] = [];
  for (let start = 0; start < pods.length; start += CONCURRENCY) {
    const batch = pods.slice(start, start + CONCURRENCY);
    answers.push(
      ...(await Promise.all(
        batch.map(async ({ namespace, name }): Promise<EvictionAnswer> => {
          const response = await client.request(
            `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}/eviction`,
            {
              method: 'POST',
              query: { dryRun: 'All' },
              body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace } },
              noRetry: true,
            },
          );
          const allowed = response.status >= 200 && response.status < 300;
          // A budget refusal puts its arithmetic in details.causes ("The disruption budget x needs 2 healthy pods…").
          const causes = (
            (response.body as { details?: { causes?: readonly { message?: string }[] } } | undefined)?.details
              ?.causes ?? []
          )
            .map((cause) => cause.message ?? '')
            .filter(Boolean);
          return {
            namespace,
            name,
            status: response.status,
            allowed,
            message: allowed ? 'eviction allowed' : [statusMessage(response.body), ...causes].join(' '),
          };
        }),
      )),
    );
  }
  return answers;
};
