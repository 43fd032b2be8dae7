import { aNode, aPod, snapshotOf } from '../../test/builders.js';
import { explainDrain, type DrainExplanation } from '../drain/explain-drain.js';
import { explainDrains, watchStep, withProbeAnswers } from './drain.js';

const cordoned = aNode('node-1', { unschedulable: true });
const drainOf = (
  pods = [aPod('web', { node: 'node-1', owner: { kind: 'ReplicaSet', name: 'web-rs' } })],
): DrainExplanation =>
  explainDrain(
    snapshotOf({ nodes: [cordoned, aNode('node-2')], pods, podDisruptionBudgets: [] }),
    cordoned,
    'cordoned',
  );

describe('watchStep', () => {
  it('ends the watch with 0 when no node is being drained, or every node is drained', () => {
    expect(watchStep(new Map(), [], false)).toEqual({ lines: ['no node is being drained'], exitCode: 0 });
    const empty = drainOf([]);
    expect(watchStep(new Map([[empty.node, empty]]), [empty], false)).toEqual({
      lines: ['drained: nothing left to evict'],
      exitCode: 0,
    });
  });

  it('ends it with 1 past the deadline, and keeps watching before it or when the read failed', () => {
    const drain = drainOf();
    expect(watchStep(new Map([[drain.node, drain]]), [drain], true)).toEqual({
      lines: ['timed out: the drain is still blocked'],
      exitCode: 1,
    });
    expect(watchStep(new Map([[drain.node, drain]]), [drain], false)).toEqual({ lines: [] });
    expect(watchStep(new Map(), undefined, false)).toEqual({ lines: [] });
  });

  it('prints what changed since the previous read, node by node', () => {
    const lines = watchStep(new Map(), [drainOf()], false).lines;
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => line.startsWith('node-1  '))).toBe(true);
  });
});

describe('explainDrains', () => {
  it('refuses a node that does not exist', () => {
    expect(explainDrains(snapshotOf({ nodes: [cordoned] }), 'node-9')).toEqual({
      usage: "node node-9 not found; list the nodes with 'kubectl get nodes'",
    });
  });
});

describe('withProbeAnswers', () => {
  it('puts each answer beside its pod, and leaves pods without one as they were', () => {
    const drain = drainOf();
    const [row] = withProbeAnswers(drain, [
      { namespace: 'default', name: 'web', status: 201, outcome: 'allowed', message: 'evicted (dry run)' },
    ]);
    expect(row?.probe).toMatchObject({ status: 201, outcome: 'allowed' });
    expect(withProbeAnswers(drain, [])).toEqual(drain.pods);
  });
});
