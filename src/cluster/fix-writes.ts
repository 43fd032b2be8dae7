import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { ObjectRef, KubeObject } from '../model/kube-object.js';
import { nameOf, namespaceOf, refName } from '../model/kube-object.js';
import {
  BackupFileProblem,
  backupOf,
  newBackupDocument,
  notRecreatable,
  objectKey,
  ownershipOf,
  RESTORABLE_KINDS,
  withApplied,
  withIntent,
  type BackupDocument,
  type BackupObject,
  type BackupToRestore,
  type ActionOutcome,
  type ApplyResult,
  type PlannedWrite,
  type RestoreResult,
  type RestoreResultStep,
  type RestoreStep,
} from '../model/backup.js';
import { isNamedKind, quotedName } from '../model/object-name.js';
import { sleep } from '../model/sleep.js';
import { InvalidObjectName, resourcePath } from './api-path.js';
import { FileProblem, readRegularFileSync } from './bounded-read.js';
import { writeFileDurably } from './durable-file.js';
import { ClusterError } from './errors.js';
import { statusMessage, type KubeClient, type KubeResponse, type RequestOptions } from './kube-client.js';
import { connect, UsageProblem, type SnapshotSourceOptions } from './read-snapshot.js';

/** What fix-pdb's writes call out to: a test-only step hook, and whether Ctrl-C asked it to stop. */
export interface FixHooks {
  /**
   * Called at each named step: `dry-run-done`, `backup-written`, `before-write-1`, `after-write-1`,
   * `after-record-1`, …, `refused-write-1` before a refused write is sent again; in a restore `restore-before-1`, …
   * and `restore-refused-1`.
   */
  readonly step?: (name: string) => void;
  readonly interrupted?: () => boolean;
  /** What interrupted it, for the message: `Ctrl-C` unless told otherwise (SIGTERM). */
  readonly interruptedBy?: () => string;
}

/** How many times a write is tried again when only the object's status moved under it (409 with the same spec). */
const CONFLICT_RETRIES = 3;

/** How many times a write is sent again while the API server refuses the connection, and the first wait (doubled). */
const REFUSED_RETRIES = 3;
const REFUSED_WAIT_MS = 500;

/**
 * The largest backup file `--restore` reads. fix-pdb backs up the budgets of one node and the KubeVirt CR, a few
 * KB each; 16 MiB is thousands of them, and keeps `--restore /dev/zero`-style input from filling memory.
 */
const MAX_BACKUP_BYTES = 16 * 1024 * 1024;

const notSent = (error: unknown): error is ClusterError => error instanceof ClusterError && error.notSent;

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const errorText = (error: unknown): string => (error instanceof ClusterError ? error.oneLine() : messageOf(error));

/**
 * Sends a write (on a new connection: RequestOptions.newConnection) and, while the API server refuses the
 * connection, sends it again after 0.5, 1 and 2 s: a refused connection proves the write never reached the server,
 * as when kube-apiserver is restarting. A failure once the connection is open is thrown at once, since the server
 * may have applied the write. A write sent twice still could not apply twice: each carries a resourceVersion (and
 * for deletions a uid) precondition. client-go sends no write again after any connection error, since writes are
 * not idempotent (kubernetes/client-go: rest/request.go); a refused connection is the one error that proves the
 * first one never arrived.
 */
const sendWrite = async (send: () => Promise<KubeResponse>, beforeRetry: () => void): Promise<KubeResponse> => {
  for (let attempt = 0; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      if (!notSent(error)) throw error;
      if (attempt >= REFUSED_RETRIES) {
        const tries = `refused ${String(attempt + 1)} times in ${String((REFUSED_WAIT_MS * (2 ** attempt - 1)) / 1000)}s`;
        throw new ClusterError(error.kind, `${error.message}, ${tries}`, error.hint, undefined, false, true);
      }
      await sleep(REFUSED_WAIT_MS * 2 ** attempt);
      beforeRetry();
    }
  }
};

const refText = (object: ObjectRef): string => `${object.kind} ${refName(object)}`;

/**
 * The path of an object of a kind fix-pdb writes. Its group, version and plural come from RESTORABLE_KINDS by kind,
 * never from the object or a backup file; its namespace and name go through resourcePath's checks.
 */
