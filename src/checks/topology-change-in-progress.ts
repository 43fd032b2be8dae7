import { counted, type Finding } from '../model/finding.js';
import { conditionOf, nameOf, refOf } from '../model/kube-object.js';
import { meaningful } from '../model/longhorn.js';
import { itemsOf } from '../model/snapshot.js';
import type { Check } from './check.js';
import { ETCD_VOTER_CONDITION, etcdMembers, isEtcdLearner } from '../facts/etcd-members.js';
import { sh } from '../model/shell.js';

const ID = 'topology-change-in-progress';

/**
 * Harvester cannot remove a node while an upgrade runs, and an upgrade started while the cluster is still changing
 * shape meets a node set that is not the one it planned for. This reports what the other checks do not: a Node
 * being deleted (deletionTimestamp, its removal still running), and an etcd node that is not yet a voting member
 * (EtcdIsVoter False: it is joining, or was dropped from etcd; k3s-io/k3s: pkg/etcd/etcd.go). Machines still
 * provisioning or being deleted are reported by machine-not-running and machine-deleting, promotions by
 * node-promotion-in-progress, disks leaving Longhorn by blockdevice-unhealthy.
 */
export const topologyChangeInProgress: Check = {
  id: ID,
  title: 'No node is joining or being removed',
  problem: (findings) => counted(findings, 'node is joining or being removed', 'nodes are joining or being removed'),
  description:
    'No node may be being deleted and every etcd node must be a voting member; do not start an upgrade while nodes join or leave (machines and promotions are checked by machine-not-running, machine-deleting and node-promotion-in-progress).',
  needs: ['nodes'],
  run: (snapshot) => {
    const nodes = itemsOf(snapshot, 'nodes');
    const deleting = nodes
      .filter((node) => node.metadata?.deletionTimestamp)
      .map((node): Finding => ({
        check: ID,
        severity: 'error',
        object: refOf('Node', node),
        message: `is being removed from the cluster (deleted ${node.metadata?.deletionTimestamp ?? ''})`,
        remedy: `Let the removal finish before upgrading (${sh`kubectl get node ${nameOf(node)} -o jsonpath='{.metadata.finalizers}'`} shows what it waits for); Harvester cannot remove a node while an upgrade runs.`,
      }));
    const learners = etcdMembers(nodes)
      .filter((node) => isEtcdLearner(node) && !node.metadata?.deletionTimestamp)
      .map((node): Finding => {
        const condition = conditionOf(node.status?.conditions, ETCD_VOTER_CONDITION);
        const why = meaningful(condition?.message) ?? meaningful(condition?.reason);
        return {
          check: ID,
          severity: 'warning',
          object: refOf('Node', node),
          message: `is not a voting etcd member yet (${ETCD_VOTER_CONDITION}=False${why ? `: ${why}` : ''}): it is still joining etcd, or was dropped from it`,
          remedy: `Wait until ${sh`kubectl get node ${nameOf(node)} -o jsonpath='{.status.conditions[?(@.type=="${ETCD_VOTER_CONDITION}")].status}'`} prints True before upgrading; if it stays False, check rke2-server on ${nameOf(node)}.`,
        };
      });
    return [...deleting, ...learners];
  },
};
