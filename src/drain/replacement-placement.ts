import { conditionOf, nameOf, namespaceOf } from '../model/kube-object.js';
import { selectorMatches } from '../model/label-selector.js';
import { nodeReadyStatus, type Node, type Taint } from '../model/node.js';
import { nodeSelectorTermsMatch, requiredNodeAffinityOf } from '../model/node-affinity.js';
import { controllerOf, podPhase, type NodeSelectorTerm, type Pod } from '../model/pod.js';
import { formatBytes, formatMillicores, quantityMilliValue, quantityValue } from '../model/quantity.js';
import { podRequests, toleratesTaint, type Resources as PodRequests } from '../model/scheduling.js';
import { itemsOf, type ClusterSnapshot, perSnapshot } from '../model/snapshot.js';
import { budgetsSelecting, drainIndex } from '../facts/drain-index.js';

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

/** The scheduler's cache holds every pod bound to a node except Succeeded and Failed ones. */
const isTerminal = (pod: Pod): boolean => ['Succeeded', 'Failed'].includes(podPhase(pod));

/** What the non-terminal pods bound to a node request in all, and how many they are. */
interface NodeUsage {
  /** Millicores. */
  readonly cpu: number;
  /** Bytes. */
  readonly memory: number;
  readonly pods: number;
}

/**
 * Lookups built once per snapshot, so that explaining a node with thousands of pods held by budgets reads each
 * pod's requests once instead of once per pod explained: the usage of every node, and the Pending pods by namespace.
 */
interface PlacementIndex {
  readonly usageByNode: ReadonlyMap<string, NodeUsage>;
  readonly pendingByNamespace: ReadonlyMap<string, readonly Pod[]>;
  /** Filled on first use. */
  readonly requestsByPod: WeakMap<Pod, PodRequests>;
}

const NO_USAGE: NodeUsage = { cpu: 0, memory: 0, pods: 0 };

const placementIndex = perSnapshot((snapshot): PlacementIndex => {
  const requestsByPod = new WeakMap<Pod, PodRequests>();
  const usageByNode = new Map<string, NodeUsage>();
  for (const [node, pods] of drainIndex(snapshot).podsByNode) {
    const usage = pods
      .filter((pod) => !isTerminal(pod))
      .reduce((sum, pod) => {
        const requests = podRequests(pod);
        requestsByPod.set(pod, requests);
        return { cpu: sum.cpu + requests.cpu, memory: sum.memory + requests.memory, pods: sum.pods + 1 };
      }, NO_USAGE);
    usageByNode.set(node, usage);
  }
  const pendingByNamespace = new Map<string, readonly Pod[]>();
  for (const [namespace, pods] of drainIndex(snapshot).podsByNamespace) {
    const pending = pods.filter((pod) => podPhase(pod) === 'Pending');
    if (pending.length > 0) pendingByNamespace.set(namespace, pending);
  }
  const index: PlacementIndex = { usageByNode, pendingByNamespace, requestsByPod };
  return index;
});

const requestsIn = (index: PlacementIndex, pod: Pod): PodRequests => {
  const cached = index.requestsByPod.get(pod);
  if (cached) return cached;
  const requests = podRequests(pod);
  index.requestsByPod.set(pod, requests);
  return requests;
};

const resourceReasons = (wanted: PodRequests, node: Node, used: NodeUsage): string[] => {
  const allocatable = node.status?.allocatable ?? {};
  const reasons: string[] = [];
  const check = (resource: 'cpu' | 'memory', capacity: number | undefined, format: (value: number) => string): void => {
    const request = wanted[resource];
    if (capacity === undefined || request === 0) return;
    const free = capacity - used[resource];
    if (request > free) {
      reasons.push(
        `insufficient ${resource}: requests ${format(request)}, ${format(Math.max(free, 0))} free of ${format(capacity)} allocatable`,
      );
    }
  };
  check('cpu', quantityMilliValue(allocatable.cpu), formatMillicores);
  check('memory', quantityValue(allocatable.memory), formatBytes);
  const maxPods = quantityValue(allocatable.pods);
  if (maxPods !== undefined && used.pods + 1 > maxPods) {
    reasons.push(`too many pods: ${String(used.pods)} of ${String(maxPods)} allowed already run there`);
  }
  return reasons;
};

/** Why the scheduler would refuse a copy of `pod` on `node`, in the order its filters run. */
const placementReasons = (pod: Pod, wanted: PodRequests, node: Node, used: NodeUsage): string[] => {
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
  reasons.push(...resourceReasons(wanted, node, used));
  return reasons;
};

/**
 * Could a replacement of `pod` (same spec, not yet bound) be scheduled on each node other than `excludeNode`? The
 * filters that decide most stuck drains: cordon, readiness, NoSchedule/NoExecute taints, nodeSelector, required
 * node affinity, and CPU, memory and pod-count room left by the non-terminal pods already bound there. Pod
 * (anti-)affinity, topology spread, host ports and volumes are not judged.
 */
export const replacementNodes = (pod: Pod, snapshot: ClusterSnapshot, excludeNode: string): ReplacementNode[] => {
  const index = placementIndex(snapshot);
  const wanted = requestsIn(index, pod);
  return itemsOf(snapshot, 'nodes')
    .filter((node) => nameOf(node) !== excludeNode)
    .map((node) => {
      const reasons = placementReasons(pod, wanted, node, index.usageByNode.get(nameOf(node)) ?? NO_USAGE);
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
  const budgets = budgetsSelecting(pod, snapshot);
  return (placementIndex(snapshot).pendingByNamespace.get(namespaceOf(pod)) ?? [])
    .filter(
      (candidate) =>
        nameOf(candidate) !== nameOf(pod) &&
        (sameController(pod, candidate) ||
          budgets.some((budget) => selectorMatches(budget.spec?.selector, candidate.metadata?.labels))),
    )
    .map((candidate) => ({ name: nameOf(candidate), message: pendingMessage(candidate) }))
    .sort((a, b) => a.name.localeCompare(b.name));
};
