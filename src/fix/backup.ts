import {
  backupOf,
  canonical,
  notRecreatable,
  objectKey,
  type AppliedWrite,
  type BackupObject,
  type JsonRecord,
  type RestoreStep,
} from '../model/backup.js';
import { nameOf, namespaceOf, type KubeObject, type ObjectRef } from '../model/kube-object.js';
import { isRecord } from '../model/json.js';
import type { MergePatch } from './fix-types.js';
import { applyMergePatch } from './merge-patch.js';

/** plan-fix records each action's ownership with the same function the write path checks it with. */
export { ownershipOf } from '../model/backup.js';

/** What the backup's journal says fix-pdb did, by objectKey. */
export interface RestoreJournal {
  /** The server's answer to each write that completed. */
  readonly applied: ReadonlyMap<string, AppliedWrite>;
  /** The patch each merge-patch write meant to send (recorded before sending it). */
  readonly intended: ReadonlyMap<string, JsonRecord>;
  /** The objects fix-pdb meant to delete: the only ones `--restore` creates again. */
  readonly deleted: ReadonlySet<string>;
  /**
   * The uid of each object fix-pdb wrote, as it read it before the write: `--restore` writes back only that object,
   * and recreates only a budget whose deletion the journal records with it.
   */
  readonly uids: ReadonlyMap<string, string>;
}

export const NO_JOURNAL: RestoreJournal = {
  applied: new Map(),
  intended: new Map(),
  deleted: new Set(),
  uids: new Map(),
};

/**
 * What fix-pdb changes: the object's content outside metadata (a budget's or KubeVirt's spec). Labels and
 * annotations are left out because operators write there and fix-pdb never does.
 */
const content = (object: KubeObject): string => {
  const backup = backupOf(object);
  return canonical(Object.fromEntries(Object.entries(backup).filter(([field]) => field !== 'metadata')));
};

const refOfBackup = (object: KubeObject): ObjectRef => {
  const namespace = namespaceOf(object);
  return { kind: object.kind ?? '', name: nameOf(object), ...(namespace ? { namespace } : {}) };
};

const PDB_PATCH_FIELDS: ReadonlySet<string> = new Set(['minAvailable', 'maxUnavailable', 'unhealthyPodEvictionPolicy']);

/** An IntOrString, or null (the field removed): the values fix-pdb's relaxation patches hold. */
const isIntOrStringOrNull = (value: unknown): boolean =>
  value === null || typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value));

/**
 * Whether `patch` is one fix-pdb makes for an object of `kind` (src/fix/plan-fix.ts, src/fix/relax-budget.ts): the
 * KubeVirt placement patch exactly, or a budget's minAvailable / maxUnavailable / unhealthyPodEvictionPolicy. A
 * revert writes back only what the recorded patch covers, so a patch edited to cover other fields is refused.
 */
export const isFixPdbPatch = (kind: string, patch: JsonRecord): patch is MergePatch => {
  if (kind === 'KubeVirt') return canonical(patch) === canonical({ spec: { infra: { nodePlacement: {} } } });
  if (kind !== 'PodDisruptionBudget') return false;
  const spec = patch.spec;
  return (
    Object.keys(patch).length === 1 &&
    isRecord(spec) &&
    Object.keys(spec).length > 0 &&
    Object.entries(spec).every(([field, value]) => PDB_PATCH_FIELDS.has(field) && isIntOrStringOrNull(value))
  );
};

const KEEP = 'left as it is; compare it with the backup';

/**
 * Why the live object is not the one fix-pdb wrote, or undefined when it is: its uid is the one the journal
 * recorded before the write (a missing uid is refused: it is the object's identity, and an object deleted and
 * created again starts over at generation 1, so the generation proves nothing), the recorded patch is one fix-pdb
 * makes (isFixPdbPatch), and its content is exactly the backup under that patch (applyMergePatch, compared
 * canonically). So the only fields a revert writes back are the ones fix-pdb's patch changed; status writes since
 * (the disruption controller rewrites a budget's status right after a patch) do not matter.
 */
const notAsFixPdbLeftIt = (
  found: KubeObject,
  backup: BackupObject,
  key: string,
  journal: RestoreJournal,
): string | undefined => {
  const uid = journal.uids.get(key);
  if (uid === undefined) return 'the backup records no uid for it';
  const liveUid = found.metadata?.uid ?? 'unknown';
  if (liveUid !== uid) return `its uid is ${liveUid}, the backup recorded ${uid}`;
  const patch = journal.intended.get(key);
  if (patch === undefined || !isFixPdbPatch(backup.kind ?? '', patch))
    return 'no patch fix-pdb makes is recorded for it';
  const patched = applyMergePatch(backup, patch);
  if (!isRecord(patched) || content(found) !== content(patched)) {
    return 'its content is not the backup under the recorded patch';
  }
  return undefined;
};

