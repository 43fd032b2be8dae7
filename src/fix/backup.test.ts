import { aTightPdb } from '../../test/drain-builders.js';
import { served, withSpec } from '../../test/fix-builders.js';
import { aKubeVirt } from '../../test/pod-builders.js';
import type { KubeObject } from '../model/kube-object.js';
import { backupOf, NO_JOURNAL, objectKey, restorePlan, type AppliedWrite, type RestoreJournal } from './backup.js';

const budget = () => ({
  ...served(aTightPdb('web', 'web'), '812', 4),
  metadata: {
    ...served(aTightPdb('web', 'web'), '812', 4).metadata,
    finalizers: ['example.com/keep'],
    selfLink: '/apis/policy/v1/namespaces/default/poddisruptionbudgets/web',
    annotations: { owner: 'team-a' },
  },
});

const applied = (object: KubeObject, write: AppliedWrite): RestoreJournal => ({
  ...NO_JOURNAL,
  applied: new Map([[objectKey(object), write]]),
});

const deletedByFix = (object: KubeObject): RestoreJournal => ({ ...NO_JOURNAL, deleted: new Set([objectKey(object)]) });

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

describe('restorePlan', () => {
  it('round-trips: the backup of an object against the same object is identical', () => {
    for (const object of [budget(), served(aKubeVirt(), 'kv-41')]) {
      expect(restorePlan([backupOf(object)], [object], NO_JOURNAL)).toEqual([
        expect.objectContaining({ outcome: 'identical', backup: backupOf(object) }),
      ]);
    }
  });

  it('recreates what is gone, whole', () => {
    const original = budget();
    expect(restorePlan([backupOf(original)], [], deletedByFix(original))).toEqual([
      {
        object: { kind: 'PodDisruptionBudget', namespace: 'default', name: 'web' },
        outcome: 'recreate',
        backup: backupOf(original),
        reason: 'gone: created again from the backup',
      },
    ]);
  });

  it('takes a budget recreated by its operator with the same spec as identical', () => {
    const original = budget();
    const recreated = { ...served(aTightPdb('web', 'web'), '990', 1), metadata: { ...original.metadata, uid: 'new' } };
    expect(restorePlan([backupOf(original)], [recreated], NO_JOURNAL)[0]?.outcome).toBe('identical');
  });

  it('reverts what is still as fix-pdb left it, by resourceVersion or, after status writes, by generation', () => {
    const original = budget();
    const patched = served(withSpec(original, { minAvailable: 1 }), '901', 5);
    const [byVersion] = restorePlan([backupOf(original)], [patched], applied(patched, { resourceVersion: '901' }));
    expect(byVersion).toEqual({
      object: { kind: 'PodDisruptionBudget', namespace: 'default', name: 'web' },
      outcome: 'revert',
      backup: backupOf(original),
      reason: 'still as fix-pdb left it: its content is written back from the backup',
      expectedResourceVersion: '901',
      replacement: { ...backupOf(original), metadata: { ...backupOf(patched).metadata, resourceVersion: '901' } },
    });
    // The disruption controller wrote status since: a new resourceVersion, the same generation.
    const statusWritten = served(patched, '917', 5);
    const write = { resourceVersion: '901', generation: 5 };
    expect(restorePlan([backupOf(original)], [statusWritten], applied(patched, write))[0]).toEqual(
      expect.objectContaining({ outcome: 'revert', expectedResourceVersion: '917' }),
    );
  });

  it('reports, and never overwrites, what someone changed since, or what fix-pdb never wrote', () => {
    const original = budget();
    const theirs = served(withSpec(original, { minAvailable: 0 }), '950', 6);
    const [changed] = restorePlan(
      [backupOf(original)],
      [theirs],
      applied(theirs, { resourceVersion: '901', generation: 5 }),
    );
    expect(changed).toEqual(
      expect.objectContaining({
        outcome: 'changed-since',
        reason:
          'changed by someone else since fix-pdb wrote it (resourceVersion 901, now 950): left as it is; compare it with the backup',
      }),
    );
    expect(changed).not.toHaveProperty('replacement');
    expect(restorePlan([backupOf(original)], [theirs], NO_JOURNAL)[0]).toEqual(
      expect.objectContaining({
        outcome: 'changed-since',
        reason: 'differs from the backup although fix-pdb did not change it: left as it is; compare it with the backup',
      }),
    );
  });

  it('is idempotent: after a revert or recreate the same restore finds everything identical', () => {
    const original = budget();
    const kubevirt = served(aKubeVirt(), 'kv-41');
    const backups = [backupOf(original), backupOf(kubevirt)];
    const patchedKubeVirt = served(withSpec(kubevirt, { infra: { nodePlacement: {} } }), 'kv-50', 2);
    const first = restorePlan(backups, [patchedKubeVirt], {
      ...applied(patchedKubeVirt, { resourceVersion: 'kv-50' }),
      deleted: new Set([objectKey(original)]),
    });
    expect(first.map((step) => step.outcome)).toEqual(['recreate', 'revert']);
    const restored = first.map((step) => step.replacement ?? step.backup);
    expect(restorePlan(backups, restored, NO_JOURNAL).map((step) => step.outcome)).toEqual(['identical', 'identical']);
  });

  it('reverts after a crash between the write and its record: the object is exactly the backup under the patch', () => {
    const original = budget();
    const patch = { spec: { minAvailable: 1 } };
    const intended: RestoreJournal = { ...NO_JOURNAL, intended: new Map([[objectKey(original), patch]]) };
    const crashed = served(withSpec(original, { minAvailable: 1 }), '901', 5);
    expect(restorePlan([backupOf(original)], [crashed], intended)[0]).toEqual(
      expect.objectContaining({ outcome: 'revert', expectedResourceVersion: '901' }),
    );
    // Anything else is not fix-pdb's write, however close.
    const other = served(withSpec(original, { minAvailable: 0 }), '902', 5);
    expect(restorePlan([backupOf(original)], [other], intended)[0]?.outcome).toBe('changed-since');
  });

  it('never recreates what fix-pdb did not delete, nor takes an object being deleted as restored', () => {
    const original = budget();
    expect(restorePlan([backupOf(original)], [], NO_JOURNAL)[0]).toEqual(
      expect.objectContaining({
        outcome: 'changed-since',
        reason: 'deleted by someone else (fix-pdb only patched it): left as it is; the backup file still holds it',
      }),
    );
    const terminating = { ...original, metadata: { ...original.metadata, deletionTimestamp: '2026-11-22T10:00:00Z' } };
    expect(restorePlan([backupOf(original)], [terminating], deletedByFix(original))[0]?.outcome).toBe('changed-since');
  });

  it('does not take an object created again since as the one fix-pdb wrote, whatever its generation', () => {
    const original = budget();
    const patched = served(withSpec(original, { minAvailable: 1 }), '901', 5);
    const recreated = { ...patched, metadata: { ...patched.metadata, uid: 'another' } };
    const write = { resourceVersion: '901', generation: 5, uid: 'uid-web' };
    expect(restorePlan([backupOf(original)], [patched], applied(patched, write))[0]?.outcome).toBe('revert');
    expect(restorePlan([backupOf(original)], [recreated], applied(patched, write))[0]?.outcome).toBe('changed-since');
  });
});
