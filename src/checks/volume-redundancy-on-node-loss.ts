import { counted, type Finding } from '../model/finding.js';
import { nameOf, refOf } from '../model/kube-object.js';
import {
  isAvailableHealthyReplica,
  LONGHORN_NAMESPACE,
  longhornConditions,
  replicaVolume,
  volumePvc,
  type LonghornNode,
  type LonghornReplica,
  type LonghornVolume,
} from '../model/longhorn.js';
import type { Node } from '../model/node.js';
import { itemsOf } from '../model/snapshot.js';
import type { Check } from './check.js';
import { multiNodeOnly, nonWitnessNodes } from '../facts/longhorn-replica-nodes.js';
import { isNodeReady } from '../facts/node-readiness.js';
import { plural } from '../model/text.js';
import { sh } from '../model/shell.js';

const ID = 'volume-redundancy-on-node-loss';

/** Below three data nodes a volume rests on one replica while the other node reboots: that is how such clusters work. */
const REDUNDANT_MIN_NODES = 3;

const byVolume = (replicas: readonly LonghornReplica[]): Map<string, LonghornReplica[]> => {
  const map = new Map<string, LonghornReplica[]>();
  for (const replica of replicas) {
    const volume = replicaVolume(replica);
    if (volume !== undefined) map.set(volume, [...(map.get(volume) ?? []), replica]);
  }
  return map;
};

/**
 * Nodes where Longhorn could rebuild a replica: Ready, not cordoned, not a witness, and not refused by the Longhorn
 * node (spec.allowScheduling false or condition Schedulable not True). Without Longhorn nodes, only the first part.
 */
const schedulableNodes = (nodes: readonly Node[], longhornNodes: readonly LonghornNode[] | undefined): Set<string> => {
  const refused = new Set(
    (longhornNodes ?? [])
      .filter((node) => {
        const schedulable = longhornConditions(node.status?.conditions).find((c) => c.type === 'Schedulable');
        return node.spec?.allowScheduling === false || (schedulable !== undefined && schedulable.status !== 'True');
      })
      .map(nameOf),
  );
  return new Set(
    nonWitnessNodes(nodes)
      .filter((node) => isNodeReady(node) && node.spec?.unschedulable !== true && !refused.has(nameOf(node)))
      .map(nameOf),
  );
};

const pvcPart = (volume: LonghornVolume): string => {
  const pvc = volumePvc(volume);
  return pvc ? `, PVC ${pvc}` : '';
};

const listReplicas = (volume: LonghornVolume): string =>
  sh`kubectl -n ${volume.metadata?.namespace ?? LONGHORN_NAMESPACE} get replicas.longhorn.io -l longhornvolume=${nameOf(volume)} -o wide`;

/**
 * The upgrade drains every node in turn; while one is drained and rebooted, its replicas are offline. For each
 * volume this takes the node whose loss hurts most: a volume whose healthy replicas all sit on one node has none
 * while that node is down (error), and a volume left with one healthy replica and no other schedulable node to
 * rebuild on is one disk failure away from losing its data (warning). A replica counts when Longhorn would use it
 * (isAvailableHealthyReplica) and its node is Ready. Volumes with one replica are reported by
 * longhorn-single-replica-volume, volumes without any healthy replica by longhorn-volume-degraded.
 */
export const volumeRedundancyOnNodeLoss: Check = {
  id: ID,
  title: 'Every volume survives the loss of the node being drained',
  problem: (findings) =>
    counted(
      findings,
      'volume does not survive the loss of the node being drained',
      'volumes do not survive the loss of the node being drained',
    ),
  description:
    'With each node drained in turn, every Longhorn volume must keep a healthy replica on another Ready node, and, on three or more nodes, a second copy or a schedulable node to rebuild one.',
  needs: ['longhornVolumes', 'longhornReplicas', 'nodes'],
  optional: ['longhornNodes'],
  appliesTo: multiNodeOnly,
  run: (snapshot) => {
    const nodes = itemsOf(snapshot, 'nodes');
    const ready = new Set(nodes.filter(isNodeReady).map(nameOf));
    const dataNodes = nonWitnessNodes(nodes).length;
    const schedulable = schedulableNodes(nodes, itemsOf(snapshot, 'longhornNodes'));
    const replicas = byVolume(itemsOf(snapshot, 'longhornReplicas'));
    return itemsOf(snapshot, 'longhornVolumes').flatMap((volume): Finding[] => {
      const wanted = volume.spec?.numberOfReplicas ?? 0;
      if (wanted <= 1 || volume.metadata?.deletionTimestamp) return [];
      const healthy = (replicas.get(nameOf(volume)) ?? []).filter(
        (replica) => isAvailableHealthyReplica(replica) && ready.has(replica.spec?.nodeID ?? ''),
      );
      const holders = [...new Set(healthy.map((replica) => replica.spec?.nodeID ?? ''))].sort();
      if (holders.length === 0) return [];
      const remainingWithout = (node: string): number =>
        healthy.filter((replica) => replica.spec?.nodeID !== node).length;
      const fewest = Math.min(...holders.map(remainingWithout));
      const worst = holders.filter((node) => remainingWithout(node) === fewest);
      const counted = `${String(healthy.length)} of ${String(wanted)} replicas healthy${pvcPart(volume)}`;
      if (fewest === 0) {
        const [node = ''] = worst;
        return [
          {
            check: ID,
            severity: 'error',
            object: refOf('Volume', volume),
            message: `its only healthy ${healthy.length === 1 ? 'replica is' : 'replicas are'} on ${node} (${counted}), so the volume has no usable replica while the upgrade drains ${node}, and loses its data if ${node} fails`,
            remedy: `Let Longhorn rebuild replicas on other nodes before upgrading (${listReplicas(volume)}); if it cannot, fix what stops it (longhorn-disk-unhealthy, blockdevice-unhealthy, node-not-ready), or back the volume up first.`,
          },
        ];
      }
      if (fewest > 1 || dataNodes < REDUNDANT_MIN_NODES) return [];
      const spares = [...schedulable].filter((node) => !holders.includes(node));
      // Longhorn can rebuild the missing copy on a schedulable node that holds none, other than the drained one.
      const rebuildable = worst.filter((node) => spares.some((spare) => spare !== node));
      if (rebuildable.length === worst.length) return [];
      return [
        {
          check: ID,
          severity: 'warning',
          object: refOf('Volume', volume),
          message: `is left with one healthy replica while ${worst.join(' or ')} is drained (${counted}), with no other schedulable node to rebuild on, so one more disk or node failure loses its data`,
          remedy: `Restore its redundancy before upgrading: bring the missing replicas back (${listReplicas(volume)}), or make another node schedulable for Longhorn; ${plural(schedulable.size, 'node')} can take replicas now.`,
        },
      ];
    });
  },
};