/** An object the restore leaves alone, and why: reported, never written. */
const kept = (object: ObjectRef, backup: BackupObject, reason: string): RestoreStep => ({
  object,
  outcome: 'changed-since',
  backup,
  reason,
});

/** A backed-up object that is gone: created again only when fix-pdb deleted it, with its uid, and it is plain. */
const whenGone = (object: ObjectRef, backup: BackupObject, key: string, journal: RestoreJournal): RestoreStep => {
  if (!journal.deleted.has(key)) {
    return kept(
      object,
      backup,
      'deleted by someone else (fix-pdb only patched it): left as it is; the backup file still holds it',
    );
  }
  const shape = journal.uids.has(key) ? notRecreatable(backup) : 'the backup records no uid for its deletion';
  return shape === undefined
    ? { object, outcome: 'recreate', backup, reason: 'gone: created again from the backup' }
    : kept(
        object,
        backup,
        `not created again: the backup's budget is not one fix-pdb deletes (${shape}); the backup file still holds it`,
      );
};

/** A backed-up object that differs from its backup: written back only when it is exactly as fix-pdb left it. */
const whenChanged = (
  found: KubeObject,
  object: ObjectRef,
  backup: BackupObject,
  key: string,
  journal: RestoreJournal,
): RestoreStep => {
  const version = found.metadata?.resourceVersion;
  const write = journal.applied.get(key);
  if (!journal.intended.has(key) && !journal.uids.has(key) && write === undefined) {
    return kept(object, backup, `differs from the backup although fix-pdb did not change it: ${KEEP}`);
  }
  const mismatch = notAsFixPdbLeftIt(found, backup, key, journal);
  if (mismatch === undefined) {
    const metadata = { ...backupOf(found).metadata, ...(version ? { resourceVersion: version } : {}) };
    return {
      object,
      outcome: 'revert',
      backup,
      reason: 'still as fix-pdb left it: its content is written back from the backup',
      ...(version ? { expectedResourceVersion: version } : {}),
      replacement: { ...backup, metadata },
    };
  }
  // The common case, the live spec edited since fix-pdb's write, keeps the words that say so.
  const edited =
    mismatch === 'its content is not the backup under the recorded patch' &&
    write?.resourceVersion !== undefined &&
    write.resourceVersion !== version;
  return kept(
    object,
    backup,
    edited
      ? `changed by someone else since fix-pdb wrote it (resourceVersion ${write.resourceVersion}, now ${version ?? 'unknown'}): the live object does not match what fix-pdb changed; left as it is, compare it with the backup`
      : `the live object does not match what fix-pdb changed (${mismatch}): ${KEEP}`,
  );
};

/**
 * How `--restore` treats each backed-up object, given the objects as they are now (missing ones are gone) and the
 * journal of fix-pdb's writes: `identical` (skip: content as backed up, which makes restore idempotent), `recreate`
 * (gone, the journal records that fix-pdb deleted it with its uid, and it has the shape of a budget fix-pdb
 * deletes), `revert` (differs, and is exactly as fix-pdb's recorded patch left the backup, with the recorded uid,
 * which covers a crash between the write and its record), `changed-since` (deleted or changed by someone else,
 * changed without fix-pdb, a backup that does not match what fix-pdb did, or still being deleted: reported, never
 * written). The backup file is not trusted: one edited by someone else can only write back fields fix-pdb changed.
 * Pure.
 */
export const restorePlan = (
  backups: readonly KubeObject[],
  current: readonly KubeObject[],
  journal: RestoreJournal,
): RestoreStep[] => {
  const now = new Map(current.map((object) => [objectKey(object), object]));
  return backups.map((original): RestoreStep => {
    const backup = backupOf(original);
    const object = refOfBackup(original);
    const key = objectKey(original);
    const found = now.get(key);
    if (!found) return whenGone(object, backup, key, journal);
    // A finalizer keeps a deleted object around until its controller lets go: it is not there to stay.
    if (found.metadata?.deletionTimestamp) {
      return kept(object, backup, 'being deleted (it has finalizers): run --restore again once it is gone');
    }
    if (content(found) === content(backup)) {
      return { object, outcome: 'identical', backup, reason: 'already as backed up: nothing to do' };
    }
    return whenChanged(found, object, backup, key, journal);
  });
};
