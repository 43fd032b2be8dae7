import { nameOf, namespaceOf, type KubeObject, type ObjectRef } from '../model/kube-object.js';
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

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

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
}

export const NO_JOURNAL: RestoreJournal = { applied: new Map(), intended: new Map(), deleted: new Set() };

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

/**
 * Whether the object is still as fix-pdb's write left it. The resourceVersion changes with every write, status
 * included (the disruption controller rewrites a budget's status right after a patch), so an unchanged generation
 * counts too: budgets and custom resources with a status subresource bump it only when their spec changes
 * (kubernetes/kubernetes: pkg/registry/policy/poddisruptionbudget/strategy.go PrepareForUpdate;
 * k8s.io/apiextensions-apiserver: pkg/registry/customresource/strategy.go). The uid must match too: an object
 * deleted and created again starts over at generation 1.
 */
const untouchedSince = (object: KubeObject, applied: AppliedWrite): boolean => {
  if (applied.uid !== undefined && object.metadata?.uid !== applied.uid) return false;
  const version = object.metadata?.resourceVersion;
  if (applied.resourceVersion !== undefined && version === applied.resourceVersion) return true;
  const generation = object.metadata?.generation;
  return applied.generation !== undefined && generation === applied.generation;
};

/**
 * How `--restore` treats each backed-up object, given the objects as they are now (missing ones are gone) and the
 * journal of fix-pdb's writes: `identical` (skip: content as backed up, which makes restore idempotent), `recreate`
 * (gone, and fix-pdb meant to delete it), `revert` (differs and is still as fix-pdb left it: same uid and
 * resourceVersion or generation as its write answered, or exactly the backup under the intended patch, which covers
 * a crash between the write and its record), `changed-since` (deleted or changed by someone else, changed without
 * fix-pdb, or still being deleted: reported, never overwritten). Pure.
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
      return journal.deleted.has(key)
        ? { object, outcome: 'recreate', backup, reason: 'gone: created again from the backup' }
        : {
            object,
            outcome: 'changed-since',
            backup,
            reason: 'deleted by someone else (fix-pdb only patched it): left as it is; the backup file still holds it',
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
    const patch = journal.intended.get(key);
    const patched = patch === undefined ? undefined : applyMergePatch(backup, patch);
    const ours = write !== undefined && untouchedSince(found, write);
    if (ours || (isRecord(patched) && content(found) === content(patched))) {
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
    return {
      object,
      outcome: 'changed-since',
      backup,
      reason: write
        ? `changed by someone else since fix-pdb wrote it (resourceVersion ${write.resourceVersion ?? 'unknown'}, now ${version ?? 'unknown'}): left as it is; compare it with the backup`
        : 'differs from the backup although fix-pdb did not change it: left as it is; compare it with the backup',
    };
  });
};
