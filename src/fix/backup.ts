import { nameOf, namespaceOf, type KubeObject, type ObjectRef } from '../model/kube-object.js';
import { isRecord } from '../model/json.js';
import type { MergePatch } from './fix-types.js';
import { applyMergePatch } from './merge-patch.js';

/** An object as fix-pdb keeps it in its backup file: everything a client may write back, as plain JSON. */
export type BackupObject = KubeObject & Readonly<Record<string, unknown>>;

/**
 * Metadata the API server sets and refuses or ignores on create (k8s.io/apimachinery ObjectMeta): the identity and
 * version of this incarnation, the field-manager bookkeeping, and deletion state. Finalizers, owner references,
 * labels and annotations are the object's own and stay (harvester-domain §4.7).
 */
const SERVER_SET_METADATA: ReadonlySet<string> = new Set([
  'uid',
  'resourceVersion',
  'creationTimestamp',
  'generation',
  'managedFields',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
]);

/** A deep copy as JSON has it (no undefined fields, no shared references). */
const jsonCopy = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

/**
 * The whole object minus what the server sets (status, uid, resourceVersion, creationTimestamp, generation,
 * managedFields, selfLink, deletion state): what `--restore` creates again or writes back. Take it from a fresh GET:
 * snapshot objects lack the annotations the reader drops to save memory.
 */
export const backupOf = (object: KubeObject): BackupObject => {
  const copy = jsonCopy(object);
  if (!isRecord(copy)) return {};
  const body = Object.fromEntries(Object.entries(copy).filter(([field]) => field !== 'status'));
  const metadata = copy.metadata;
  if (isRecord(metadata)) {
    body.metadata = Object.fromEntries(Object.entries(metadata).filter(([field]) => !SERVER_SET_METADATA.has(field)));
  }
  return body;
};

/** `Kind/namespace/name`: how a backup, the object now and fix-pdb's record of its writes are matched. */
export const objectKey = (object: KubeObject): string =>
  `${object.kind ?? ''}/${namespaceOf(object)}/${nameOf(object)}`;

/** What fix-pdb's own write left on the object: the response's resourceVersion and generation. */
export interface AppliedWrite {
  readonly resourceVersion?: string;
  readonly generation?: number;
  /** The object's identity: one deleted and created again since has another uid, whatever its generation. */
  readonly uid?: string;
}

/** What the backup's journal says fix-pdb did, by objectKey. */
export interface RestoreJournal {
  /** The server's answer to each write that completed. */
  readonly applied: ReadonlyMap<string, AppliedWrite>;
  /** The patch each merge-patch write meant to send (recorded before sending it). */
  readonly intended: ReadonlyMap<string, MergePatch>;
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

export type RestoreOutcome = 'identical' | 'recreate' | 'revert' | 'changed-since';

export interface RestoreStep {
  readonly object: ObjectRef;
  readonly outcome: RestoreOutcome;
  /** What to create (`recreate`) or write back (`revert`). */
  readonly backup: BackupObject;
  readonly reason: string;
  /** For `revert`: the object's resourceVersion now, the precondition of the write. */
  readonly expectedResourceVersion?: string;
  /**
   * For `revert`: the body to replace the object with (PUT): the backup's content under the object's metadata as it
   * is now, resourceVersion included so the API server refuses the write if anything changed in between.
   */
  readonly replacement?: BackupObject;
}

/** JSON with sorted keys, so that two objects compare equal whatever order their fields came in. */
const canonical = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isRecord(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((field) => `${JSON.stringify(field)}:${canonical(value[field])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
};

/**
 * Who the object belongs to: its labels and owner references, which decide whether a budget is a user's or an
 * operator's (facts/budget-owner budgetOperator) and which change without bumping metadata.generation.
 */
export const ownershipOf = (object: KubeObject): string =>
  canonical({ labels: object.metadata?.labels ?? {}, ownerReferences: object.metadata?.ownerReferences ?? [] });

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
export const isFixPdbPatch = (kind: string, patch: MergePatch): boolean => {
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

const RECREATE_TOP: ReadonlySet<string> = new Set(['apiVersion', 'kind', 'metadata', 'spec']);
const RECREATE_METADATA: ReadonlySet<string> = new Set(['name', 'namespace', 'labels', 'annotations']);
const RECREATE_SPEC: ReadonlySet<string> = new Set([
  'selector',
  'minAvailable',
  'maxUnavailable',
  'unhealthyPodEvictionPolicy',
]);

/**
 * Why `backup` is not a budget of the shape fix-pdb deletes, or undefined when it is: policy/v1
 * PodDisruptionBudget, metadata limited to name, namespace, labels and annotations (no finalizers that would keep
 * it from being deleted, no owner references that hand it to a controller, no generateName), spec limited to the
 * fields of policy/v1 PodDisruptionBudgetSpec (k8s.io/api: policy/v1/types.go). Takes backupOf's output.
 */
export const notRecreatable = (backup: BackupObject): string | undefined => {
  if (backup.kind !== 'PodDisruptionBudget' || backup.apiVersion !== 'policy/v1') {
    return `a ${typeof backup.kind === 'string' ? backup.kind : 'kindless object'}`;
  }
  const top = Object.keys(backup).find((field) => !RECREATE_TOP.has(field));
  if (top !== undefined) return top;
  const metadata = isRecord(backup.metadata) ? backup.metadata : {};
  const meta = Object.keys(metadata).find((field) => !RECREATE_METADATA.has(field));
  if (meta !== undefined) return `metadata.${meta}`;
  const spec = backup.spec;
  if (!isRecord(spec)) return 'no spec';
  const field = Object.keys(spec).find((name) => !RECREATE_SPEC.has(name));
  return field === undefined ? undefined : `spec.${field}`;
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
    if (!found) {
      if (!journal.deleted.has(key)) {
        return {
          object,
          outcome: 'changed-since',
          backup,
          reason: 'deleted by someone else (fix-pdb only patched it): left as it is; the backup file still holds it',
        };
      }
      const shape = journal.uids.has(key) ? notRecreatable(backup) : 'the backup records no uid for its deletion';
      return shape === undefined
        ? { object, outcome: 'recreate', backup, reason: 'gone: created again from the backup' }
        : {
            object,
            outcome: 'changed-since',
            backup,
            reason: `not created again: the backup's budget is not one fix-pdb deletes (${shape}); the backup file still holds it`,
          };
    }
    // A finalizer keeps a deleted object around until its controller lets go: it is not there to stay.
    if (found.metadata?.deletionTimestamp) {
      return {
        object,
        outcome: 'changed-since',
        backup,
        reason: 'being deleted (it has finalizers): run --restore again once it is gone',
      };
    }
    if (content(found) === content(backup)) {
      return { object, outcome: 'identical', backup, reason: 'already as backed up: nothing to do' };
    }
    const version = found.metadata?.resourceVersion;
    const write = journal.applied.get(key);
    if (!journal.intended.has(key) && !journal.uids.has(key) && write === undefined) {
      return {
        object,
        outcome: 'changed-since',
        backup,
        reason: `differs from the backup although fix-pdb did not change it: ${KEEP}`,
      };
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
    return {
      object,
      outcome: 'changed-since',
      backup,
      reason: edited
        ? `changed by someone else since fix-pdb wrote it (resourceVersion ${write.resourceVersion}, now ${version ?? 'unknown'}): the live object does not match what fix-pdb changed; left as it is, compare it with the backup`
        : `the live object does not match what fix-pdb changed (${mismatch}): ${KEEP}`,
    };
  });
};
