import { counted, type Finding } from '../model/finding.js';
import { nameOf, refOf } from '../model/kube-object.js';
import { isControlPlane, nodeReadyStatus, type Node } from '../model/node.js';
import { itemsOf } from '../model/snapshot.js';
import type { Check } from './check.js';
import { etcdMembers, isEtcdLearner } from '../facts/etcd-members.js';
import { isNodeReady } from '../facts/node-readiness.js';
import { joinedWithAnd, names } from '../facts/wording.js';
import { sh } from '../model/shell.js';

const ID = 'etcd-quorum-at-risk';

/** etcd needs a majority of its voting members up to serve at all (etcd raft: quorum = floor(n/2) + 1). */
const quorumOf = (voters: number): number => Math.floor(voters / 2) + 1;

const describe = (node: Node): string => sh`kubectl describe node ${nameOf(node)}`;

/**
 * The upgrade drains and reboots one node at a time, and every management node and the witness node runs an etcd
 * member (RKE2 etcd role). While a member reboots, etcd must keep its quorum, or the API server stops and the
 * upgrade with it, mid-way, with nodes on two versions; Harvester cannot remove a node while an upgrade runs, so
 * such a cluster is often rebuilt. The risk is the member that is already down: with 3 members and one NotReady,
 * the next reboot leaves 1 of 3. Members that are learners (EtcdIsVoter False) do not vote and are left out.
 */
export const etcdQuorumAtRisk: Check = {
  id: ID,
  title: 'etcd keeps its quorum while one node reboots',
  problem: (findings) =>
    counted(
      findings,
      'node would take etcd below its quorum when it reboots',
      'nodes would take etcd below its quorum when they reboot',
    ),
  description:
    'Counts the etcd members (management nodes and the witness) and how many are Ready; the upgrade reboots one node at a time, so if quorum would be lost with one more member down, the API server stops mid-upgrade.',
  needs: ['nodes'],
  appliesTo: (snapshot) =>
    etcdMembers(itemsOf(snapshot, 'nodes')).length > 0
      ? undefined
      : 'no node carries node-role.kubernetes.io/etcd=true or the witness label, so the etcd members are unknown',
  run: (snapshot) => {
    const voters = etcdMembers(itemsOf(snapshot, 'nodes')).filter((node) => !isEtcdLearner(node));
    const quorum = quorumOf(voters.length);
    const ready = voters.filter(isNodeReady);
    const down = voters.filter((node) => !isNodeReady(node));
    const counted = `${String(ready.length)} of ${String(voters.length)} etcd members are Ready and quorum needs ${String(quorum)}`;
    const [only] = voters;
    if (voters.length === 1 && only && down.length === 0) {
      return [
        {
          check: ID,
          severity: 'info',
          object: refOf('Node', only),
          message:
            'is the only etcd member, so the API server is unavailable while the upgrade reboots it, and a failure of this node loses the cluster state',
          remedy:
            'Expected on clusters with one management node; take an etcd snapshot and back up important VMs before upgrading (Harvester promotes two more nodes to management once the cluster has three).',
        },
      ];
    }
    const spare = ready.length - quorum;
    if (spare >= 1) return [];
    if (down.length > 0) {
      const others = names(ready.filter(isControlPlane));
      const consequence =
        spare < 0
          ? 'etcd has already lost its quorum'
          : `the upgrade's reboot of any other member${others.length > 0 ? ` (${joinedWithAnd(others)})` : ''} stops etcd and the API server`;
      return down.map((node): Finding => ({
        check: ID,
        severity: 'error',
        object: refOf('Node', node),
        message: `etcd member is not Ready (Ready=${nodeReadyStatus(node)}): ${counted}, so ${consequence}`,
        remedy: `Bring ${nameOf(node)} back before upgrading (${describe(node)}), or remove it from the cluster if it is gone for good; do not start the upgrade with an etcd member down.`,
      }));
    }
    // All voters are up but there are too few to lose one: two members need both.
    return voters.map((node): Finding => ({
      check: ID,
      severity: 'error',
      object: refOf('Node', node),
      message: `is one of ${String(voters.length)} etcd members and quorum needs ${String(quorum)}, so the upgrade's reboot of any member stops etcd and the API server`,
      remedy:
        'Give etcd an odd number of members before upgrading: let Harvester promote a third management node, or add a witness node.',
    }));
  },
};
