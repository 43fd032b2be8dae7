import { conditionOf, nameOf, namespaceOf } from '../model/kube-object.js';
import { selectorMatches } from '../model/label-selector.js';
import { nodeReadyStatus, type Node, type Taint } from '../model/node.js';
import { nodeSelectorTermsMatch, requiredNodeAffinityOf } from '../model/node-affinity.js';
import { controllerOf, podPhase, type NodeSelectorTerm, type Pod, type Toleration } from '../model/pod.js';
import { formatBytes, formatMillicores, quantityMilliValue, quantityValue } from '../model/quantity.js';
import { itemsOf, type ClusterSnapshot } from '../model/snapshot.js';

export interface ReplacementNode {
  readonly node: string;
  readonly fits: boolean;
  /** Why a replacement cannot be scheduled there; empty when it fits. */
  readonly reasons: readonly string[];
}

export interface PendingReplacement {
  readonly name: string;
  /** The scheduler's PodScheduled message, or what else says why the pod has not started. */
  readonly message: string;
}

/**
 * Toleration.ToleratesTaint (kubernetes/kubernetes pkg/apis/core/v1/helper, staging k8s.io/api/core/v1
 * toleration.go): an empty effect tolerates every effect, an empty key (only valid with Exists) every key;
 * `Exists` ignores the value, `Equal` (or no operator) needs the same value.
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

const tolerated = (pod: Pod, taint: Taint): boolean =>
  (pod.spec?.tolerations ?? []).some((toleration) => toleratesTaint(toleration, taint));

/**
 * The scheduler's NodeUnschedulable filter lets a pod onto a cordoned node only if it tolerates this taint
 * (pkg/scheduler/framework/plugins/nodeunschedulable); TaintNodesByCondition taints NotReady nodes with
 * `not-ready` and nodes whose Ready is Unknown with `unreachable` (pkg/controller/nodelifecycle).
 */
const UNSCHEDULABLE_TAINT = 'node.kubernetes.io/unschedulable';
const NOT_READY_TAINT = 'node.kubernetes.io/not-ready';
const UNREACHABLE_TAINT = 'node.kubernetes.io/unreachable';

/** Only these effects keep a pod off a node; PreferNoSchedule is a score (plugins/tainttoleration). */
const FILTERING_EFFECTS = new Set(['NoSchedule', 'NoExecute']);

const describeTaint = (taint: Taint): string =>
  `${taint.key ?? ''}${taint.value ? `=${taint.value}` : ''}:${taint.effect ?? ''}`;

type Requirement = NonNullable<NodeSelectorTerm['matchExpressions']>[number];

const describeRequirement = (requirement: Requirement): string => {
  const values = requirement.values ?? [];
  const operator = requirement.operator ?? '';
  const key = requirement.key ?? '';
  if (operator === 'Exists' || operator === 'DoesNotExist') return `${key} ${operator}`;
  if (operator === 'Gt' || operator === 'Lt') return `${key} ${operator} ${values.join(', ')}`;
  return `${key} ${operator} (${values.join(', ')})`;
};

/** `a Exists or b Exists`, requirements inside a term joined with `and`. */
export const describeNodeSelectorTerms = (terms: readonly NodeSelectorTerm[] | undefined): string => {
  const described = (terms ?? [])
    .map((term) => [...(term.matchExpressions ?? []), ...(term.matchFields ?? [])].map(describeRequirement))
    .filter((requirements) => requirements.length > 0)
    .map((requirements) => requirements.join(' and '));
  return described.length > 0 ? described.join(' or ') : 'no terms';
};

export interface PodRequests {
  /** Millicores. */
  readonly cpu: number;
  /** Bytes. */
  readonly memory: number;
}

type Container = NonNullable<NonNullable<Pod['spec']>['containers']>[number];

const requestOf = (container: Container, resource: 'cpu' | 'memory'): number => {
  const text = container.resources?.requests?.[resource];
  const value = resource === 'cpu' ? quantityMilliValue(text) : quantityValue(text);
  return value ?? 0;
};

/**
 * What the scheduler reserves for a pod (k8s.io/component-helpers resource PodRequests): the sum over its
 * containers, or the largest init container if that is more, since init containers run one at a time before them.
 * Pod overhead and restartable (sidecar) init containers are not modelled.
 */
export const podRequests = (pod: Pod): PodRequests => {
  const total = (resource: 'cpu' | 'memory'): number => {
    const containers = (pod.spec?.containers ?? []).reduce((sum, container) => sum + requestOf(container, resource), 0);
    const init = Math.max(0, ...(pod.spec?.initContainers ?? []).map((container) => requestOf(container, resource)));
    return Math.max(containers, init);
  };
  return { cpu: total('cpu'), memory: total('memory') };
};

/** The scheduler's cache holds every pod bound to a node except Succeeded and Failed ones. */
const isTerminal = (pod: Pod): boolean => ['Succeeded', 'Failed'].includes(podPhase(pod));

const resourceReasons = (pod: Pod, node: Node, podsOnNode: readonly Pod[]): string[] => {
  const allocatable = node.status?.allocatable ?? {};
  const wanted = podRequests(pod);
  const used = podsOnNode.map(podRequests);
  const reasons: string[] = [];
  const check = (resource: 'cpu' | 'memory', capacity: number | undefined, format: (value: number) => string): void => {
    const request = wanted[resource];
    if (capacity === undefined || request === 0) return;
    const free = capacity - used.reduce((sum, requests) => sum + requests[resource], 0);
    if (request > free) {
      reasons.push(
        `insufficient ${resource}: requests ${format(request)}, ${format(Math.max(free, 0))} free of ${format(capacity)} allocatable`,
      );
    }
  };
  check('cpu', quantityMilliValue(allocatable.cpu), formatMillicores);
  check('memory', quantityValue(allocatable.memory), formatBytes);
  const maxPods = quantityValue(allocatable.pods);
  if (maxPods !== undefined && podsOnNode.length + 1 > maxPods) {
    reasons.push(`too many pods: ${String(podsOnNode.length)} of ${String(maxPods)} allowed already run there`);
  }
  return reasons;
};

