import { counted, type Finding } from '../model/finding.js';
import { annotationOf, nameOf, namespaceOf, refOf } from '../model/kube-object.js';
import { requiredNodeAffinityOf, requiredPlacementMatches } from '../model/node-affinity.js';
import type { Node } from '../model/node.js';
import { controllerOf, podPhase, type Pod } from '../model/pod.js';
import { untoleratedTaints } from '../model/scheduling.js';
import { itemsOf } from '../model/snapshot.js';
import type { Check } from './check.js';
import { isNodeReady } from '../facts/node-readiness.js';
import { sh } from '../model/shell.js';

const ID = 'upgrade-single-point-of-failure';

/**
 * Controllers that replace an evicted pod, possibly on another node (kubectl drain semantics): a ReplicaSet, which
 * a Deployment owns, or a StatefulSet. DaemonSet pods belong to their node, and VMs are judged by the VM checks.
 */
const REPLACED_BY: ReadonlySet<string> = new Set(['ReplicaSet', 'StatefulSet']);

const pinned = (pod: Pod): boolean =>
  Object.keys(pod.spec?.nodeSelector ?? {}).length > 0 || requiredNodeAffinityOf(pod.spec?.affinity) !== undefined;

const constraint = (pod: Pod): string => {
  const selector = Object.entries(pod.spec?.nodeSelector ?? {}).map(([key, value]) => `${key}=${value}`);
  const parts = [
    ...(selector.length > 0 ? [`nodeSelector ${selector.join(', ')}`] : []),
    ...(requiredNodeAffinityOf(pod.spec?.affinity) !== undefined ? ['required node affinity'] : []),
  ];
  return parts.join(' and ');
};

/** Nodes the scheduler could place the pod on: Ready, not cordoned, matching its placement, taints tolerated. */
const placeableOn = (pod: Pod, nodes: readonly Node[]): Node[] =>
  nodes.filter(
    (node) =>
      isNodeReady(node) &&
      node.spec?.unschedulable !== true &&
      requiredPlacementMatches(pod.spec ?? {}, node) &&
      untoleratedTaints(pod, node.spec?.taints).length === 0,
  );

/**
 * While the upgrade drains a node, a replicated pod is evicted and recreated elsewhere; a pod whose nodeSelector or
 * required node affinity admits only the node it runs on has nowhere to go, so its service is down for the whole
 * drain and reboot, and stays down if the node fails. One pod per controller is reported. The only control-plane node,
 * the other single point of failure, is reported by single-control-plane; VMs pinned to a node by vm-not-live-migratable.
 */
export const upgradeSinglePointOfFailure: Check = {
  id: ID,
  title: 'No workload can run on one node only',
  problem: (findings) => counted(findings, 'pod can run on one node only', 'pods can run on one node only'),
  description:
    'A Deployment or StatefulSet pod whose nodeSelector or required node affinity admits only its own node cannot move while that node is drained, and is down if the node fails mid-upgrade.',
  needs: ['nodes', 'pods'],
  run: (snapshot) => {
    const nodes = itemsOf(snapshot, 'nodes');
    const seen = new Set<string>();
    const findings: Finding[] = [];
    for (const pod of itemsOf(snapshot, 'pods')) {
      const owner = controllerOf(pod);
      const node = pod.spec?.nodeName;
      if (!owner || !REPLACED_BY.has(owner.kind ?? '') || !node || !pinned(pod)) continue;
      if (['Succeeded', 'Failed'].includes(podPhase(pod)) || annotationOf(pod, 'kubernetes.io/config.mirror')) continue;
      const key = `${namespaceOf(pod)}/${owner.kind ?? ''}/${owner.name ?? ''}`;
      if (seen.has(key)) continue;
      // Only the pod's own constraints count: with no other usable node at all, every pod is in the same place.
      const others = nodes.filter(
        (candidate) => nameOf(candidate) !== node && isNodeReady(candidate) && candidate.spec?.unschedulable !== true,
      );
      const elsewhere = placeableOn(pod, others);
      if (others.length === 0 || elsewhere.length > 0) continue;
      seen.add(key);
      findings.push({
        check: ID,
        severity: 'warning',
        object: refOf('Pod', pod),
        message: `can run only on ${node}: its ${constraint(pod)} (with its tolerations) admits no other Ready, schedulable node, so ${owner.kind ?? ''} ${owner.name ?? ''} is down while the upgrade drains ${node}`,
        remedy: `Widen the placement of ${owner.kind ?? ''} ${namespaceOf(pod)}/${owner.name ?? ''} to a second node (${sh`kubectl -n ${namespaceOf(pod)} get pod ${nameOf(pod)} -o jsonpath='{.spec.nodeSelector}{.spec.affinity}'`}), or plan its downtime.`,
      });
    }
    return findings;
  },
};
