import { naming, type Finding } from '../model/finding.js';
import { annotationOf, labelOf, nameOf, refOf } from '../model/kube-object.js';
import { isControlPlane, isWitness } from '../model/node.js';
import { itemsOf } from '../model/snapshot.js';
import type { Check } from './check.js';

/** Install-time role preference: Harvester never promotes these nodes (pkg/controller/master/node/promote_controller.go). */
const WORKER_LABEL = 'node-role.harvesterhci.io/worker';
const PROMOTE_STATUS = 'harvesterhci.io/promote-status';
/** Harvester promotes nodes to control plane only once the cluster has this many non-witness nodes. */
const PROMOTION_MIN_NODES = 3;

/**
 * Harvester wants three management nodes and promotes the oldest eligible node once the cluster has three
 * (harvester/harvester: pkg/controller/master/node/promote_controller.go); nodes labelled
 * node-role.harvesterhci.io/worker are never promoted. With one control-plane node, whatever must run on a
 * control-plane node has nowhere to go while that node is drained: the seed incident (issue #7647) was a 1
 * management + 2 worker cluster whose KubeVirt infra pods blocked the drain. Below three non-witness nodes one
 * control-plane node is how Harvester is built, so it is only worth an info there.
 */
export const singleControlPlane: Check = {
  id: 'single-control-plane',
  title: 'More than one control-plane node',
  problem: (findings) => naming(findings, 'Only one control-plane node'),
  description:
    'With a single control-plane node, its drain succeeds only if every workload pinned to control-plane nodes can be stopped while it is drained.',
  needs: ['nodes'],
  run: (snapshot) => {
    const nodes = itemsOf(snapshot, 'nodes');
    const controlPlanes = nodes.filter((node) => isControlPlane(node) && !isWitness(node));
    const [only] = controlPlanes;
    if (nodes.length < 2 || controlPlanes.length !== 1 || !only) return [];
    const workers = nodes.filter((node) => labelOf(node, WORKER_LABEL) === 'true').map(nameOf);
    const promotions = nodes
      .filter((node) => (annotationOf(node, PROMOTE_STATUS) ?? 'complete') !== 'complete')
      .map((node) => `promotion of ${nameOf(node)} is ${annotationOf(node, PROMOTE_STATUS) ?? ''}`);
    const why = [
      ...(workers.length > 0
        ? [`${workers.join(', ')} ${workers.length === 1 ? 'is' : 'are'} labelled ${WORKER_LABEL} and never promoted`]
        : []),
      ...promotions,
    ];
    const because = why.length > 0 ? ` (${why.join('; ')})` : '';
    const prepare = `resolve kubevirt-control-plane-placement and the PodDisruptionBudget findings for pods on ${nameOf(only)}`;
    const dataNodes = nodes.filter((node) => !isWitness(node)).length;
    const finding: Finding =
      dataNodes >= PROMOTION_MIN_NODES
        ? {
            check: 'single-control-plane',
            severity: 'warning',
            object: refOf('Node', only),
            message: `is the only control-plane node of ${String(nodes.length)} nodes, so workloads that require a control-plane node cannot move while it is drained${because}`,
            remedy: `Before upgrading, ${prepare}; Harvester promotes nodes to control plane once it has ${String(PROMOTION_MIN_NODES)} nodes not labelled ${WORKER_LABEL}`,
          }
        : {
            check: 'single-control-plane',
            severity: 'info',
            object: refOf('Node', only),
            message: `is the only control-plane node, as expected with ${String(dataNodes)} non-witness nodes (Harvester promotes from ${String(PROMOTION_MIN_NODES)}), so workloads that require a control-plane node cannot move while it is drained${because}`,
            remedy: `A known limitation of clusters this size: before upgrading, ${prepare}`,
          };
    return [finding];
  },
};
