import { counted, type Finding } from '../model/finding.js';
import { nameOf, refOf } from '../model/kube-object.js';
import { ETCD_LABEL, isWitness, type Node } from '../model/node.js';
import { itemsOf } from '../model/snapshot.js';
import type { Check } from './check.js';
import { sh } from '../model/shell.js';

const hasEtcdTaint = (node: Node): boolean =>
  (node.spec?.taints ?? []).some(
    (taint) => taint.key === ETCD_LABEL && taint.value === 'true' && taint.effect === 'NoExecute',
  );

/**
 * A witness node runs only etcd; the taint node-role.kubernetes.io/etcd=true:NoExecute keeps workloads (and
 * their PDBs) off it. The pre-check fails without it: "Witness node <n> does NOT have the etcd:NoExecute taint."
 * (harvester/upgrade-helpers: pre-check/v1.x/check.sh check_nodes).
 */
export const witnessNodeTaint: Check = {
  id: 'witness-node-taint',
  title: 'Witness nodes carry the etcd NoExecute taint',
  problem: (findings) =>
    counted(findings, 'witness node lacks the etcd NoExecute taint', 'witness nodes lack the etcd NoExecute taint'),
  description: `Every witness node must have the taint ${ETCD_LABEL}=true:NoExecute so that no workload runs on it.`,
  needs: ['nodes'],
  run: (snapshot) =>
    itemsOf(snapshot, 'nodes')
      .filter((node) => isWitness(node) && !hasEtcdTaint(node))
      .map((node): Finding => ({
        check: 'witness-node-taint',
        severity: 'error',
        object: refOf('Node', node),
        message: `witness node has no taint ${ETCD_LABEL}=true:NoExecute`,
        remedy: `${sh`kubectl taint node ${nameOf(node)} ${ETCD_LABEL}=true:NoExecute`} (pods without a matching toleration are evicted from it).`,
      })),
};
