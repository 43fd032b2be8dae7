import { aPod, snapshotOf } from '../../test/builders.js';
import { aReplicaPod, deletedAt, drainOf } from '../../test/drain-builders.js';
import type { Pod } from '../model/pod.js';
import { evictionIgnoresBudgets, terminalPod } from './terminal-pod.js';

const explain = (pod: Pod) => terminalPod(pod, drainOf(snapshotOf({ pods: [pod] })));

describe('terminal-pod', () => {
  it('lets finished pods go without budgets', () => {
    expect(explain(aPod('backup-29013', { phase: 'Succeeded' }))).toEqual([
      { filter: 'terminal-pod', verdict: 'evict', message: 'finished (Succeeded); deleted without consulting budgets' },
    ]);
    expect(explain(aPod('crashed', { phase: 'Failed' }))).toEqual([
      expect.objectContaining({ message: 'finished (Failed); deleted without consulting budgets' }),
    ]);
  });

  it('stays quiet for running and pending pods', () => {
    expect(explain(aReplicaPod('web-1'))).toEqual([]);
    expect(explain(aReplicaPod('web-2', { phase: 'Pending' }))).toEqual([]);
  });

  it('knows which pods the eviction API deletes without weighing budgets (canIgnorePDB)', () => {
    expect(evictionIgnoresBudgets(aPod('a', { phase: 'Succeeded' }))).toBe(true);
    expect(evictionIgnoresBudgets(aPod('b', { phase: 'Failed' }))).toBe(true);
    expect(evictionIgnoresBudgets(aPod('c', { phase: 'Pending' }))).toBe(true);
    expect(evictionIgnoresBudgets(deletedAt(aPod('d'), '2026-11-22T00:00:00Z'))).toBe(true);
    expect(evictionIgnoresBudgets(aPod('e'))).toBe(false);
    expect(evictionIgnoresBudgets(aPod('f', { phase: 'Unknown' }))).toBe(false);
    expect(evictionIgnoresBudgets({ metadata: { name: 'no-status' } })).toBe(false);
  });
});
