import { aTightPdb } from '../../test/drain-builders.js';
import { aServedBudgetWithMetadata, served, withSpec } from '../../test/fix-builders.js';
import { aKubeVirt } from '../../test/kubevirt-builders.js';
import type { KubeObject } from '../model/kube-object.js';
import { backupOf, objectKey, type AppliedWrite } from '../model/backup.js';
import { NO_JOURNAL, restorePlan, type RestoreJournal } from './backup.js';
import type { MergePatch } from './fix-types.js';

const budget = aServedBudgetWithMetadata;

/** A budget as fix-pdb deletes it: no finalizers or owner references. */
const plainBudget = () => served(aTightPdb('web', 'web'), '812', 4);

const uidOf = (object: KubeObject): string => object.metadata?.uid ?? '';

/** fix-pdb's journal of a merge patch of `object` (the uid it read before the write) and the server's answer. */
const patchedBy = (object: KubeObject, patch: MergePatch, write: AppliedWrite = {}): RestoreJournal => ({
  ...NO_JOURNAL,
  applied: new Map([[objectKey(object), write]]),
  intended: new Map([[objectKey(object), patch]]),
  uids: new Map([[objectKey(object), uidOf(object)]]),
});

const deletedByFix = (object: KubeObject): RestoreJournal => ({
  ...NO_JOURNAL,
  deleted: new Set([objectKey(object)]),
  uids: new Map([[objectKey(object), uidOf(object)]]),
});

const RELAX = { spec: { minAvailable: 1 } };
const PLACEMENT = { spec: { infra: { nodePlacement: {} } } };

