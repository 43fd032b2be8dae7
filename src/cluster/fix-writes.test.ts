import { aTightPdb } from '../../test/drain-builders.js';
import { served } from '../../test/fix-builders.js';
import { ownershipOf } from '../fix/backup.js';
import type { FixAction } from '../fix/fix-types.js';
import type { PodDisruptionBudget } from '../model/pod.js';
import { changedSincePlan } from './fix-writes.js';

const planned = served(aTightPdb('web', 'web'), '812', 4);

const action = (kind: 'delete' | 'merge-patch', pdb: PodDisruptionBudget = planned): FixAction => {
  const base = {
    resource: 'podDisruptionBudgets' as const,
    object: { kind: 'PodDisruptionBudget', namespace: 'default', name: 'web' },
    reason: '',
    change: '',
    expectedResourceVersion: pdb.metadata?.resourceVersion ?? '',
    expectedGeneration: pdb.metadata?.generation ?? 0,
    expectedUid: pdb.metadata?.uid ?? '',
    expectedOwnership: ownershipOf(pdb),
  };
  return kind === 'delete' ? { ...base, kind } : { ...base, kind, patch: { spec: { minAvailable: 1 } } };
};

const withMetadata = (metadata: object): PodDisruptionBudget => ({
  ...planned,
  metadata: { ...planned.metadata, ...metadata },
});

describe('changedSincePlan', () => {
  it('accepts the object as planned', () => {
    expect(changedSincePlan(action('delete'), planned)).toBeUndefined();
    expect(changedSincePlan(action('merge-patch'), planned)).toBeUndefined();
  });

  it('accepts a status update for a deletion, not for a relaxation computed from that status', () => {
    const statusMoved = withMetadata({ resourceVersion: '900' });
    expect(changedSincePlan(action('delete'), statusMoved)).toBeUndefined();
    expect(changedSincePlan(action('merge-patch'), statusMoved)).toBe(
      'has a new status (its pods changed), on which the relaxation was computed',
    );
  });

  it('refuses an object edited, created again, or given another owner since', () => {
    expect(changedSincePlan(action('delete'), withMetadata({ generation: 5 }))).toBe('was edited (generation 4 → 5)');
    expect(changedSincePlan(action('delete'), withMetadata({ uid: 'other', generation: 4 }))).toBe(
      'was deleted and created again',
    );
    const owned = withMetadata({
      ownerReferences: [
        { apiVersion: 'kubevirt.io/v1', kind: 'KubeVirt', name: 'kubevirt', uid: 'k', controller: true },
      ],
    });
    expect(changedSincePlan(action('delete'), owned)).toBe('has other labels or owner references');
  });
});