/** Why the scheduler would refuse a copy of `pod` on `node`, in the order its filters run. */
const placementReasons = (pod: Pod, node: Node, podsOnNode: readonly Pod[]): string[] => {
  const reasons: string[] = [];
  const covered = new Set<string>();
  if (node.spec?.unschedulable === true) {
    covered.add(UNSCHEDULABLE_TAINT);
    if (!tolerated(pod, { key: UNSCHEDULABLE_TAINT, effect: 'NoSchedule' })) {
      reasons.push('node is cordoned (spec.unschedulable)');
    }
  }
  const ready = nodeReadyStatus(node);
  if (ready !== 'True') {
    const key = ready === 'False' ? NOT_READY_TAINT : UNREACHABLE_TAINT;
    covered.add(key);
    if (!tolerated(pod, { key, effect: 'NoSchedule' })) reasons.push(`node is not Ready (Ready=${ready})`);
  }
  for (const taint of node.spec?.taints ?? []) {
    if (!FILTERING_EFFECTS.has(taint.effect ?? '') || covered.has(taint.key ?? '')) continue;
    if (!tolerated(pod, taint)) reasons.push(`taint ${describeTaint(taint)} is not tolerated`);
  }
  const labels = node.metadata?.labels ?? {};
  const selector = Object.entries(pod.spec?.nodeSelector ?? {}).filter(([key, value]) => labels[key] !== value);
  if (selector.length > 0) {
    reasons.push(`nodeSelector does not match (${selector.map(([key, value]) => `${key}=${value}`).join(', ')})`);
  }
  const required = requiredNodeAffinityOf(pod.spec?.affinity);
  if (required !== undefined && !nodeSelectorTermsMatch(required.nodeSelectorTerms, node)) {
    reasons.push(`required node affinity does not match (${describeNodeSelectorTerms(required.nodeSelectorTerms)})`);
  }
  reasons.push(...resourceReasons(pod, node, podsOnNode));
  return reasons;
};

/**
 * Could a replacement of `pod` (same spec, not yet bound) be scheduled on each node other than `excludeNode`? The
 * filters that decide most stuck drains: cordon, readiness, NoSchedule/NoExecute taints, nodeSelector, required
 * node affinity, and CPU, memory and pod-count room left by the non-terminal pods already bound there. Pod
 * (anti-)affinity, topology spread, host ports and volumes are not judged.
 */
export const replacementNodes = (pod: Pod, snapshot: ClusterSnapshot, excludeNode: string): ReplacementNode[] => {
  const podsByNode = new Map<string, Pod[]>();
  for (const candidate of itemsOf(snapshot, 'pods')) {
    const nodeName = candidate.spec?.nodeName;
    if (!nodeName || isTerminal(candidate)) continue;
    const list = podsByNode.get(nodeName) ?? [];
    list.push(candidate);
    podsByNode.set(nodeName, list);
  }
  return itemsOf(snapshot, 'nodes')
    .filter((node) => nameOf(node) !== excludeNode)
    .map((node) => {
      const reasons = placementReasons(pod, node, podsByNode.get(nameOf(node)) ?? []);
      return { node: nameOf(node), fits: reasons.length === 0, reasons };
    });
};

const sameController = (a: Pod, b: Pod): boolean => {
  const owner = controllerOf(a);
  const other = controllerOf(b);
  if (!owner || !other) return false;
  if (owner.uid && other.uid) return owner.uid === other.uid;
  return owner.kind === other.kind && owner.name !== undefined && owner.name === other.name;
};

const pendingMessage = (pod: Pod): string => {
  const scheduled = conditionOf(pod.status?.conditions, 'PodScheduled');
  if (scheduled?.status === 'False' && scheduled.message) return scheduled.message;
  if (pod.status?.message) return pod.status.message;
  if (scheduled?.status === 'False' && scheduled.reason) return scheduled.reason;
  const node = pod.spec?.nodeName;
  return node ? `scheduled to ${node}, not running yet` : 'not scheduled yet';
};

/**
 * Pending pods that stand in for `pod`: created by the same controller (a ReplicaSet's new replica), or covered by a
 * PodDisruptionBudget that also covers `pod` (the budget counts them as the healthy pods it waits for).
 */
export const pendingReplacements = (pod: Pod, snapshot: ClusterSnapshot): PendingReplacement[] => {
  const namespace = namespaceOf(pod);
  const budgets = itemsOf(snapshot, 'podDisruptionBudgets').filter(
    (budget) => namespaceOf(budget) === namespace && selectorMatches(budget.spec?.selector, pod.metadata?.labels),
  );
  return itemsOf(snapshot, 'pods')
    .filter(
      (candidate) =>
        namespaceOf(candidate) === namespace &&
        nameOf(candidate) !== nameOf(pod) &&
        podPhase(candidate) === 'Pending' &&
        (sameController(pod, candidate) ||
          budgets.some((budget) => selectorMatches(budget.spec?.selector, candidate.metadata?.labels))),
    )
    .map((candidate) => ({ name: nameOf(candidate), message: pendingMessage(candidate) }))
    .sort((a, b) => a.name.localeCompare(b.name));
};