const pathOf = (kind: string, namespace: string, name?: string): string => {
  const known = RESTORABLE_KINDS[kind];
  if (known === undefined || !isNamedKind(kind)) {
    throw new InvalidObjectName(`${quotedName(kind)} is not a kind fix-pdb writes`);
  }
  const version = known.apiVersion.slice(known.group.length + 1);
  return resourcePath(
    { group: known.group, version, plural: known.plural },
    namespace,
    name === undefined ? undefined : { kind, name },
  );
};

const API_KINDS: Readonly<Record<PlannedWrite['resource'], string>> = {
  podDisruptionBudgets: 'PodDisruptionBudget',
  kubevirts: 'KubeVirt',
};

const actionPath = (action: PlannedWrite): string =>
  pathOf(API_KINDS[action.resource], action.object.namespace ?? '', action.object.name);

const resourceText = (kind: string): string => {
  const known = RESTORABLE_KINDS[kind];
  return known ? `${known.plural}.${known.group}` : kind;
};

/**
 * A non-2xx answer as a one-line error: a 403 names the verb and resource the user lacks (RBAC works per verb),
 * and every error says whether anything was changed.
 */
const writeError = (
  response: KubeResponse,
  verb: string,
  object: ObjectRef,
  changed: string,
  hint = 'plan again',
): ClusterError => {
  const where = `${resourceText(object.kind)} ${refName(object)}`;
  const message = statusMessage(response.body);
  if (response.status === 403) {
    return new ClusterError(
      'forbidden',
      `forbidden: ${verb} ${where}: ${changed}`,
      `ask for '${verb}' on ${resourceText(object.kind)}${object.namespace ? ` in namespace ${object.namespace}` : ''}`,
      403,
    );
  }
  if (response.status === 404) {
    return new ClusterError('not-found', `${refText(object)} is gone since it was read: ${changed}`, hint, 404);
  }
  return new ClusterError(
    response.status === 409 ? 'conflict' : 'server',
    `${verb} ${where} answered ${String(response.status)}${message ? ` (${message})` : ''}: ${changed}`,
    hint,
    response.status,
  );
};

const ok = (response: KubeResponse): boolean => response.status >= 200 && response.status < 300;

const asObject = (body: unknown): KubeObject => (typeof body === 'object' && body !== null ? body : {});

/**
 * A budget relaxation's numbers come from the budget's status (healthy pods now), so a status change since the
 * plan voids it; a deletion or the KubeVirt placement patch does not depend on status.
 */
const dependsOnStatus = (action: PlannedWrite): boolean =>
  action.kind === 'merge-patch' && action.resource === 'podDisruptionBudgets';

/**
 * Why `object` is no longer the one the plan saw, or undefined when it still is. Another uid: deleted and created
 * again. Other labels or owner references: its manager may have changed, which decides how fix-pdb treats a budget.
 * Another generation: its spec was edited (budgets and custom resources with a status subresource bump it only for
 * spec changes: pkg/registry/policy/poddisruptionbudget/strategy.go, apiextensions-apiserver
 * pkg/registry/customresource/strategy.go). Another resourceVersion alone is a status update, which matters only
 * to actions computed from status.
 */
export const changedSincePlan = (action: PlannedWrite, object: KubeObject): string | undefined => {
  const metadata = object.metadata ?? {};
  if (action.expectedUid !== undefined && metadata.uid !== action.expectedUid) return 'was deleted and created again';
  if (ownershipOf(object) !== action.expectedOwnership) return 'has other labels or owner references';
  if (action.expectedGeneration !== undefined && metadata.generation !== action.expectedGeneration) {
    return `was edited (generation ${String(action.expectedGeneration)} → ${String(metadata.generation ?? '?')})`;
  }
  if (
    dependsOnStatus(action) &&
    action.expectedResourceVersion !== undefined &&
    metadata.resourceVersion !== action.expectedResourceVersion
  ) {
    return 'has a new status (its pods changed), on which the relaxation was computed';
  }
  return undefined;
};

