import { aNode } from '../../test/builders.js';
import type { Node } from '../model/node.js';
import { ETCD_VOTER_CONDITION, etcdMembers, isEtcdLearner } from './etcd-members.js';

const withVoter = (node: Node, status: string): Node => ({
  ...node,
  status: { ...node.status, conditions: [...(node.status?.conditions ?? []), { type: ETCD_VOTER_CONDITION, status }] },
});

describe('etcdMembers', () => {
  it('counts etcd nodes and the witness node, labelled etcd or not', () => {
    const nodes = [aNode('cp-1'), aNode('witness', { roles: ['witness'] }), aNode('worker', { roles: ['worker'] })];
    expect(etcdMembers(nodes).map((node) => node.metadata?.name)).toEqual(['cp-1', 'witness']);
  });

  it('finds none among workers', () => {
    expect(etcdMembers([aNode('worker', { roles: ['worker'] })])).toEqual([]);
  });
});

describe('isEtcdLearner', () => {
  it('holds when EtcdIsVoter is False', () => {
    expect(isEtcdLearner(withVoter(aNode('cp-1'), 'False'))).toBe(true);
  });

  it('does not hold for a voter or a node without the condition', () => {
    expect(isEtcdLearner(withVoter(aNode('cp-1'), 'True'))).toBe(false);
    expect(isEtcdLearner(aNode('cp-1'))).toBe(false);
  });
});
