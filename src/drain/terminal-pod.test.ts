import { aPod, snapshotOf } from '../../test/builders.js';
import { aReplicaPod, drainOf } from '../../test/drain-builders.js';
import type { Pod } from '../model/pod.js';
import { terminalPod } from './terminal-pod.js';

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
});
