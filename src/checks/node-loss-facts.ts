import { conditionOf, nameOf } from '../model/kube-object.js';
import { isEtcd, isWitness, nodeReadyStatus, type Node } from '../model/node.js';

/**
 * RKE2 embeds k3s's etcd management, which keeps node condition `EtcdIsVoter` on every etcd node: True for a voting
 * member, False while the node is a learner still catching up or not a member at all (k3s-io/k3s: pkg/etcd/etcd.go
 * etcdStatusType, StatusLearner, StatusVoter).
 */
export const ETCD_VOTER_CONDITION = 'EtcdIsVoter';

/** RKE2 gives every management node and the witness node the etcd role; a witness counts even without the label. */
export const etcdMembers = (nodes: readonly Node[]): Node[] => nodes.filter((node) => isEtcd(node) || isWitness(node));

/** An etcd node whose EtcdIsVoter is False: it does not vote, so it neither adds to nor counts against the quorum. */
export const isEtcdLearner = (node: Node): boolean =>
  conditionOf(node.status?.conditions, ETCD_VOTER_CONDITION)?.status === 'False';

export const isNodeReady = (node: Node): boolean => nodeReadyStatus(node) === 'True';

/** `a, b and c`. */
export const listed = (items: readonly string[]): string =>
  items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;

export const names = (nodes: readonly Node[]): string[] => nodes.map(nameOf);