/** The write of one action, as a dry run (`dryRun=All`: every admission step, nothing stored) or for real. */
const sendAction = (
  client: KubeClient,
  action: PlannedWrite,
  current: KubeObject,
  dryRun: boolean,
): Promise<KubeResponse> => {
  const resourceVersion = current.metadata?.resourceVersion;
  if (action.kind === 'merge-patch') {
    // metadata.resourceVersion in a merge patch is a precondition: 409 Conflict if the object moved on.
    return client.request(actionPath(action), {
      method: 'PATCH',
      query: dryRun ? { dryRun: 'All' } : {},
      contentType: 'application/merge-patch+json',
      body: { ...action.patch, metadata: { resourceVersion } },
      noRetry: true,
      newConnection: !dryRun,
    });
  }
  // A DELETE with a body takes its options from the body alone, query parameters included (k8s.io/apiserver
  // pkg/endpoints/handlers/delete.go): dryRun must be in the body, or the "dry run" really deletes.
  return client.request(actionPath(action), {
    method: 'DELETE',
    body: {
      apiVersion: 'v1',
      kind: 'DeleteOptions',
      preconditions: { resourceVersion, uid: current.metadata?.uid },
      ...(dryRun ? { dryRun: ['All'] } : {}),
    },
    noRetry: true,
    newConnection: !dryRun,
  });
};

/** The object as the plan saw it, read again; anything but a harmless status update stops everything. */
const readAsPlanned = async (client: KubeClient, action: PlannedWrite): Promise<KubeObject> => {
  const response = await client.request(actionPath(action));
  if (!ok(response)) throw writeError(response, 'get', action.object, 'nothing was changed');
  const object = asObject(response.body);
  const changed = changedSincePlan(action, object);
  if (changed !== undefined) {
    throw new ClusterError(
      'conflict',
      `${refText(action.object)} ${changed} since the plan was read: nothing was changed`,
      'run fix-pdb again and review the new plan',
    );
  }
  return object;
};

/** `fix-pdb-<context>-<UTC time with ms>-<random>.json`: two runs never share a file. */
const backupName = (context: string, now: Date): string => {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('.', '');
  const safe = context.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 60) || 'cluster';
  return `fix-pdb-${safe}-${stamp}-${randomBytes(3).toString('hex')}.json`;
};

/**
 * Applies a plan: reads every object again (an edit, a re-creation or a change of owner since the plan stops
 * everything), dry-runs every write on the server, writes the whole objects to a new backup file in `backupDir`
 * and fsyncs it, then makes each write with a resourceVersion precondition, recording it in the backup's journal
 * before it is sent and the server's answer after it. A failure before the backup changes nothing; after it, the
 * writes stop and the backup restores what was done.
 */
export const applyFix = async (
  options: SnapshotSourceOptions,
  actions: readonly PlannedWrite[],
  backupDir: string,
  hooks: FixHooks = {},
): Promise<ApplyResult> => {
  const client = await connect(options);
  try {
    return await applyWith(client, actions, backupDir, hooks);
  } finally {
    client.close();
  }
};

const notAttempted = (action: PlannedWrite): ActionOutcome => ({
  object: action.object,
  action: action.kind,
  result: 'not-applied',
  message: 'not attempted',
});

/** Every path is checked before the first request: a name the API server would never hold changes nothing. */
const checkActionPaths = (actions: readonly PlannedWrite[]): void => {
  for (const action of actions) {
    try {
      actionPath(action);
    } catch (error) {
      if (!(error instanceof InvalidObjectName)) throw error;
      throw new ClusterError(
        'server',
        `cannot apply the plan: ${refText(action.object)}: ${error.reason}: nothing was changed`,
        'the API server holds no such name: check what answers for it, then plan again',
      );
    }
  }
};

/**
 * A budget that --restore would refuse to create again (finalizers, owner references, fields beyond its spec) is
 * never deleted: nothing is changed without a backup that restores it exactly.
 */
const refuseUnrestorableDeletions = (actions: readonly PlannedWrite[], current: readonly KubeObject[]): void => {
  for (const [index, action] of actions.entries()) {
    const why = action.kind === 'delete' ? notRecreatable(backupOf(current[index] ?? {})) : undefined;
    if (why !== undefined) {
      throw new ClusterError(
        'conflict',
        `cannot apply the plan: ${refText(action.object)} has ${why}, so --restore could not create it again exactly: nothing was changed`,
        'relax or delete it by hand, with a copy of it (kubectl get pdb -o yaml), if it must go',
      );
    }
  }
};

