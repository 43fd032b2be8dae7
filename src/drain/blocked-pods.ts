import { HARVESTER_DRAIN_OPTIONS, type BlockedPod, type DrainScope } from '../model/drain.js';
import { nameOf, namespacedKey, namespaceOf } from '../model/kube-object.js';
import type { Node } from '../model/node.js';
import type { PodDisruptionBudget } from '../model/pod.js';
import { itemsOf, type ClusterSnapshot } from '../model/snapshot.js';
import { drainIndex, podsOnNode, podsSelectedBy } from '../facts/drain-index.js';
import { nonEmpty } from '../facts/drain-wording.js';
import { DRAIN_FILTERS, explainPods } from './explain-pods.js';

/** The node's pods that explain-drain says block, in its order (namespace, name). */
const blockedOnNode = (snapshot: ClusterSnapshot, node: Node): BlockedPod[] => {
  const nodeName = nameOf(node);
  const pods = new Map(
    podsOnNode(snapshot, nodeName).map((pod) => [namespacedKey(namespaceOf(pod), nameOf(pod)), pod]),
  );
  return explainPods({ snapshot, node, options: HARVESTER_DRAIN_OPTIONS }).flatMap((verdict): BlockedPod[] => {
    const pod = pods.get(namespacedKey(verdict.namespace, verdict.name));
    return pod && verdict.verdict === 'block' ? [{ pod, node: nodeName, reasons: verdict.reasons }] : [];
  });
};

/** Each pod the budget selects, as the drain of its own node sees it, by name; pods not bound to a node never block. */
const blockedUnderBudget = (snapshot: ClusterSnapshot, pdb: PodDisruptionBudget): BlockedPod[] => {
  const index = drainIndex(snapshot);
  return podsSelectedBy(pdb, snapshot)
    .flatMap((pod): BlockedPod[] => {
      const nodeName = nonEmpty(pod.spec?.nodeName);
      if (nodeName === undefined) return [];
      const node: Node = index.nodeByName.get(nodeName) ?? {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: nodeName },
      };
      const context = { snapshot, node, options: HARVESTER_DRAIN_OPTIONS };
      const reasons = DRAIN_FILTERS.flatMap((filter) => filter(pod, context));
      return reasons.some((reason) => reason.verdict === 'block') ? [{ pod, node: nodeName, reasons }] : [];
    })
    .sort((a, b) => nameOf(a.pod).localeCompare(nameOf(b.pod)));
};

/**
 * The pods the drain cannot evict, with every reason the filters give, under Harvester's drain options: on the
 * node of the scope, or among the pods the scope's budget selects. Empty for a node or budget that does not exist,
 * and on a single-node cluster, which Harvester upgrades without a drain (harvester-domain §3.6).
 */
export const blockedPods = (snapshot: ClusterSnapshot, scope: DrainScope): BlockedPod[] => {
  const index = drainIndex(snapshot);
  if ('node' in scope) {
    const node = index.nodeByName.get(scope.node);
    return node && itemsOf(snapshot, 'nodes').length > 1 ? blockedOnNode(snapshot, node) : [];
  }
  const pdb = (index.budgetsByNamespace.get(scope.namespace) ?? []).find((budget) => nameOf(budget) === scope.name);
  return pdb ? blockedUnderBudget(snapshot, pdb) : [];
};