describe('restorePlan', () => {
  it('round-trips: the backup of an object against the same object is identical', () => {
    for (const object of [budget(), served(aKubeVirt(), 'kv-41')]) {
      expect(restorePlan([backupOf(object)], [object], NO_JOURNAL)).toEqual([
        expect.objectContaining({ outcome: 'identical', backup: backupOf(object) }),
      ]);
    }
  });

  it('recreates what fix-pdb deleted, whole', () => {
    const original = plainBudget();
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

  it('reverts a relaxed budget still as fix-pdb left it, whatever status writes came since', () => {
    const original = budget();
    const patched = served(withSpec(original, { minAvailable: 1 }), '901', 5);
    const [byVersion] = restorePlan(
      [backupOf(original)],
      [patched],
      patchedBy(patched, RELAX, { resourceVersion: '901' }),
    );
    expect(byVersion).toEqual({
      object: { kind: 'PodDisruptionBudget', namespace: 'default', name: 'web' },
      outcome: 'revert',
      backup: backupOf(original),
      reason: 'still as fix-pdb left it: its content is written back from the backup',
      expectedResourceVersion: '901',
      replacement: { ...backupOf(original), metadata: { ...backupOf(patched).metadata, resourceVersion: '901' } },
    });
    // The disruption controller wrote status since: a new resourceVersion, the same spec.
    const statusWritten = served(patched, '917', 5);
    expect(
      restorePlan([backupOf(original)], [statusWritten], patchedBy(patched, RELAX, { resourceVersion: '901' }))[0],
    ).toEqual(expect.objectContaining({ outcome: 'revert', expectedResourceVersion: '917' }));
  });

  it('reports, and never overwrites, what someone changed since, or what fix-pdb never wrote', () => {
    const original = budget();
    const theirs = served(withSpec(original, { minAvailable: 0 }), '950', 6);
    const [changed] = restorePlan(
      [backupOf(original)],
      [theirs],
      patchedBy(theirs, RELAX, { resourceVersion: '901', generation: 5 }),
    );
    expect(changed).toEqual(
      expect.objectContaining({
        outcome: 'changed-since',
        reason:
          'changed by someone else since fix-pdb wrote it (resourceVersion 901, now 950): the live object does not match what fix-pdb changed; left as it is, compare it with the backup',
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
    const original = plainBudget();
    const kubevirt = served(aKubeVirt(), 'kv-41');
    const backups = [backupOf(original), backupOf(kubevirt)];
    const patchedKubeVirt = served(withSpec(kubevirt, { infra: { nodePlacement: {} } }), 'kv-50', 2);
    const journal = patchedBy(patchedKubeVirt, PLACEMENT, { resourceVersion: 'kv-50' });
    const first = restorePlan(backups, [patchedKubeVirt], {
      ...journal,
      deleted: new Set([objectKey(original)]),
      uids: new Map([...journal.uids, [objectKey(original), uidOf(original)]]),
    });
    expect(first.map((step) => step.outcome)).toEqual(['recreate', 'revert']);
    const restored = first.map((step) => step.replacement ?? step.backup);
    expect(restorePlan(backups, restored, NO_JOURNAL).map((step) => step.outcome)).toEqual(['identical', 'identical']);
  });

  it('reverts after a crash between the write and its record: the object is exactly the backup under the patch', () => {
    const original = budget();
    const intended: RestoreJournal = { ...patchedBy(original, RELAX), applied: new Map() };
    const crashed = served(withSpec(original, { minAvailable: 1 }), '901', 5);
    expect(restorePlan([backupOf(original)], [crashed], intended)[0]).toEqual(
      expect.objectContaining({ outcome: 'revert', expectedResourceVersion: '901' }),
    );
    // Anything else is not fix-pdb's write, however close.
    const other = served(withSpec(original, { minAvailable: 0 }), '902', 5);
    expect(restorePlan([backupOf(original)], [other], intended)[0]?.outcome).toBe('changed-since');
  });

  it('never recreates what fix-pdb did not delete, nor takes an object being deleted as restored', () => {
    const original = plainBudget();
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
    const journal = patchedBy(patched, RELAX, { resourceVersion: '901', generation: 5, uid: 'uid-web' });
    expect(restorePlan([backupOf(original)], [patched], journal)[0]?.outcome).toBe('revert');
    expect(restorePlan([backupOf(original)], [recreated], journal)[0]).toEqual(
      expect.objectContaining({
        outcome: 'changed-since',
        reason:
          'the live object does not match what fix-pdb changed (its uid is another, the backup recorded uid-web): left as it is; compare it with the backup',
      }),
    );
  });
});

/** What a backup edited by someone else (a support bundle unpacked from elsewhere) must never get written. */
describe('restorePlan on a tampered backup', () => {
  const refusedRevert = (reason: string): unknown =>
    expect.objectContaining({
      outcome: 'changed-since',
      reason: `the live object does not match what fix-pdb changed (${reason}): left as it is; compare it with the backup`,
    });

  const kubevirt = served(aKubeVirt(), 'kv-41', 2);
  const patchedKubeVirt = served(withSpec(kubevirt, { infra: { nodePlacement: {} } }), 'kv-50', 3);
  const evil = {
    ...backupOf(kubevirt),
    spec: {
      ...kubevirt.spec,
      imageRegistry: 'evil.example.com/pwn',
      customizeComponents: {
        patches: [{ resourceName: 'virt-handler', resourceType: 'DaemonSet', patch: '{"spec":{"hostPID":true}}' }],
      },
    },
  };

  it('never writes a KubeVirt spec that differs from the live one outside the fields of the patch', () => {
    // The generation alone (small and guessable) once sufficed.
    const byGeneration = { ...patchedBy(patchedKubeVirt, PLACEMENT, { generation: 3 }), intended: new Map() };
    expect(restorePlan([evil], [patchedKubeVirt], byGeneration)[0]).toEqual(
      refusedRevert('no patch fix-pdb makes is recorded for it'),
    );
    const withPatch = patchedBy(patchedKubeVirt, PLACEMENT, { generation: 3 });
    expect(restorePlan([evil], [patchedKubeVirt], withPatch)[0]).toEqual(
      refusedRevert('its content is not the backup under the recorded patch'),
    );
    // Nor when the journal's patch is edited to cover the planted fields.
    const cover = { spec: { imageRegistry: null, customizeComponents: null, infra: { nodePlacement: {} } } };
    expect(restorePlan([evil], [patchedKubeVirt], patchedBy(patchedKubeVirt, cover))[0]).toEqual(
      refusedRevert('no patch fix-pdb makes is recorded for it'),
    );
    // The real backup still reverts.
    expect(restorePlan([backupOf(kubevirt)], [patchedKubeVirt], withPatch)[0]?.outcome).toBe('revert');
  });

  it('never writes a relaxed budget whose backup differs from it outside the relaxed fields', () => {
    const original = plainBudget();
    const relaxed = served(withSpec(original, { minAvailable: 1 }), '901', 5);
    const tampered = { ...backupOf(original), spec: { minAvailable: 1, selector: {} } };
    expect(restorePlan([tampered], [relaxed], patchedBy(relaxed, RELAX))[0]).toEqual(
      refusedRevert('its content is not the backup under the recorded patch'),
    );
    const selectorPatch = { spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } } };
    expect(restorePlan([tampered], [relaxed], patchedBy(relaxed, selectorPatch))[0]).toEqual(
      refusedRevert('no patch fix-pdb makes is recorded for it'),
    );
  });

  it('refuses a revert when the backup records no uid, or another one', () => {
    const original = plainBudget();
    const relaxed = served(withSpec(original, { minAvailable: 1 }), '901', 5);
    const noUid = { ...patchedBy(relaxed, RELAX, { generation: 5 }), uids: new Map() };
    expect(restorePlan([backupOf(original)], [relaxed], noUid)[0]).toEqual(
      refusedRevert('the backup records no uid for it'),
    );
    const otherUid = { ...patchedBy(relaxed, RELAX), uids: new Map([[objectKey(relaxed), 'guessed']]) };
    expect(restorePlan([backupOf(original)], [relaxed], otherUid)[0]).toEqual(
      refusedRevert(`its uid is ${uidOf(relaxed)}, the backup recorded guessed`),
    );
  });

  const refusedRecreate = (reason: string): unknown =>
    expect.objectContaining({
      outcome: 'changed-since',
      reason: `not created again: the backup's budget is not one fix-pdb deletes (${reason}); the backup file still holds it`,
    });

  const planted = {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'block-all', namespace: 'kube-system', finalizers: ['example.com/never'] },
    spec: { minAvailable: '100%', selector: {} },
  };

  it.each([
    ['finalizers', planted, 'metadata.finalizers'],
    [
      'owner references',
      { ...planted, metadata: { name: 'block-all', namespace: 'kube-system', ownerReferences: [] } },
      'metadata.ownerReferences',
    ],
    [
      'generateName',
      { ...planted, metadata: { name: 'block-all', namespace: 'kube-system', generateName: 'x-' } },
      'metadata.generateName',
    ],
    [
      'another spec field',
      { ...backupOf(plainBudget()), spec: { minAvailable: 1, selector: {}, extra: true } },
      'spec.extra',
    ],
    ['another top-level field', { ...backupOf(plainBudget()), data: { a: 'b' } }, 'data'],
    ['a KubeVirt', backupOf(served(aKubeVirt(), 'kv-41')), 'a KubeVirt'],
  ])('refuses to recreate a budget with %s, whole', (_what, backup, reason) => {
    const journal: RestoreJournal = {
      ...NO_JOURNAL,
      deleted: new Set([objectKey(backup)]),
      uids: new Map([[objectKey(backup), 'uid-planted']]),
    };
    expect(restorePlan([backup], [], journal)[0]).toEqual(refusedRecreate(reason));
  });

  it('refuses to recreate a budget the journal does not record deleting with its uid', () => {
    const original = plainBudget();
    const noUid = { ...deletedByFix(original), uids: new Map() };
    expect(restorePlan([backupOf(original)], [], noUid)[0]).toEqual(
      refusedRecreate('the backup records no uid for its deletion'),
    );
  });
});
