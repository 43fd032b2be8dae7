import { isRecord } from './json.js';
import { nameOf, namespaceOf, type KubeObject, type ObjectRef } from './kube-object.js';

/**
 * fix-pdb's backup file and the plain data its planning (src/fix) hands the write path (src/cluster): the write
 * path imports these types and no module of src/fix. src/fix decides; src/cluster reads, compares and writes.
 */

/** A JSON object as it goes into a request body or a backup file. */
export type JsonRecord = Readonly<Record<string, unknown>>;

/** JSON with sorted keys, so that two objects compare equal whatever order their fields came in. */
export const canonical = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isRecord(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((field) => `${JSON.stringify(field)}:${canonical(value[field])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
};

/** An object as fix-pdb keeps it in its backup file: everything a client may write back, as plain JSON. */
export type BackupObject = KubeObject & JsonRecord;

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

/**
 * Who the object belongs to: its labels and owner references, which decide whether a budget is a user's or an
 * operator's (facts/budget-owner budgetOperator) and which change without bumping metadata.generation.
 */
export const ownershipOf = (object: KubeObject): string =>
  canonical({ labels: object.metadata?.labels ?? {}, ownerReferences: object.metadata?.ownerReferences ?? [] });

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
 * fields of policy/v1 PodDisruptionBudgetSpec (k8s.io/api: policy/v1/types.go). Takes backupOf's output. fix-pdb
 * deletes only such a budget, and `--restore` creates again only such a budget.
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

/** The kinds fix-pdb writes, and so the only kinds `--restore` accepts from a file (with their plurals). */
export const RESTORABLE_KINDS: Readonly<
  Record<string, { readonly plural: string; readonly group: string; readonly apiVersion: string }>
> = {
  PodDisruptionBudget: { plural: 'poddisruptionbudgets', group: 'policy', apiVersion: 'policy/v1' },
  KubeVirt: { plural: 'kubevirts', group: 'kubevirt.io', apiVersion: 'kubevirt.io/v1' },
};

/**
 * One write of fix-pdb's plan as the write path takes it (src/fix/fix-types.ts FixAction is one): the object and
 * what it must still be, read again just before the write, for the write to go ahead.
 */
export interface PlannedWriteBase {
  readonly object: ObjectRef;
  /** What it changes, one line (`spec.minAvailable: 3 → 1 (…)`). */
  readonly change: string;
  /** The object's metadata.resourceVersion when planned: the write's precondition, so a concurrent change is kept. */
  readonly expectedResourceVersion?: string;
  /**
   * The object's metadata.generation when planned: a later resourceVersion with the same generation is a status
   * update (the disruption controller's), not an edit, and does not void the plan.
   */
  readonly expectedGeneration?: number;
  /** The object's metadata.uid when planned: one deleted and created again since is another object. */
  readonly expectedUid?: string;
  /** Its labels and owner references when planned (ownershipOf): who manages a budget decides the plan. */
  readonly expectedOwnership: string;
}

export type PlannedWrite =
  | (PlannedWriteBase & {
      readonly kind: 'merge-patch';
      readonly resource: 'kubevirts' | 'podDisruptionBudgets';
      readonly patch: JsonRecord;
    })
  | (PlannedWriteBase & { readonly kind: 'delete'; readonly resource: 'podDisruptionBudgets' });

export const BACKUP_API_VERSION = 'harvester-upgrade.kubectl/v1alpha1';
export const BACKUP_KIND = 'FixPdbBackup';

/** What fix-pdb's own write left on the object: the response's resourceVersion and generation. */
export interface AppliedWrite {
  readonly resourceVersion?: string;
  readonly generation?: number;
  /** The object's identity: one deleted and created again since has another uid, whatever its generation. */
  readonly uid?: string;
}

/** One write fix-pdb meant to make (recorded before it is sent), and what the API server answered (after). */
export interface WriteRecord {
  readonly key: string;
  readonly action: 'merge-patch' | 'delete';
  readonly patch?: JsonRecord;
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

/**
 * What `--restore` is given: the checked backup document, and the pure decision (src/fix/backup.ts restorePlan
 * over the document's journal) of how to treat each backed-up object given it as it is now (missing ones are gone).
 * The write path reads the objects, asks, and sends the writes the steps name; on a 409 it reads and asks again.
 */
export interface BackupToRestore {
  readonly document: BackupDocument;
  readonly plan: (backups: readonly BackupObject[], current: readonly KubeObject[]) => readonly RestoreStep[];
}

// What fix-pdb's writes came to: the write path (src/cluster/fix-writes.ts) reports it, results put it in a document.

/** `unknown`: the connection dropped while the write was under way; the backup covers it either way. */
export type ActionResult = 'applied' | 'not-applied' | 'unknown';

export interface ActionOutcome {
  readonly object: ObjectRef;
  readonly action: PlannedWrite['kind'];
  readonly result: ActionResult;
  readonly message: string;
}

export interface ApplyResult {
  /** Undefined when Ctrl-C stopped the run before the backup was written: nothing was changed. */
  readonly backupFile?: string;
  readonly context: string;
  readonly outcomes: readonly ActionOutcome[];
  /** Why the writes stopped before the last one (a conflict, a refusal, Ctrl-C); undefined when all went through. */
  readonly stopped?: string;
}

export interface RestoreResultStep {
  readonly object: ObjectRef;
  readonly outcome: RestoreOutcome;
  /** `done` once the write went through (or nothing had to be written), `skipped` for `changed-since`, `failed`. */
  readonly result: 'done' | 'skipped' | 'failed';
  readonly message: string;
}

export interface RestoreResult {
  readonly context: string;
  readonly steps: readonly RestoreResultStep[];
}
