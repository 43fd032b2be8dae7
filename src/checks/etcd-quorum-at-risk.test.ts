import { aNode, snapshotOf } from '../../test/builders.js';
import type { Node } from '../model/node.js';
import { etcdQuorumAtRisk } from './etcd-quorum-at-risk.js';

const run = (...nodes: Node[]) => etcdQuorumAtRisk.run(snapshotOf({ nodes }));
const learner = (node: Node): Node => ({
  ...node,
  status: {
    ...node.status,
    conditions: [
      ...(node.status?.conditions ?? []),
      { type: 'EtcdIsVoter', status: 'False', reason: 'MemberIsLearner' },
    ],
  },
});

describe('etcd-quorum-at-risk', () => {
  it('stays quiet with three Ready members', () => {
    expect(run(aNode('node-1'), aNode('node-2'), aNode('node-3'))).toEqual([]);
  });

  it('names the NotReady member of three: the next reboot loses quorum', () => {
    expect(run(aNode('node-1'), aNode('node-2'), aNode('node-3', { ready: 'Unknown' }))).toEqual([
      {
        check: 'etcd-quorum-at-risk',
        severity: 'error',
        object: { kind: 'Node', name: 'node-3' },
        message:
          "etcd member is not Ready (Ready=Unknown): 2 of 3 etcd members are Ready and quorum needs 2, so the upgrade's reboot of any other member (node-1 and node-2) stops etcd and the API server",
        remedy: expect.stringContaining('kubectl describe node node-3') as unknown,
      },
    ]);
  });

  it('says quorum is already lost with two of three members down', () => {
    const findings = run(aNode('node-1'), aNode('node-2', { ready: 'False' }), aNode('node-3', { ready: 'Unknown' }));
    expect(findings.map((finding) => [finding.object.name, finding.message])).toEqual([
      ['node-2', expect.stringContaining('1 of 3 etcd members are Ready and quorum needs 2, so etcd has already lost')],
      ['node-3', expect.stringContaining('etcd has already lost its quorum')],
    ]);
  });

  it('counts the witness node as a member, Ready or not', () => {
    const witness = aNode('witness', { roles: ['etcd', 'witness'], ready: 'False' });
    expect(run(aNode('node-1'), aNode('node-2'), witness)).toEqual([
      expect.objectContaining({ severity: 'error', object: { kind: 'Node', name: 'witness' } }),
    ]);
    expect(run(aNode('node-1'), aNode('node-2'), aNode('witness', { roles: ['witness'] }))).toEqual([]);
  });

  it('tolerates one member down out of five', () => {
    const nodes = ['1', '2', '3', '4'].map((n) => aNode(`node-${n}`));
    expect(run(...nodes, aNode('node-5', { ready: 'False' }))).toEqual([]);
  });

  it('ignores workers and leaves learners out of the vote', () => {
    const worker = aNode('worker', { roles: ['worker'], ready: 'False' });
    expect(run(aNode('node-1'), aNode('node-2'), aNode('node-3'), worker)).toEqual([]);
    // Two voters left: both are needed.
    const findings = run(aNode('node-1'), aNode('node-2'), learner(aNode('node-3')));
    expect(findings).toEqual([
      expect.objectContaining({
        object: { kind: 'Node', name: 'node-1' },
        message:
          "is one of 2 etcd members and quorum needs 2, so the upgrade's reboot of any member stops etcd and the API server",
      }),
      expect.objectContaining({ object: { kind: 'Node', name: 'node-2' } }),
    ]);
  });

  it('says a single member is expected but takes the API server down while it reboots (info)', () => {
    const findings = run(aNode('node-1'), aNode('node-2', { roles: ['worker'] }));
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'info',
        object: { kind: 'Node', name: 'node-1' },
        message: expect.stringContaining('is the only etcd member') as unknown,
      }),
    ]);
  });

  it('is an error when the only member is not Ready', () => {
    expect(run(aNode('node-1', { ready: 'Unknown' }))).toEqual([
      expect.objectContaining({ severity: 'error', message: expect.stringContaining('0 of 1') as unknown }),
    ]);
  });

  it('applies only when some node carries the etcd role', () => {
    expect(etcdQuorumAtRisk.appliesTo?.(snapshotOf({ nodes: [aNode('a', { roles: ['worker'] })] }))).toMatch(
      /no node carries node-role.kubernetes.io\/etcd=true/,
    );
    expect(etcdQuorumAtRisk.appliesTo?.(snapshotOf({ nodes: [aNode('a')] }))).toBeUndefined();
  });
});
