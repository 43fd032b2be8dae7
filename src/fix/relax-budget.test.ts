import { aPdb, snapshotOf } from '../../test/builders.js';
import { aReplicaPod, aTightPdb, withPolicy } from '../../test/drain-builders.js';
import { threeNodes } from '../../test/fix-builders.js';
import type { Pod, PodDisruptionBudget } from '../model/pod.js';
import { relaxBudget } from './relax-budget.js';

const web = (name: string, ready = true): Pod =>
  aReplicaPod(name, { labels: { app: 'web' }, ...(ready ? {} : { containers: [{ name: 'main', ready: false }] }) });

const relax = (pdb: PodDisruptionBudget, pods: Pod[], held: Pod[] = pods) =>
  relaxBudget(pdb, held, snapshotOf({ nodes: threeNodes(), pods, podDisruptionBudgets: [pdb] }));

describe('relaxBudget', () => {
  it('raises a percentage maxUnavailable that unhealthy pods used up to an integer', () => {
    const first = web('web-1');
    const pods = [first, web('web-2'), web('web-3'), web('web-4', false)];
    const pdb = aTightPdb('web', 'web', {
      maxUnavailable: '25%',
      expectedPods: 4,
      currentHealthy: 3,
      desiredHealthy: 3,
    });
    expect(relax(pdb, pods, [first])).toEqual({
      kind: 'patch',
      patch: { spec: { maxUnavailable: 2 } },
      change: 'spec.maxUnavailable: 25% → 2 (1 pod of 4 already unhealthy + 1)',
      reason:
        'maxUnavailable 25% is used up by unhealthy pods, so default/web allows 0 disruptions (3 healthy, 3 needed); maxUnavailable 2 leaves room for one eviction',
    });
  });

  it('goes past AlwaysAllow when the budget already has it', () => {
    const unready = web('web-1', false);
    const pods = [unready, web('web-2')];
    const pdb = withPolicy(aTightPdb('web', 'web'), 'AlwaysAllow');
    expect(relax(pdb, pods, [unready])).toEqual(
      expect.objectContaining({ kind: 'patch', patch: { spec: { minAvailable: 0 } } }),
    );
  });

  it('counts healthy pods itself when the budget has no status yet', () => {
    const pods = [web('web-1'), web('web-2')];
    const pdb: PodDisruptionBudget = { ...aPdb('web', { matchLabels: { app: 'web' }, minAvailable: 2 }), status: {} };
    expect(relax(pdb, pods)).toEqual(
      expect.objectContaining({ change: 'spec.minAvailable: 2 → 1 (currentHealthy 2 - 1)' }),
    );
  });

  it('refuses a number minAvailable whose budget counts no healthy pod: lowering it cannot allow an eviction', () => {
    const pods = [web('web-1')];
    const pdb = aTightPdb('web', 'web', { currentHealthy: 0 });
    expect(relax(pdb, pods)).toEqual(
      expect.objectContaining({
        kind: 'refuse',
        reason:
          'no relaxation rule fits it (minAvailable 2, 0 healthy of 2), so fix-pdb cannot tell how far to loosen it',
      }),
    );
  });
});
