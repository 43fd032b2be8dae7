import { naming, type Finding } from '../model/finding.js';
import { PROMOTE_STATUS_ANNOTATION } from '../model/harvester.js';
import { annotationOf, labelOf, nameOf, refOf } from '../model/kube-object.js';
import { isControlPlane, isWitness, nodeReadyStatus, type Node } from '../model/node.js';
import { itemsOf } from '../model/snapshot.js';
import type { Check } from './check.js';

const ID = 'management-role-redundancy';

/** Harvester's target: three management nodes (pkg/controller/master/node/promote_controller.go). */
const MANAGEMENT_NODES = 3;
const WORKER_LABEL = 'node-role.harvesterhci.io/worker';

/** Why Harvester has not made this node a management node. */
const notPromotedBecause = (node: Node): string => {
  const status = annotationOf(node, PROMOTE_STATUS_ANNOTATION);
  if (labelOf(node, WORKER_LABEL) === 'true')
    return `it is labelled ${WORKER_LABEL}=true, which Harvester never promotes`;
  if (status === 'failed' || status === 'unknown') return `its promotion ended ${status}`;
  if (status === 'running') return 'its promotion is still running';
  if (nodeReadyStatus(node) !== 'True') return 'it is not Ready, and Harvester promotes only healthy nodes';
  if (node.spec?.unschedulable === true) return 'it is cordoned, and Harvester promotes only schedulable nodes';
  return 'Harvester has not promoted it';
};

/**
 * Harvester keeps three management nodes once the cluster has three nodes, or two and a witness node, so that etcd
 * and the control plane survive one node down. With two management nodes and no witness, the upgrade's reboot of
 * either leaves the control plane on one node and etcd without quorum. The promote controller picks the oldest
 * Ready, schedulable node not labelled node-role.harvesterhci.io/worker; this check names each node that could
 * have filled the third seat and why it did not. One management node is reported by single-control-plane.
 */
export const managementRoleRedundancy: Check = {
  id: ID,
  title: 'Three management nodes, or two and a witness',
  problem: (findings) => naming(findings, 'Too few management nodes (three, or two and a witness)'),
  description:
    'A cluster of three or more nodes needs three management nodes (or two and a witness) so that the control plane and etcd survive the node the upgrade reboots; says why the other nodes were not promoted.',
  needs: ['nodes'],
  run: (snapshot) => {
    const nodes = itemsOf(snapshot, 'nodes');
    const dataNodes = nodes.filter((node) => !isWitness(node));
    const management = dataNodes.filter(isControlPlane);
    const witnesses = nodes.filter(isWitness).length;
    if (dataNodes.length < MANAGEMENT_NODES || management.length !== 2 || witnesses > 0) return [];
    const managementNames = management.map(nameOf).join(' and ');
    return dataNodes
      .filter((node) => !isControlPlane(node))
      .map((node): Finding => ({
        check: ID,
        severity: 'warning',
        object: refOf('Node', node),
        message: `is not a management node because ${notPromotedBecause(node)}, so only ${managementNames} are, and the upgrade's reboot of either leaves one control-plane node and etcd without quorum`,
        remedy: `Let Harvester promote a third management node before upgrading: remove ${WORKER_LABEL} from a node that may run the control plane, or fix the node's readiness or its promotion (kubectl -n harvester-system get jobs -l harvesterhci.io/promote-node); or add a witness node.`,
      }));
  },
};