/** Every write dry-run on the server first: a missing permission or a webhook's refusal stops all of them. */
const dryRunActions = async (
  client: KubeClient,
  actions: readonly PlannedWrite[],
  current: readonly KubeObject[],
): Promise<void> => {
  for (const [index, action] of actions.entries()) {
    const answer = await sendAction(client, action, current[index] ?? {}, true);
    if (!ok(answer)) {
      throw writeError(answer, verbOf(action), action.object, 'nothing was changed (server-side dry run)');
    }
  }
};

/** The backup file on disk, and the journal kept in it: each record is written and fsynced before it returns. */
interface BackupJournal {
  readonly file: string;
  readonly record: (change: (document: BackupDocument) => BackupDocument) => void;
}

/** Writes the backup of `current` to a new file, exclusively (never over another run's backup). */
const startBackup = (client: KubeClient, backupDir: string, current: readonly KubeObject[]): BackupJournal => {
  const now = new Date();
  const file = join(backupDir, backupName(client.contextName, now));
  let document = newBackupDocument(current.map(backupOf), { context: client.contextName, server: client.server }, now);
  const save = (exclusive: boolean): void => {
    writeFileDurably(file, `${JSON.stringify(document, null, 2)}\n`, { exclusive });
  };
  try {
    save(true);
  } catch (error) {
    throw new ClusterError(
      'config',
      `cannot write the backup file ${file}: ${messageOf(error)}: nothing was changed`,
      'choose a writable folder with --backup-dir',
    );
  }
  return {
    file,
    record: (change) => {
      document = change(document);
      save(false);
    },
  };
};

/** How one write ended: its outcome (none when it was not reached), and why the writes stop after it. */
interface WriteStep {
  readonly outcome?: ActionOutcome;
  readonly stopped?: string;
}

/** The write recorded as intended before it is sent, with the uid read; why not, when the file cannot take it. */
const recordIntent = (
  journal: BackupJournal,
  action: PlannedWrite,
  read: KubeObject,
  key: string,
): string | undefined => {
  try {
    const uid = read.metadata?.uid;
    journal.record((document) =>
      withIntent(document, {
        key,
        action: action.kind,
        ...(uid ? { uid } : {}),
        ...(action.kind === 'merge-patch' ? { patch: action.patch } : {}),
      }),
    );
    return undefined;
  } catch (error) {
    return `cannot record the next change in ${journal.file} (${messageOf(error)}): it was not made`;
  }
};

/** The server's answer recorded after the write; why not, when the file cannot take it. */
const recordAnswer = (journal: BackupJournal, key: string, answer: KubeResponse): string | undefined => {
  const written = asObject(answer.body).metadata ?? {};
  try {
    journal.record((document) =>
      withApplied(document, key, {
        ...(written.resourceVersion ? { resourceVersion: written.resourceVersion } : {}),
        ...(written.generation !== undefined ? { generation: written.generation } : {}),
        ...(written.uid ? { uid: written.uid } : {}),
      }),
    );
    return undefined;
  } catch (error) {
    // The intent is on disk, so the restore still recognises the object by the patch it holds.
    return `cannot record the change in ${journal.file} (${messageOf(error)}); the backup still restores it`;
  }
};

/** The write of one action, recorded in the journal before it is sent and its answer after it. */
const writeAction = async (
  client: KubeClient,
  action: PlannedWrite,
  read: KubeObject,
  journal: BackupJournal,
  number: string,
  step: (name: string) => void,
): Promise<WriteStep> => {
  const key = objectKey(read);
  const verb = verbOf(action);
  const unrecorded = recordIntent(journal, action, read, key);
  if (unrecorded !== undefined) return { outcome: notAttempted(action), stopped: unrecorded };
  step(`before-write-${number}`);
  let answer: KubeResponse;
  try {
    answer = await writeWithRetry(client, action, read, () => {
      step(`refused-write-${number}`);
    });
  } catch (error) {
    return interruptedWrite(action, verb, error);
  }
  step(`after-write-${number}`);
  if (!ok(answer)) {
    const error = writeError(answer, verb, action.object, 'not changed', 'restore what was done, or plan again');
    return {
      outcome: { object: action.object, action: action.kind, result: 'not-applied', message: error.message },
      stopped: error.oneLine(),
    };
  }
  const outcome: ActionOutcome = {
    object: action.object,
    action: action.kind,
    result: 'applied',
    message: action.change,
  };
  const stopped = recordAnswer(journal, key, answer);
  if (stopped !== undefined) return { outcome, stopped };
  step(`after-record-${number}`);
  return { outcome };
};

