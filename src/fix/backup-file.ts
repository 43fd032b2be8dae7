import {
  BACKUP_API_VERSION,
  BACKUP_KIND,
  BackupFileProblem,
  objectKey,
  RESTORABLE_KINDS,
  type BackupDocument,
  type BackupObject,
  type BackupToRestore,
  type WriteRecord,
} from '../model/backup.js';
import { isRecord } from '../model/json.js';
import { invalidNameReason, isNamedKind } from '../model/object-name.js';
import { restorePlan, type RestoreJournal } from './backup.js';

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

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
 * One backed-up object, or the reason the whole file is refused: only the kinds fix-pdb writes, at the apiVersion
 * it writes, with names the API server could hold.
 */
const parseObject = (file: string, object: unknown, index: number): BackupObject => {
  const at = `objects[${String(index)}]`;
  if (!isRecord(object)) return fail(file, `${at} is not an object`);
  const kind = text(object.kind) ?? '';
  const known = RESTORABLE_KINDS[kind];
  if (!known) return fail(file, `${at} is a ${kind || 'kindless object'}`);
  // The apiVersion becomes part of the request path: only the one fix-pdb writes is accepted.
  if (object.apiVersion !== known.apiVersion) return fail(file, `${at} is not ${known.apiVersion} ${kind}`);
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const name = text(metadata.name) ?? fail(file, `${at} has no name`);
  const namespace = text(metadata.namespace) ?? fail(file, `${at} has no namespace`);
  // The name and namespace become request paths, and the restore's POST goes to the namespace: names the API
  // server would never hold (`..`, `a/b`) are refused with the whole file, before anything is sent.
  const badName = isNamedKind(kind) ? invalidNameReason(kind, name) : `no name rule for ${kind}`;
  if (badName !== undefined) return fail(file, `${at} has an invalid name: ${badName}`);
  const badNamespace = invalidNameReason('Namespace', namespace);
  if (badNamespace !== undefined) return fail(file, `${at} has an invalid namespace: ${badNamespace}`);
  return object;
};

/** One journal entry, or the reason the whole file is refused: it must name a backed-up object. */
const parseWrite = (file: string, write: unknown, index: number, keys: ReadonlySet<string>): WriteRecord => {
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
    ...(write.patch === undefined ? {} : { patch: write.patch }),
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
  const objects = (parsed.objects as unknown[]).map((object, index) => parseObject(file, object, index));
  const keys = new Set(objects.map(objectKey));
  const writes = (parsed.writes as unknown[]).map((write, index) => parseWrite(file, write, index, keys));
  return { apiVersion: BACKUP_API_VERSION, kind: BACKUP_KIND, createdAt, context, server, objects, writes };
};

/** A checked document as `--restore` takes it: the document, and restorePlan over its journal. */
export const restoringFrom = (document: BackupDocument): BackupToRestore => {
  const journal = journalOf(document);
  return { document, plan: (backups, current) => restorePlan(backups, current, journal) };
};

/** A backup file's text as `--restore` takes it (src/cluster reads the file and hands the text here). */
export const backupToRestore = (file: string, content: string): BackupToRestore =>
  restoringFrom(parseBackupDocument(file, content));
