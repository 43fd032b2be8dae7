import { readFileSync } from 'node:fs';
import type { ObjectRef, KubeObject } from '../model/kube-object.js';
import { nameOf, namespaceOf } from '../model/kube-object.js';
import { backupOf, objectKey, restorePlan, type BackupObject, type RestoreOutcome } from '../fix/backup.js';
import {
  appliedWrites,
  BackupFileProblem,
  intendedPatches,
  newBackupDocument,
  parseBackupDocument,
  RESTORABLE_KINDS,
  withApplied,
  withIntent,
  type BackupDocument,
} from '../fix/backup-file.js';
import type { FixAction } from '../fix/fix-types.js';
import { writeFileDurably } from './durable-file.js';
import { ClusterError } from './errors.js';
import { statusMessage, type KubeClient, type KubeResponse } from './kube-client.js';
import { connect, UsageProblem, type SnapshotSourceOptions } from './read-snapshot.js';

/** What fix-pdb's writes call out to: a test-only step hook, and whether Ctrl-C asked it to stop. */
export interface FixHooks {
  /** Called at each named step (`dry-run-done`, `backup-written`, `before-write-1`, `after-write-1`, `after-record-1`, …). */
  readonly step?: (name: string) => void;
  readonly interrupted?: () => boolean;
}

/** `unknown`: the connection dropped while the write was under way; the backup covers it either way. */
export type ActionResult = 'applied' | 'not-applied' | 'unknown';

export interface ActionOutcome {
  readonly object: ObjectRef;
  readonly action: FixAction['kind'];
  readonly result: ActionResult;
  readonly message: string;
}

