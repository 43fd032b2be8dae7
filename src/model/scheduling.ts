import type { Taint } from './node.js';
import type { Pod, Toleration } from './pod.js';
import { quantityMilliValue, quantityValue } from './quantity.js';

/** CPU in millicores and memory in bytes, as the scheduler counts them. */
export interface Resources {
  readonly cpu: number;
  readonly memory: number;
}

type Container = NonNullable<NonNullable<Pod['spec']>['containers']>[number];

const requestOf = (container: Container, resource: 'cpu' | 'memory'): number => {
  const text = container.resources?.requests?.[resource];
  return (resource === 'cpu' ? quantityMilliValue(text) : quantityValue(text)) ?? 0;
};

/**
 * What the scheduler reserves for a pod (k8s.io/component-helpers resource PodRequests): the sum over its
 * containers, or the largest init container when that is more. Pod overhead and sidecar init containers are left out.
 */
export const podRequests = (pod: Pod): Resources => {
  const total = (resource: 'cpu' | 'memory'): number => {
    const containers = (pod.spec?.containers ?? []).reduce((sum, container) => sum + requestOf(container, resource), 0);
    const init = Math.max(0, ...(pod.spec?.initContainers ?? []).map((container) => requestOf(container, resource)));
    return Math.max(containers, init);
  };
  return { cpu: total('cpu'), memory: total('memory') };
};

/**
 * Toleration.ToleratesTaint (k8s.io/api core/v1 toleration.go): an empty effect tolerates every effect, an empty key
 * (with Exists) every key; Exists ignores the value, Equal or no operator needs the same value.
 */
export const toleratesTaint = (toleration: Toleration, taint: Taint): boolean => {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  switch (toleration.operator ?? '') {
    case '':
    case 'Equal':
      return (toleration.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
};

/** Only these effects keep a pod off a node; PreferNoSchedule is a score (scheduler plugins/tainttoleration). */
const FILTERING_EFFECTS: ReadonlySet<string> = new Set(['NoSchedule', 'NoExecute']);

/**
 * Taints the node lifecycle controller keeps in step with the node's Ready condition and spec.unschedulable
 * (kubernetes/kubernetes: pkg/controller/nodelifecycle, TaintNodesByCondition; the API server's admission plugin of
 * that name adds `not-ready` to every new Node). Callers judge readiness and cordons from the node itself, so these
 * keys are left out: a Ready node whose `not-ready` taint the controller has not removed yet is no less a target.
 */
const CONDITION_TAINTS: ReadonlySet<string> = new Set([
  'node.kubernetes.io/not-ready',
  'node.kubernetes.io/unreachable',
  'node.kubernetes.io/unschedulable',
]);

/**
 * The node's NoSchedule/NoExecute taints the pod does not tolerate, other than the condition taints: any of them
 * keeps the pod off the node.
 */
export const untoleratedTaints = (pod: Pod, taints: readonly Taint[] | undefined): Taint[] =>
  (taints ?? []).filter(
    (taint) =>
      FILTERING_EFFECTS.has(taint.effect ?? '') &&
      !CONDITION_TAINTS.has(taint.key ?? '') &&
      !(pod.spec?.tolerations ?? []).some((toleration) => toleratesTaint(toleration, taint)),
  );
