import { InvalidObjectName, resourcePath } from './api-path.js';
import { ClusterError } from './errors.js';
import { statusMessage, type KubeClient } from './kube-client.js';

export interface EvictionProbe {
  readonly namespace: string;
  readonly name: string;
}

/**
 * What the API server answered to a server-side dry-run eviction. `allowed`: 201. `refused`: the eviction rules
 * said no (429 budget, 500 more than one budget, or a webhook's denial). `gone`: 404, the pod left between the
 * read and the probe. `error`: anything else (403 on pods/eviction, 401, an outage): no verdict either way.
 */
export type EvictionOutcome = 'allowed' | 'refused' | 'gone' | 'error';

export interface EvictionAnswer extends EvictionProbe {
  readonly status: number;
  readonly outcome: EvictionOutcome;
  readonly message: string;
}

const CONCURRENCY = 8;

/** Refusals come as 429 (budget), 500 "more than one PodDisruptionBudget", or a webhook's 4xx with a reason. */
const outcomeOf = (status: number, body: unknown): EvictionOutcome => {
  if (status >= 200 && status < 300) return 'allowed';
  if (status === 404) return 'gone';
  if (status === 429) return 'refused';
  const message = statusMessage(body);
  if (status === 500 && message.includes('more than one PodDisruptionBudget')) return 'refused';
  // KubeVirt's eviction interceptor denies with a validating-webhook message (harvester-domain §4.1).
  if (message.includes('admission webhook') && message.includes('denied the request')) return 'refused';
  return 'error';
};

const PODS = { group: '', version: 'v1', plural: 'pods' };

const probeOne = async (client: KubeClient, { namespace, name }: EvictionProbe): Promise<EvictionAnswer> => {
  let path: string;
  try {
    path = resourcePath(PODS, namespace, { kind: 'Pod', name, subresource: 'eviction' });
  } catch (error) {
    // No verdict either way: the eviction was not asked for (`pods/../eviction` would leave the pod's path).
    if (error instanceof InvalidObjectName)
      return { namespace, name, status: 0, outcome: 'error', message: `not sent: ${error.reason}` };
    throw error;
  }
  try {
    const response = await client.request(path, {
      method: 'POST',
      query: { dryRun: 'All' },
      body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace } },
      noRetry: true,
    });
    const outcome = outcomeOf(response.status, response.body);
    // A budget refusal puts its arithmetic in details.causes ("The disruption budget x needs 2 healthy pods…").
    const causes = (
      (response.body as { details?: { causes?: readonly { message?: string }[] } } | undefined)?.details?.causes ?? []
    )
      .map((cause) => cause.message ?? '')
      .filter(Boolean);
    return {
      namespace,
      name,
      status: response.status,
      outcome,
      message: outcome === 'allowed' ? 'eviction allowed' : [statusMessage(response.body), ...causes].join(' '),
    };
  } catch (error) {
    // One pod's network error must not discard the others' answers.
    const message = error instanceof ClusterError ? error.oneLine() : error instanceof Error ? error.message : '';
    return { namespace, name, status: 0, outcome: 'error', message };
  }
};

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
    answers.push(...(await Promise.all(pods.slice(start, start + CONCURRENCY).map((pod) => probeOne(client, pod)))));
  }
  return answers;
};
