import { aTightPdb } from '../../test/drain-builders.js';
import { aServedBudgetWithMetadata, served } from '../../test/fix-builders.js';
import { backupOf, notRecreatable } from './backup.js';

const budget = aServedBudgetWithMetadata;

describe('backupOf', () => {
  it('keeps the whole object minus status and the metadata the server sets', () => {
    expect(backupOf(budget())).toEqual({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: {
        name: 'web',
        namespace: 'default',
        labels: {},
        finalizers: ['example.com/keep'],
        annotations: { owner: 'team-a' },
      },
      spec: { minAvailable: 2, selector: { matchLabels: { app: 'web' } } },
    });
  });

  it('is a copy: changing the backup leaves the object alone', () => {
    const original = budget();
    const copy = backupOf(original) as { spec: { minAvailable: number } };
    copy.spec.minAvailable = 9;
    expect(original.spec?.minAvailable).toBe(2);
  });
});

describe('notRecreatable', () => {
  it('passes a plain policy/v1 budget', () => {
    expect(notRecreatable(backupOf(served(aTightPdb('web', 'web'), '812', 4)))).toBeUndefined();
  });

  it('names what --restore could not create again exactly', () => {
    expect(notRecreatable(backupOf(budget()))).toBe('metadata.finalizers');
    const plain = backupOf(served(aTightPdb('web', 'web'), '812', 4));
    expect(notRecreatable({ ...plain, apiVersion: 'policy/v1beta1' })).toBe('a PodDisruptionBudget');
    expect(notRecreatable({ ...plain, spec: { selector: {}, extra: 1 } })).toBe('spec.extra');
    expect(notRecreatable({ ...plain, spec: undefined })).toBe('no spec');
    expect(notRecreatable({ ...plain, extra: 1 })).toBe('extra');
  });
});
