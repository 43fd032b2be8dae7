import { invalidNameReason, isNamedKind } from '../model/object-name.js';
import { isRecord } from '../model/json.js';
import { objectKey, type AppliedWrite, type BackupObject, type RestoreJournal } from './backup.js';
import type { MergePatch } from './fix-types.js';

export const BACKUP_API_VERSION = 'harvester-upgrade.kubectl/v1alpha1';
export const BACKUP_KIND = 'FixPdbBackup';

/**
 * The largest backup file `--restore` reads. fix-pdb backs up the budgets of one node and the KubeVirt CR, a few
 * KB each; 16 MiB is thousands of them, and keeps `--restore /dev/zero`-style input from filling memory.
 */
export const MAX_BACKUP_BYTES = 16 * 1024 * 1024;

/** The kinds fix-pdb writes, and so the only kinds `--restore` accepts from a file (with their plurals). */
export const RESTORABLE_KINDS: Readonly<
  Record<string, { readonly plural: string; readonly group: string; readonly apiVersion: string }>
> = {
  PodDisruptionBudget: { plural: 'poddisruptionbudgets', group: 'policy', apiVersion: 'policy/v1' },
  KubeVirt: { plural: 'kubevirts', group: 'kubevirt.io', apiVersion: 'kubevirt.io/v1' },
};

/** One write fix-pdb meant to make (recorded before it is sent), and what the API server answered (after). */
export interface WriteRecord {
  readonly key: string;
  readonly action: 'merge-patch' | 'delete';
  readonly patch?: MergePatch;
  /** The object's uid as fix-pdb read it before the write: `--restore` writes back or recreates only that object. */
  readonly uid?: string;
  readonly applied?: AppliedWrite;
}

/**
 * The backup file: the whole objects before any change, then a journal of the writes. It is complete before the
 * first change, and each write is recorded before it is sent, so a crash at any point leaves a file that restores.
 */
export interface BackupDocument {
  readonly apiVersion: typeof BACKUP_API_VERSION;
  readonly kind: typeof BACKUP_KIND;
  readonly createdAt: string;
  /** Where the objects live: `--restore` refuses another cluster. */
  readonly context: string;
  readonly server: string;
  readonly objects: readonly BackupObject[];
  readonly writes: readonly WriteRecord[];
}

/** A backup file that cannot be used: the message is one line and says what to do. */
export class BackupFileProblem extends Error {}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

export const newBackupDocument = (
  objects: readonly BackupObject[],
  where: { readonly context: string; readonly server: string },
  now: Date,
): BackupDocument => ({
  apiVersion: BACKUP_API_VERSION,
  kind: BACKUP_KIND,
  createdAt: now.toISOString(),
  context: where.context,
  server: where.server,
  objects,
  writes: [],
});

/** The document with one more write recorded as intended. */
export const withIntent = (document: BackupDocument, record: Omit<WriteRecord, 'applied'>): BackupDocument => ({
  ...document,
  writes: [...document.writes, record],
});

/** The document with the answer to the last intended write of `key` recorded. */
export const withApplied = (document: BackupDocument, key: string, applied: AppliedWrite): BackupDocument => {
  const index = document.writes.map((write) => write.key).lastIndexOf(key);
  return {
    ...document,
    writes: document.writes.map((write, position) => (position === index ? { ...write, applied } : write)),
  };
};

/**
 * The journal as `--restore` reads it. A delete's answer is a Status, not the object (the PDB store does not return
 * deleted objects), so only the intent to delete matters for it.
 */
export const journalOf = (document: BackupDocument): RestoreJournal => ({
  applied: new Map(
    document.writes.flatMap((write) =>
      write.applied && write.action === 'merge-patch' ? [[write.key, write.applied] as const] : [],
    ),
  ),
  intended: new Map(document.writes.flatMap((write) => (write.patch ? [[write.key, write.patch] as const] : []))),
  deleted: new Set(document.writes.filter((write) => write.action === 'delete').map((write) => write.key)),
  uids: new Map(document.writes.flatMap((write) => recordedUid(write))),
});

/**
 * The uid a write record holds: the one read before the write, or the server's answer (backups written before
 * the intent carried it). Two that disagree make the record useless: no uid, and `--restore` refuses the object.
 */
const recordedUid = (write: WriteRecord): [[string, string]] | [] => {
  const answered = write.applied?.uid;
  if (write.uid !== undefined && answered !== undefined && answered !== write.uid) return [];
  const uid = write.uid ?? answered;
  return uid === undefined ? [] : [[write.key, uid]];
};