export interface ApplyResult {
  readonly backupFile: string;
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

/** How many times a write is tried again when only the object's status moved under it (409 with the same spec). */
const CONFLICT_RETRIES = 3;

const refText = (object: ObjectRef): string =>
  `${object.kind} ${object.namespace ? `${object.namespace}/` : ''}${object.name}`;

const pathOf = (apiVersion: string, kind: string, namespace: string, name?: string): string => {
  const plural = RESTORABLE_KINDS[kind]?.plural ?? '';
  const base = `/apis/${apiVersion}/namespaces/${encodeURIComponent(namespace)}/${plural}`;
  return name === undefined ? base : `${base}/${encodeURIComponent(name)}`;
};

const API_VERSIONS: Readonly<Record<FixAction['resource'], { readonly apiVersion: string; readonly kind: string }>> = {
  podDisruptionBudgets: { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' },
  kubevirts: { apiVersion: 'kubevirt.io/v1', kind: 'KubeVirt' },
};

const actionPath = (action: FixAction): string => {
  const { apiVersion, kind } = API_VERSIONS[action.resource];
  return pathOf(apiVersion, kind, action.object.namespace ?? '', action.object.name);
};

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
  const where = `${resourceText(object.kind)} ${object.namespace ? `${object.namespace}/` : ''}${object.name}`;
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

const getObject = async (client: KubeClient, path: string): Promise<KubeResponse> => client.request(path);

/** The write of one action, as a dry run (`dryRun=All`: every admission step, nothing stored) or for real. */
const sendAction = (
  client: KubeClient,
  action: FixAction,
  current: KubeObject,
  dryRun: boolean,
): Promise<KubeResponse> => {
  const resourceVersion = current.metadata?.resourceVersion;
  const query = dryRun ? { dryRun: 'All' } : {};
  if (action.kind === 'merge-patch') {
    // metadata.resourceVersion in a merge patch is a precondition: 409 Conflict if the object moved on.
    return client.request(actionPath(action), {
      method: 'PATCH',
      query,
      contentType: 'application/merge-patch+json',
      body: { ...action.patch, metadata: { resourceVersion } },
      noRetry: true,
    });
  }
  // A DELETE with a body takes its options from the body alone (dryRun in the query would be ignored and the
  // object really deleted: k8s.io/apiserver pkg/endpoints/handlers/delete.go), so dryRun goes in the body too.
  return client.request(actionPath(action), {
    method: 'DELETE',
    query,
    body: {
      apiVersion: 'v1',
      kind: 'DeleteOptions',
      preconditions: { resourceVersion, uid: current.metadata?.uid },
      ...(dryRun ? { dryRun: ['All'] } : {}),
    },
    noRetry: true,
  });
};

/**
 * The object as the plan saw it, read again. A status-only change since the plan (the disruption controller
 * rewrites a budget's status whenever its pods change) keeps the metadata.generation, and is fine; a change of the
 * spec bumps it and means someone else edited the object: nothing is changed (kubernetes:
 * pkg/registry/policy/poddisruptionbudget/strategy.go; CRDs with a status subresource behave the same).
 */
const readAsPlanned = async (client: KubeClient, action: FixAction): Promise<KubeObject> => {
  const response = await getObject(client, actionPath(action));
  if (!ok(response)) throw writeError(response, 'get', action.object, 'nothing was changed');
  const object = asObject(response.body);
  const version = object.metadata?.resourceVersion;
  const generation = object.metadata?.generation;
  if (
    action.expectedResourceVersion !== undefined &&
    version !== action.expectedResourceVersion &&
    (action.expectedGeneration === undefined || generation !== action.expectedGeneration)
  ) {
    throw new ClusterError(
      'conflict',
      `${refText(action.object)} was changed by someone else since the plan was read (generation ${String(action.expectedGeneration ?? '?')} → ${String(generation ?? '?')}): nothing was changed`,
      'run fix-pdb again and review the new plan',
    );
  }
  return object;
};

/**
 * Applies a plan: reads every object again (a concurrent edit stops everything), dry-runs every write on the
 * server, writes the whole objects to `backupFile` and fsyncs it, then makes each write with a resourceVersion
 * precondition, recording it in the backup's journal before it is sent and the server's answer after it. A
 * failure before the backup changes nothing; after it, the writes stop and the backup restores what was done.
 */
export const applyFix = async (
  options: SnapshotSourceOptions,
  actions: readonly FixAction[],
  backupFile: string,
  hooks: FixHooks = {},
): Promise<ApplyResult> => {
  const client = await connect(options);
  const step = hooks.step ?? ((): void => undefined);
  try {
    const current: KubeObject[] = [];
    for (const action of actions) current.push(await readAsPlanned(client, action));
    for (const [index, action] of actions.entries()) {
      const answer = await sendAction(client, action, current[index] ?? {}, true);
      if (!ok(answer)) {
        throw writeError(
          answer,
          action.kind === 'delete' ? 'delete' : 'patch',
          action.object,
          'nothing was changed (server-side dry run)',
        );
      }
    }
    step('dry-run-done');
    let document: BackupDocument = newBackupDocument(
      current.map(backupOf),
      { context: client.contextName, server: client.server },
      new Date(),
    );
    const save = (): void => {
      writeFileDurably(backupFile, `${JSON.stringify(document, null, 2)}\n`);
    };
    try {
      save();
    } catch (error) {
      throw new ClusterError(
        'config',
        `cannot write the backup file ${backupFile}: ${error instanceof Error ? error.message : String(error)}: nothing was changed`,
        'choose a writable folder with --backup-dir',
      );
    }
    step('backup-written');

    const outcomes: ActionOutcome[] = [];
    let stopped: string | undefined;
    for (const [index, action] of actions.entries()) {
      const number = String(index + 1);
      if (hooks.interrupted?.()) {
        stopped = 'interrupted (Ctrl-C): the remaining changes were not made';
        break;
      }
      const key = objectKey(current[index] ?? {});
      const verb = action.kind === 'delete' ? 'delete' : 'patch';
      try {
        document = withIntent(document, {
          key,
          action: action.kind,
          ...(action.kind === 'merge-patch' ? { patch: action.patch } : {}),
        });
        save();
        step(`before-write-${number}`);
        const answer = await writeWithRetry(client, action, current[index] ?? {});
        step(`after-write-${number}`);
        if (!ok(answer)) {
          const error = writeError(answer, verb, action.object, 'not changed', 'restore what was done, or plan again');
          outcomes.push({ object: action.object, action: action.kind, result: 'not-applied', message: error.message });
          stopped = error.oneLine();
          break;
        }
        const written = asObject(answer.body);
        outcomes.push({ object: action.object, action: action.kind, result: 'applied', message: action.change });
        document = withApplied(document, key, {
          ...(written.metadata?.resourceVersion ? { resourceVersion: written.metadata.resourceVersion } : {}),
          ...(written.metadata?.generation !== undefined ? { generation: written.metadata.generation } : {}),
        });
        save();
        step(`after-record-${number}`);
      } catch (error) {
        // The connection dropped or the backup file could not be updated: the write may or may not have landed,
        // and the backup (recorded before it) restores it either way.
        const message = error instanceof ClusterError ? error.oneLine() : error instanceof Error ? error.message : '';
        if (outcomes.length === index) {
          outcomes.push({
            object: action.object,
            action: action.kind,
            result: 'unknown',
            message: 'may or may not have been made',
          });
        }
        stopped = `${verb} ${refText(action.object)} did not finish (${message}); whatever it changed is in the backup`;
        break;
      }
    }
    for (const action of actions.slice(outcomes.length)) {
      outcomes.push({ object: action.object, action: action.kind, result: 'not-applied', message: 'not attempted' });
    }
    return { backupFile, context: client.contextName, outcomes, ...(stopped ? { stopped } : {}) };
  } finally {
    client.close();
  }
};

/**
 * Sends the write; on 409 reads the object again and, when only its status moved (same generation as when it was
 * read for the plan), sends it again with the new resourceVersion. A changed spec is someone else's edit: the 409 is
 * returned and nothing is overwritten.
 */
const writeWithRetry = async (client: KubeClient, action: FixAction, read: KubeObject): Promise<KubeResponse> => {
  let current = read;
  for (let attempt = 0; ; attempt++) {
    const answer = await sendAction(client, action, current, false);
    if (answer.status !== 409 || attempt >= CONFLICT_RETRIES) return answer;
    const again = await getObject(client, actionPath(action));
    if (!ok(again)) return answer;
    const fresh = asObject(again.body);
    if (fresh.metadata?.generation !== read.metadata?.generation) return answer;
    current = fresh;
  }
};

/** Reads and checks a backup file; a missing or foreign file is the user's to fix (exit 2). */
export const readBackupFile = (file: string): BackupDocument => {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new UsageProblem(
      code === 'ENOENT'
        ? `--restore ${file} does not exist: pass the backup file fix-pdb --yes printed`
        : `--restore ${file} cannot be read: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  try {
    return parseBackupDocument(file, content);
  } catch (error) {
    if (error instanceof BackupFileProblem) throw new UsageProblem(`--restore: ${error.message}`);
    throw error;
  }
};

const backupPath = (object: BackupObject, withName: boolean): string =>
  pathOf(object.apiVersion ?? '', object.kind ?? '', namespaceOf(object), withName ? nameOf(object) : undefined);

/** Every backed-up object as it is now; the ones that are gone are left out. */
const readCurrent = async (client: KubeClient, objects: readonly BackupObject[]): Promise<KubeObject[]> => {
  const found: KubeObject[] = [];
  for (const object of objects) {
    const response = await getObject(client, backupPath(object, true));
    if (response.status === 404) continue;
    if (!ok(response)) {
      throw writeError(response, 'get', refOfBackup(object), 'nothing was restored', 'fix access and run it again');
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

type PlannedStep = ReturnType<typeof restorePlan>[number];

const sendRestore = (client: KubeClient, step: PlannedStep, dryRun: boolean): Promise<KubeResponse> | undefined => {
  const query = dryRun ? { dryRun: 'All' } : {};
  if (step.outcome === 'recreate') {
    return client.request(backupPath(step.backup, false), { method: 'POST', query, body: step.backup, noRetry: true });
  }
  if (step.outcome === 'revert' && step.replacement) {
    // A PUT with metadata.resourceVersion is a compare-and-swap: the whole backed-up content, or 409.
    return client.request(backupPath(step.backup, true), {
      method: 'PUT',
      query,
      body: step.replacement,
      noRetry: true,
    });
  }
  return undefined;
};

/**
 * `fix-pdb --restore`: puts every backed-up object back as it was, on the cluster the backup came from. Objects
 * already as backed up are skipped (so it can run again), objects someone changed since fix-pdb's write are reported
 * and left alone. Every write is dry-run first, so a missing permission stops it before anything is written.
 */
export const restoreFix = async (
  options: SnapshotSourceOptions,
  document: BackupDocument,
  file: string,
): Promise<RestoreResult> => {
  const client = await connect(options);
  try {
    if (client.server !== document.server) {
      throw new UsageProblem(
        `${file} was taken from ${document.server} (context ${document.context}), not ${client.server}: pass --context ${document.context}`,
      );
    }
    const applied = appliedWrites(document);
    const intended = intendedPatches(document);
    const plan = restorePlan(document.objects, await readCurrent(client, document.objects), applied, intended);
    for (const step of plan) {
      const answer = await sendRestore(client, step, true);
      if (answer && !ok(answer) && answer.status !== 409) {
        throw writeError(
          answer,
          step.outcome === 'recreate' ? 'create' : 'update',
          step.object,
          'nothing was restored (server-side dry run)',
          'fix access and run it again',
        );
      }
    }
    const steps: RestoreResultStep[] = [];
    for (const planned of plan) {
      let step = planned;
      for (let attempt = 0; ; attempt++) {
        const answer = await sendRestore(client, step, false);
        if (answer === undefined) {
          steps.push({
            object: step.object,
            outcome: step.outcome,
            result: step.outcome === 'changed-since' ? 'skipped' : 'done',
            message: step.reason,
          });
          break;
        }
        if (ok(answer)) {
          steps.push({ object: step.object, outcome: step.outcome, result: 'done', message: restoredText(step) });
          break;
        }
        // 409: the object moved (a status update, or the operator recreated it): plan this one again.
        if (answer.status === 409 && attempt < CONFLICT_RETRIES) {
          const [again] = restorePlan([step.backup], await readCurrent(client, [step.backup]), applied, intended);
          if (again) {
            step = again;
            continue;
          }
        }
        const error = writeError(
          answer,
          step.outcome === 'recreate' ? 'create' : 'update',
          step.object,
          'not restored',
        );
        steps.push({ object: step.object, outcome: step.outcome, result: 'failed', message: error.message });
        break;
      }
    }
    return { context: client.contextName, steps };
  } finally {
    client.close();
  }
};

const restoredText = (step: PlannedStep): string =>
  step.outcome === 'recreate' ? 'created again from the backup' : 'written back from the backup';
