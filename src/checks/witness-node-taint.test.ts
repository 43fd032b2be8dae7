import { aNode, snapshotOf, withTaints } from '../../test/builders.js';
import { witnessNodeTaint } from './witness-node-taint.js';

const ETCD_TAINT = { key: 'node-role.kubernetes.io/etcd', value: 'true', effect: 'NoExecute' };

describe('witness-node-taint', () => {
  it('stays quiet on a tainted witness and ignores other nodes', () => {
    const witness = withTaints(aNode('witness-1', { roles: ['etcd', 'witness'] }), [ETCD_TAINT]);
    expect(witnessNodeTaint.run(snapshotOf({ nodes: [aNode('node-1'), witness] }))).toEqual([]);
  });

  it('reports a witness without the taint, with the command that adds it', () => {
    const witness = aNode('witness-1', { roles: ['etcd', 'witness'] });
    expect(witnessNodeTaint.run(snapshotOf({ nodes: [witness] }))).toEqual([
      {
        check: 'witness-node-taint',
        severity: 'error',
        object: { kind: 'Node', name: 'witness-1' },
        message: 'witness node has no taint node-role.kubernetes.io/etcd=true:NoExecute',
        remedy: expect.stringContaining(
          'kubectl taint node witness-1 node-role.kubernetes.io/etcd=true:NoExecute',
        ) as unknown,
      },
    ]);
  });

  it.each([
    ['another effect', { ...ETCD_TAINT, effect: 'NoSchedule' }],
    ['another value', { ...ETCD_TAINT, value: 'false' }],
    ['another key', { ...ETCD_TAINT, key: 'node-role.kubernetes.io/control-plane' }],
  ])('does not accept a taint with %s', (_, taint) => {
    const witness = withTaints(aNode('witness-1', { roles: ['witness'] }), [taint]);
    expect(witnessNodeTaint.run(snapshotOf({ nodes: [witness] }))).toHaveLength(1);
  });
});