/** A write that threw: refused (never sent), or cut off under way (it may or may not have landed). */
const interruptedWrite = (action: PlannedWrite, verb: string, error: unknown): WriteStep => {
  const message = errorText(error);
  if (notSent(error)) {
    return {
      outcome: {
        object: action.object,
        action: action.kind,
        result: 'not-applied',
        message: 'not sent: the API server refused the connection',
      },
      stopped: `${verb} ${refText(action.object)} was not sent (${message}): it changed nothing, and the backup restores the changes before it`,
    };
  }
  // The connection dropped under the write: it may or may not have landed, and the backup (with the intent
  // recorded before sending) restores it either way.
  return {
    outcome: {
      object: action.object,
      action: action.kind,
      result: 'unknown',
      message: 'may or may not have been made',
    },
    stopped: `${verb} ${refText(action.object)} did not finish (${message}); whatever it changed is in the backup`,
  };
};

/** applyFix over a client that is already connected. */
export const applyWith = async (
  client: KubeClient,
  actions: readonly PlannedWrite[],
  backupDir: string,
  hooks: FixHooks = {},
): Promise<ApplyResult> => {
  const step = hooks.step ?? ((): void => undefined);
  const stopText = (): string => hooks.interruptedBy?.() ?? 'Ctrl-C';
  checkActionPaths(actions);
  const current: KubeObject[] = [];
  for (const action of actions) current.push(await readAsPlanned(client, action));
  refuseUnrestorableDeletions(actions, current);
  await dryRunActions(client, actions, current);
  step('dry-run-done');
  if (hooks.interrupted?.()) {
    return {
      context: client.contextName,
      outcomes: actions.map(notAttempted),
      stopped: `interrupted (${stopText()}) before any change: nothing was changed`,
    };
  }
  const journal = startBackup(client, backupDir, current);
  step('backup-written');
  const outcomes: ActionOutcome[] = [];
  let stopped: string | undefined;
  for (const [index, action] of actions.entries()) {
    if (hooks.interrupted?.()) {
      stopped = `interrupted (${stopText()}): the remaining changes were not made`;
      break;
    }
    const written = await writeAction(client, action, current[index] ?? {}, journal, String(index + 1), step);
    if (written.outcome) outcomes.push(written.outcome);
    stopped = written.stopped;
    if (stopped !== undefined) break;
  }
  return {
    backupFile: journal.file,
    context: client.contextName,
    outcomes: [...outcomes, ...actions.slice(outcomes.length).map(notAttempted)],
    ...(stopped ? { stopped } : {}),
  };
};

const verbOf = (action: PlannedWrite): string => (action.kind === 'delete' ? 'delete' : 'patch');

/**
 * Sends the write; on 409 reads the object again and, when it is still the object the plan saw and only its status
 * moved, sends it again with the new resourceVersion. Anything else is someone else's change: the 409 is returned
 * and nothing is overwritten.
 */
const writeWithRetry = async (
  client: KubeClient,
  action: PlannedWrite,
  read: KubeObject,
  beforeRefusedRetry: () => void,
): Promise<KubeResponse> => {
  let current = read;
  for (let attempt = 0; ; attempt++) {
    const answer = await sendWrite(() => sendAction(client, action, current, false), beforeRefusedRetry);
    if (answer.status !== 409 || attempt >= CONFLICT_RETRIES) return answer;
    const again = await client.request(actionPath(action));
    if (!ok(again)) return answer;
    const fresh = asObject(again.body);
    if (changedSincePlan(action, fresh) !== undefined || dependsOnStatus(action)) return answer;
    current = fresh;
  }
};

/**
 * Reads a backup file and hands its text to `parse` (src/fix/backup-file.ts backupToRestore checks it); a missing
 * or foreign file is the user's to fix (exit 2).
 */