const fail = (file: string, why: string): never => {
  throw new BackupFileProblem(`${file} is not a fix-pdb backup: ${why}; pass the file fix-pdb --yes printed`);
};

/**
 * Reads a backup file, refusing anything fix-pdb did not write: another kind of document, objects of kinds it never
 * changes (so a hand-edited file cannot make `--restore` write arbitrary objects), or journal entries for objects
 * it does not hold.
 */
export const parseBackupDocument = (file: string, content: string): BackupDocument => {
  let parsed: unknown;
  try {
    // A byte order mark (an editor on Windows) is not part of the JSON.
    parsed = JSON.parse(content.startsWith('\uFEFF') ? content.slice(1) : content);
  } catch (error) {
    return fail(file, `invalid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isRecord(parsed)) return fail(file, 'not a JSON object');
  if (parsed.apiVersion !== BACKUP_API_VERSION || parsed.kind !== BACKUP_KIND) {
    return fail(file, `expected apiVersion ${BACKUP_API_VERSION}, kind ${BACKUP_KIND}`);
  }
  const context = text(parsed.context) ?? fail(file, 'no context');
  const server = text(parsed.server) ?? fail(file, 'no server');
  const createdAt = text(parsed.createdAt) ?? fail(file, 'no createdAt');
  if (!Array.isArray(parsed.objects) || !Array.isArray(parsed.writes)) return fail(file, 'no objects or writes');
  const objects = (parsed.objects as unknown[]).map((object, index): BackupObject => {
    if (!isRecord(object)) return fail(file, `objects[${String(index)}] is not an object`);
    const kind = text(object.kind) ?? '';
    const known = RESTORABLE_KINDS[kind];
    if (!known) return fail(file, `objects[${String(index)}] is a ${kind || 'kindless object'}`);
    // The apiVersion becomes part of the request path: only the one fix-pdb writes is accepted.
    if (object.apiVersion !== known.apiVersion) {
      return fail(file, `objects[${String(index)}] is not ${known.apiVersion} ${kind}`);
    }
    const metadata = isRecord(object.metadata) ? object.metadata : {};
    const name = text(metadata.name) ?? fail(file, `objects[${String(index)}] has no name`);
    const namespace = text(metadata.namespace) ?? fail(file, `objects[${String(index)}] has no namespace`);
    // The name and namespace become request paths, and the restore's POST goes to the namespace: names the API
    // server would never hold (`..`, `a/b`) are refused with the whole file, before anything is sent.
    const badName = isNamedKind(kind) ? invalidNameReason(kind, name) : `no name rule for ${kind}`;
    if (badName !== undefined) return fail(file, `objects[${String(index)}] has an invalid name: ${badName}`);
    const badNamespace = invalidNameReason('Namespace', namespace);
    if (badNamespace !== undefined) {
      return fail(file, `objects[${String(index)}] has an invalid namespace: ${badNamespace}`);
    }
    return object;
  });
  const keys = new Set(objects.map(objectKey));
  const writes = (parsed.writes as unknown[]).map((write, index): WriteRecord => {
    if (!isRecord(write) || typeof write.key !== 'string' || !keys.has(write.key)) {
      return fail(file, `writes[${String(index)}] names no backed-up object`);
    }
    if (write.action !== 'merge-patch' && write.action !== 'delete') {
      return fail(file, `writes[${String(index)}] has an unknown action`);
    }
    if (write.patch !== undefined && !isRecord(write.patch)) return fail(file, `writes[${String(index)}].patch`);
    const applied = isRecord(write.applied) ? write.applied : undefined;
    return {
      key: write.key,
      action: write.action,
      ...(write.patch === undefined ? {} : { patch: write.patch as MergePatch }),
      ...(text(write.uid) === undefined ? {} : { uid: text(write.uid) }),
      ...(applied
        ? {
            applied: {
              ...(typeof applied.resourceVersion === 'string' ? { resourceVersion: applied.resourceVersion } : {}),
              ...(typeof applied.generation === 'number' ? { generation: applied.generation } : {}),
              ...(typeof applied.uid === 'string' ? { uid: applied.uid } : {}),
            },
          }
        : {}),
    };
  });
  return { apiVersion: BACKUP_API_VERSION, kind: BACKUP_KIND, createdAt, context, server, objects, writes };
};