export const readBackupFile = <T>(file: string, parse: (file: string, content: string) => T): T => {
  let content: string;
  try {
    // A regular file of bounded size only: `--restore /dev/zero` or a FIFO would otherwise be read without end.
    content = readRegularFileSync(file, MAX_BACKUP_BYTES).toString('utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new UsageProblem(
      code === 'ENOENT'
        ? `--restore ${file} does not exist: pass the backup file fix-pdb --yes printed`
        : error instanceof FileProblem
          ? `--restore ${file} ${error.message}: pass the backup file fix-pdb --yes printed`
          : `--restore ${file} cannot be read: ${messageOf(error)}`,
    );
  }
  try {
    return parse(file, content);
  } catch (error) {
    if (error instanceof BackupFileProblem) throw new UsageProblem(`--restore: ${error.message}`);
    throw error;
  }
};

const backupPath = (object: BackupObject, withName: boolean): string =>
  pathOf(object.kind ?? '', namespaceOf(object), withName ? nameOf(object) : undefined);

/** Every backed-up object as it is now; the ones that are gone are left out. */
const readCurrent = async (client: KubeClient, objects: readonly BackupObject[]): Promise<KubeObject[]> => {
  const found: KubeObject[] = [];
  for (const object of objects) {
    const response = await client.request(backupPath(object, true));
    if (response.status === 404) continue;
    if (!ok(response)) {
      throw writeError(response, 'get', refOfBackup(object), 'not restored', 'fix access and run it again');
    }
    found.push(asObject(response.body));
  }
  return found;
};

const refOfBackup = (object: KubeObject): ObjectRef => ({
  kind: object.kind ?? '',
  namespace: namespaceOf(object),
  name: nameOf(object),
});

/** The request that restores one object (a dry run, or the real write on a new connection); none to skip it. */
const restoreRequest = (step: RestoreStep, dryRun: boolean): [string, RequestOptions] | undefined => {
  const common = { query: dryRun ? { dryRun: 'All' } : {}, noRetry: true, newConnection: !dryRun };
  if (step.outcome === 'recreate') {
    return [backupPath(step.backup, false), { method: 'POST', body: step.backup, ...common }];
  }
  if (step.outcome === 'revert' && step.replacement) {
    // A PUT with metadata.resourceVersion is a compare-and-swap: the whole backed-up content, or 409.
    return [backupPath(step.backup, true), { method: 'PUT', body: step.replacement, ...common }];
  }
  return undefined;
};

const restoredText = (step: RestoreStep): string =>
  step.outcome === 'recreate' ? 'created again from the backup' : 'written back from the backup';

/** One object's restore: the write, and on 409 (a status update, an operator's re-creation) a fresh look. */
const restoreOne = async (
  client: KubeClient,
  planned: RestoreStep,
  restore: BackupToRestore,
  beforeRefusedRetry: () => void,
): Promise<RestoreResultStep> => {
  let step = planned;
  for (let attempt = 0; ; attempt++) {
    const request = restoreRequest(step, false);
    if (request === undefined) {
      const result = step.outcome === 'changed-since' ? 'skipped' : 'done';
      return { object: step.object, outcome: step.outcome, result, message: step.reason };
    }
    const answer = await sendWrite(() => client.request(...request), beforeRefusedRetry);
    if (ok(answer)) return { object: step.object, outcome: step.outcome, result: 'done', message: restoredText(step) };
    if (answer.status === 409 && attempt < CONFLICT_RETRIES) {
      const [again] = restore.plan([step.backup], await readCurrent(client, [step.backup]));
      if (again) {
        checkPlan(restore.document, [again]);
        step = again;
        continue;
      }
    }
    const verb = step.outcome === 'recreate' ? 'create' : 'update';
    const error = writeError(answer, verb, step.object, 'not restored');
    return { object: step.object, outcome: step.outcome, result: 'failed', message: error.message };
  }
};

/**
 * `fix-pdb --restore`: puts every backed-up object back as it was, on the cluster the backup came from. Objects
 * already as backed up are skipped (so it can run again), objects someone changed or deleted since are reported
 * and left alone, and only objects fix-pdb deleted are created again. Every write is dry-run first, so a missing
 * permission stops it before anything is written; a failure on one object does not hide the others' results.
 */
export const restoreFix = async (
  options: SnapshotSourceOptions,
  restore: BackupToRestore,
  file: string,
  hooks: Pick<FixHooks, 'step'> = {},
): Promise<RestoreResult> => {
  const client = await connect(options);
  try {
    return await restoreWith(client, restore, file, hooks);
  } finally {
    client.close();
  }
};

/** The backup is of this cluster, and every path it names is one the API server could hold. */
const checkRestorable = (client: KubeClient, document: BackupDocument, file: string): void => {
  if (client.server !== document.server) {
    throw new UsageProblem(
      `${file} was taken from ${document.server} (context ${document.context}), not ${client.server}: pass --context ${document.context}`,
    );
  }
  // parseBackupDocument refused such a file already; a document built any other way is checked here, before the
  // first request.
  for (const object of document.objects) {
    try {
      backupPath(object, true);
    } catch (error) {
      if (!(error instanceof InvalidObjectName)) throw error;
      throw new UsageProblem(
        `--restore: ${file} holds ${error.reason}: nothing was restored; pass the file fix-pdb --yes printed`,
      );
    }
  }
};

/**
 * The restore plan is fix's decision (src/fix/backup.ts restorePlan); the write path still refuses, before any write,
 * one that would create an object restore may not create (notRecreatable) or write an object the backup does not
 * hold, so a wrong plan can never widen what --restore touches.
 */
const checkPlan = (document: BackupDocument, plan: readonly RestoreStep[]): void => {
  const held = new Set(document.objects.map(objectKey));
  for (const step of plan) {
    const what = `${step.object.kind} ${refName(step.object)}`;
    if (!held.has(objectKey(step.backup)) || objectKey(step.backup) !== objectKey(step.replacement ?? step.backup)) {
      throw new UsageProblem(
        `--restore: refusing to restore ${what}, which the backup does not hold: nothing was restored`,
      );
    }
    const unplain = step.outcome === 'recreate' ? notRecreatable(step.backup) : undefined;
    if (unplain !== undefined) {
      throw new UsageProblem(`--restore: refusing to create ${what} again (${unplain}): nothing was restored`);
    }
  }
};

/** Every restoring write dry-run first; a 409 is left to the real write, which reads the object again. */
const dryRunRestore = async (client: KubeClient, plan: readonly RestoreStep[]): Promise<void> => {
  for (const planned of plan) {
    const request = restoreRequest(planned, true);
    const answer = request && (await client.request(...request));
    if (answer && !ok(answer) && answer.status !== 409) {
      throw writeError(
        answer,
        planned.outcome === 'recreate' ? 'create' : 'update',
        planned.object,
        'nothing was restored (server-side dry run)',
        'fix access and run it again',
      );
    }
  }
};

/** A restoring write that threw: refused (the API server is down: the others are not tried), or cut off. */
const failedRestore = (planned: RestoreStep, error: unknown): RestoreResultStep => {
  const message = errorText(error);
  const failed = { object: planned.object, outcome: planned.outcome, result: 'failed' } as const;
  return notSent(error)
    ? {
        ...failed,
        message: `not restored: the write was not sent (${message}); run --restore again once the API server answers`,
      }
    : { ...failed, message: `may or may not be restored (${message}); run --restore again: it skips what is done` };
};

/** restoreFix over a client that is already connected. */
export const restoreWith = async (
  client: KubeClient,
  restore: BackupToRestore,
  file: string,
  hooks: Pick<FixHooks, 'step'> = {},
): Promise<RestoreResult> => {
  const step = hooks.step ?? ((): void => undefined);
  const { document } = restore;
  checkRestorable(client, document, file);
  const plan = restore.plan(document.objects, await readCurrent(client, document.objects));
  checkPlan(document, plan);
  await dryRunRestore(client, plan);
  const steps: RestoreResultStep[] = [];
  // Set once a write was refused: the API server is down, and the other writes are not tried in vain.
  let unreachable: string | undefined;
  for (const [index, planned] of plan.entries()) {
    const number = String(index + 1);
    if (unreachable !== undefined) {
      steps.push({
        object: planned.object,
        outcome: planned.outcome,
        result: 'failed',
        message: `not restored: not attempted after ${unreachable}; run --restore again once it answers`,
      });
      continue;
    }
    step(`restore-before-${number}`);
    try {
      steps.push(
        await restoreOne(client, planned, restore, () => {
          step(`restore-refused-${number}`);
        }),
      );
    } catch (error) {
      if (notSent(error)) unreachable = `the API server at ${client.server} refused the connection`;
      steps.push(failedRestore(planned, error));
    }
  }
  return { context: client.contextName, steps };
};
