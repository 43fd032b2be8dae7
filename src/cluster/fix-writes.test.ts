import { aTightPdb } from '../../test/drain-builders.js';
import { served } from '../../test/fix-builders.js';
import { restoringFrom } from '../fix/backup-file.js';
import {
  backupOf,
  newBackupDocument,
  objectKey,
  ownershipOf,
  withApplied,
  withIntent,
  type BackupObject,
  type BackupToRestore,
  type PlannedWrite,
} from '../model/backup.js';
import { refOf } from '../model/kube-object.js';
import { aKubeVirt } from '../../test/kubevirt-builders.js';
import { withSpec } from '../../test/fix-builders.js';
import type { PodDisruptionBudget } from '../model/pod.js';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { networkError, type ClusterError } from './errors.js';
import { applyWith, changedSincePlan, restoreWith } from './fix-writes.js';
import type { KubeClient, KubeResponse, RequestOptions } from './kube-client.js';

const planned = served(aTightPdb('web', 'web'), '812', 4);

const action = (kind: 'delete' | 'merge-patch', pdb: PodDisruptionBudget = planned): PlannedWrite => {
  const base = {
    resource: 'podDisruptionBudgets' as const,
    object: { kind: 'PodDisruptionBudget', namespace: 'default', name: 'web' },
    reason: '',
    change: '',
    expectedResourceVersion: pdb.metadata?.resourceVersion ?? '',
    expectedGeneration: pdb.metadata?.generation ?? 0,
    expectedUid: pdb.metadata?.uid ?? '',
    expectedOwnership: ownershipOf(pdb),
  };
  return kind === 'delete' ? { ...base, kind } : { ...base, kind, patch: { spec: { minAvailable: 1 } } };
};

const withMetadata = (metadata: object): PodDisruptionBudget => ({
  ...planned,
  metadata: { ...planned.metadata, ...metadata },
});

describe('changedSincePlan', () => {
  it('accepts the object as planned', () => {
    expect(changedSincePlan(action('delete'), planned)).toBeUndefined();
    expect(changedSincePlan(action('merge-patch'), planned)).toBeUndefined();
  });

  it('accepts a status update for a deletion, not for a relaxation computed from that status', () => {
    const statusMoved = withMetadata({ resourceVersion: '900' });
    expect(changedSincePlan(action('delete'), statusMoved)).toBeUndefined();
    expect(changedSincePlan(action('merge-patch'), statusMoved)).toBe(
      'has a new status (its pods changed), on which the relaxation was computed',
    );
  });

  it('refuses an object edited, created again, or given another owner since', () => {
    expect(changedSincePlan(action('delete'), withMetadata({ generation: 5 }))).toBe('was edited (generation 4 → 5)');
    expect(changedSincePlan(action('delete'), withMetadata({ uid: 'other', generation: 4 }))).toBe(
      'was deleted and created again',
    );
    const owned = withMetadata({
      ownerReferences: [
        { apiVersion: 'kubevirt.io/v1', kind: 'KubeVirt', name: 'kubevirt', uid: 'k', controller: true },
      ],
    });
    expect(changedSincePlan(action('delete'), owned)).toBe('has other labels or owner references');
  });
});

/**
 * A client that answers from a script, one answer per request in order, and records what it was sent; the live
 * tier covers the real API server. Used here for the 409 paths, which the real server gives only on a race.
 */
const scripted = (answers: readonly KubeResponse[]) => {
  const sent: { path: string; options: RequestOptions }[] = [];
  const client: KubeClient = {
    server: 'https://example.invalid',
    contextName: 'test',
    request: (path, options = {}) => {
      sent.push({ path, options });
      const answer = answers[sent.length - 1];
      return answer ? Promise.resolve(answer) : Promise.reject(new Error(`unexpected request ${path}`));
    },
    close: () => undefined,
  };
  return { client, sent };
};

const answer = (status: number, body: unknown): KubeResponse => ({ status, headers: {}, body });

describe('applyWith on a 409 Conflict', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'hu-fix-unit-'));
  });
  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('deletes again with the new resourceVersion when only the status moved', async () => {
    const statusMoved = withMetadata({ resourceVersion: '900' });
    const { client, sent } = scripted([
      answer(200, planned), // read as planned
      answer(200, {}), // dry run
      answer(409, { message: 'the object has been modified' }), // the write
      answer(200, statusMoved), // read again: same uid, generation and owner
      answer(200, {}), // the write again
    ]);
    const result = await applyWith(client, [action('delete')], folder);
    expect(result.stopped).toBeUndefined();
    expect(result.outcomes.map((outcome) => outcome.result)).toEqual(['applied']);
    const deletes = sent.filter(({ options }) => options.method === 'DELETE').map(({ options }) => options.body);
    expect(deletes.map((body) => (body as { preconditions: unknown }).preconditions)).toEqual([
      { resourceVersion: '812', uid: planned.metadata?.uid },
      { resourceVersion: '812', uid: planned.metadata?.uid },
      { resourceVersion: '900', uid: planned.metadata?.uid },
    ]);
    expect(readdirSync(folder)).toHaveLength(1);
  });

  it('stops, overwriting nothing, when the object was edited in between; the backup restores what was done', async () => {
    const { client, sent } = scripted([
      answer(200, planned),
      answer(200, {}),
      answer(409, { message: 'the object has been modified' }),
      answer(200, withMetadata({ resourceVersion: '950', generation: 5 })),
    ]);
    const result = await applyWith(client, [action('delete')], folder);
    expect(result.outcomes.map((outcome) => outcome.result)).toEqual(['not-applied']);
    expect(result.stopped).toMatch(/^delete poddisruptionbudgets\.policy default\/web answered 409/);
    expect(sent.filter(({ options }) => options.method === 'DELETE')).toHaveLength(2);
  });

  it('never sends a relaxation again after a 409: its numbers came from the status that moved', async () => {
    const { client, sent } = scripted([
      answer(200, planned),
      answer(200, {}),
      answer(409, { message: 'the object has been modified' }),
      answer(200, withMetadata({ resourceVersion: '900' })),
    ]);
    const result = await applyWith(client, [action('merge-patch')], folder);
    expect(result.outcomes.map((outcome) => outcome.result)).toEqual(['not-applied']);
    expect(sent.filter(({ options }) => options.method === 'PATCH')).toHaveLength(2);
  });
});

/** A client that answers from a script in which an entry may also be a failure of the connection. */
const scriptedWithFailures = (answers: readonly (KubeResponse | Error)[]) => {
  const sent: { path: string; options: RequestOptions }[] = [];
  const client: KubeClient = {
    server: 'https://example.invalid',
    contextName: 'test',
    request: (path, options = {}) => {
      sent.push({ path, options });
      const answer = answers[sent.length - 1];
      if (answer === undefined) return Promise.reject(new Error(`unexpected request ${path}`));
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
    },
    close: () => undefined,
  };
  return { client, sent };
};

const refused = (): ClusterError =>
  networkError(
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' }),
    'https://example.invalid',
  );
const reset = (): ClusterError =>
  networkError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'https://example.invalid');

describe('applyWith on a budget --restore could not create again', () => {
  it('deletes nothing and writes no backup when the budget has finalizers or fields beyond its spec', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'hu-fix-unit-'));
    try {
      const withFinalizer = withMetadata({ finalizers: ['example.com/keep'] });
      const withFutureField = { ...planned, spec: { ...planned.spec, futureField: true } };
      for (const [fresh, why] of [
        [withFinalizer, 'metadata.finalizers'],
        [withFutureField, 'spec.futureField'],
      ] as const) {
        const { client, sent } = scripted([answer(200, fresh)]);
        await expect(applyWith(client, [action('delete')], folder)).rejects.toThrow(
          `cannot apply the plan: PodDisruptionBudget default/web has ${why}, so --restore could not create it again exactly: nothing was changed`,
        );
        expect(sent.map(({ options }) => options.method ?? 'GET')).toEqual(['GET']);
        expect(readdirSync(folder)).toEqual([]);
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('applyWith when the API server refuses the connection of a write', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'hu-fix-unit-'));
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
  });
  afterEach(() => {
    jest.useRealTimers();
    rmSync(folder, { recursive: true, force: true });
  });

  const deletes = (sent: { options: RequestOptions }[]) =>
    sent.filter(({ options }) => options.method === 'DELETE').map(({ options }) => options);

  it('tells a refused connection (never sent) from a cut one (maybe applied)', () => {
    expect(refused().notSent).toBe(true);
    expect(reset().notSent).toBe(false);
  });

  it('sends the write on a new connection, the dry run on the shared one', async () => {
    const { client, sent } = scriptedWithFailures([answer(200, planned), answer(200, {}), answer(200, {})]);
    const result = await applyWith(client, [action('delete')], folder);
    expect(result.stopped).toBeUndefined();
    expect(deletes(sent).map((options) => options.newConnection)).toEqual([false, true]);
  });

  it('sends a refused write again, with the step hook before each retry, and applies it', async () => {
    const steps: string[] = [];
    const { client, sent } = scriptedWithFailures([
      answer(200, planned),
      answer(200, {}),
      refused(),
      refused(),
      answer(200, {}),
    ]);
    const running = applyWith(client, [action('delete')], folder, { step: (name) => steps.push(name) });
    await jest.runAllTimersAsync();
    const result = await running;
    expect(result.stopped).toBeUndefined();
    expect(result.outcomes.map((outcome) => outcome.result)).toEqual(['applied']);
    expect(deletes(sent)).toHaveLength(4);
    expect(steps.filter((name) => name.startsWith('refused'))).toEqual(['refused-write-1', 'refused-write-1']);
  });

  it('gives up after 3 retries: "not sent", nothing more attempted, and says so in one line', async () => {
    const { client, sent } = scriptedWithFailures([
      answer(200, planned),
      answer(200, planned),
      answer(200, {}),
      answer(200, {}),
      refused(),
      refused(),
      refused(),
      refused(),
    ]);
    const running = applyWith(client, [action('delete'), action('delete')], folder);
    await jest.runAllTimersAsync();
    const result = await running;
    expect(result.outcomes.map((outcome) => [outcome.result, outcome.message])).toEqual([
      ['not-applied', 'not sent: the API server refused the connection'],
      ['not-applied', 'not attempted'],
    ]);
    expect(result.stopped).toBe(
      'delete PodDisruptionBudget default/web was not sent (cannot reach the API server at https://example.invalid: connect ECONNREFUSED 127.0.0.1:6443, refused 4 times in 3.5s (check --context and that the cluster is up)): it changed nothing, and the backup restores the changes before it',
    );
    expect(deletes(sent)).toHaveLength(6);
  });

  it('never sends a write again once its connection was open: it may have been applied', async () => {
    const { client, sent } = scriptedWithFailures([answer(200, planned), answer(200, {}), reset()]);
    const result = await applyWith(client, [action('delete')], folder);
    expect(result.outcomes.map((outcome) => outcome.result)).toEqual(['unknown']);
    expect(result.stopped).toMatch(/^delete PodDisruptionBudget default\/web did not finish \(.*socket hang up/);
    expect(deletes(sent)).toHaveLength(2);
  });
});

describe('names that would leave their path', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'hu-fix-unit-'));
  });
  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it.each([
    ['name', { kind: 'PodDisruptionBudget', namespace: 'default', name: '..' }],
    ['namespace', { kind: 'PodDisruptionBudget', namespace: '../../api/v1', name: 'web' }],
    ['empty namespace', { kind: 'PodDisruptionBudget', namespace: '', name: 'web' }],
  ])('apply: a planned object with a hostile %s sends no request and writes no backup', async (_what, object) => {
    const { client, sent } = scripted([answer(200, planned), answer(200, planned), answer(200, {}), answer(200, {})]);
    await expect(applyWith(client, [action('delete'), { ...action('delete'), object }], folder)).rejects.toThrow(
      /is not a valid .*: nothing was changed/,
    );
    expect(sent).toEqual([]);
    expect(readdirSync(folder)).toEqual([]);
  });

  it('restore: the request path comes from the allow-list of kinds, never from the apiVersion in the file', async () => {
    const gone = { ...backupOf(planned), apiVersion: 'v1/../../../api/v1/namespaces/default/secrets' };
    const document = withIntent(
      newBackupDocument([gone], { context: 'test', server: 'https://example.invalid' }, new Date()),
      { key: objectKey(planned), action: 'delete', uid: 'uid-web' },
    );
    const { client, sent } = scripted([answer(404, {})]);
    const result = await restoreWith(client, restoringFrom(document), 'b.json');
    // Nor is a budget of another apiVersion created again: it is not one fix-pdb deletes.
    expect(result.steps.map((step) => step.result)).toEqual(['skipped']);
    expect(sent.map(({ path, options }) => `${options.method ?? 'GET'} ${path}`)).toEqual([
      'GET /apis/policy/v1/namespaces/default/poddisruptionbudgets/web',
    ]);
  });

  it('restore: a backed-up object with a hostile name sends no request at all', async () => {
    const hostile = { ...backupOf(planned), metadata: { ...backupOf(planned).metadata, namespace: 'a/b' } };
    const document = newBackupDocument(
      [backupOf(planned), hostile],
      { context: 'test', server: 'https://example.invalid' },
      new Date(),
    );
    const { client, sent } = scripted([answer(200, planned), answer(200, planned)]);
    await expect(restoreWith(client, restoringFrom(document), 'b.json')).rejects.toThrow(
      '"a/b" is not a valid namespace',
    );
    expect(sent).toEqual([]);
  });
});

/**
 * The write path takes its restore plan from fix as a function; it still refuses, before any write, a plan that
 * would create an object restore may not create or touch one the backup does not hold.
 */
describe('restoreWith on a plan it must not carry out', () => {
  const where = { context: 'test', server: 'https://example.invalid' };
  const document = newBackupDocument([backupOf(planned)], where, new Date());
  const writesOf = (sent: { options: RequestOptions }[]) =>
    sent.filter(({ options }) => (options.method ?? 'GET') !== 'GET');

  it('refuses to create again an object that is not a plain budget', async () => {
    const owned = {
      ...backupOf(planned),
      metadata: { ...backupOf(planned).metadata, ownerReferences: [{ kind: 'Deployment', name: 'x' }] },
    };
    const plan: BackupToRestore = {
      document,
      plan: () => [{ object: refOf('PodDisruptionBudget', planned), outcome: 'recreate', backup: owned, reason: 'x' }],
    };
    const { client, sent } = scripted([answer(404, {}), answer(201, {}), answer(201, {})]);
    await expect(restoreWith(client, plan, 'b.json')).rejects.toThrow(
      'refusing to create PodDisruptionBudget default/web again (metadata.ownerReferences): nothing was restored',
    );
    expect(writesOf(sent)).toEqual([]);
  });

  it('refuses a step for an object the backup does not hold', async () => {
    const other = { ...backupOf(planned), metadata: { ...backupOf(planned).metadata, name: 'other' } };
    const plan: BackupToRestore = {
      document,
      plan: () => [{ object: refOf('PodDisruptionBudget', other), outcome: 'recreate', backup: other, reason: 'x' }],
    };
    const { client, sent } = scripted([answer(404, {}), answer(201, {}), answer(201, {})]);
    await expect(restoreWith(client, plan, 'b.json')).rejects.toThrow(
      'refusing to restore PodDisruptionBudget default/other, which the backup does not hold: nothing was restored',
    );
    expect(writesOf(sent)).toEqual([]);
  });
});

/** A backup edited by someone else: every request the restore sends is a read, nothing is written. */
describe('restoreWith on a tampered backup', () => {
  const where = { context: 'test', server: 'https://example.invalid' };
  const writes = (sent: { options: RequestOptions }[]) =>
    sent.filter(({ options }) => options.method !== undefined && options.method !== 'GET');

  const kubevirt = served(aKubeVirt(), 'kv-41', 2);
  const patchedKubeVirt = served(withSpec(kubevirt, { infra: { nodePlacement: {} } }), 'kv-50', 3);
  const kubevirtDocument = (backup: BackupObject, uid: string | undefined) => {
    const key = objectKey(kubevirt);
    const patch = { spec: { infra: { nodePlacement: {} } } };
    return withApplied(
      withIntent(newBackupDocument([backup], where, new Date()), {
        key,
        action: 'merge-patch',
        patch,
        ...(uid === undefined ? {} : { uid }),
      }),
      key,
      { resourceVersion: 'kv-50', generation: 3 },
    );
  };

  it('does not PUT a planted KubeVirt spec (imageRegistry, customizeComponents)', async () => {
    const evil = {
      ...backupOf(kubevirt),
      spec: {
        ...kubevirt.spec,
        imageRegistry: 'evil.example.com/pwn',
        customizeComponents: { patches: [{ resourceName: 'virt-handler', patch: '{"spec":{"hostPID":true}}' }] },
      },
    };
    const { client, sent } = scripted([answer(200, patchedKubeVirt)]);
    const result = await restoreWith(client, restoringFrom(kubevirtDocument(evil, 'uid-kubevirt')), 'b.json');
    expect(result.steps.map((step) => [step.outcome, step.result, step.message])).toEqual([
      [
        'changed-since',
        'skipped',
        'the live object does not match what fix-pdb changed (its content is not the backup under the recorded patch): left as it is; compare it with the backup',
      ],
    ]);
    expect(writes(sent)).toEqual([]);
  });

  it('does not PUT when the backup records no uid, or another one; the real backup still reverts', async () => {
    for (const uid of [undefined, 'uid-guessed']) {
      const { client, sent } = scripted([answer(200, patchedKubeVirt)]);
      const result = await restoreWith(client, restoringFrom(kubevirtDocument(backupOf(kubevirt), uid)), 'b.json');
      expect(result.steps.map((step) => step.outcome)).toEqual(['changed-since']);
      expect(writes(sent)).toEqual([]);
    }
    const { client, sent } = scripted([answer(200, patchedKubeVirt), answer(200, {}), answer(200, {})]);
    const result = await restoreWith(
      client,
      restoringFrom(kubevirtDocument(backupOf(kubevirt), 'uid-kubevirt')),
      'b.json',
    );
    expect(result.steps.map((step) => [step.outcome, step.result])).toEqual([['revert', 'done']]);
    expect(writes(sent).map(({ options }) => options.method)).toEqual(['PUT', 'PUT']);
  });

  it('does not POST a planted budget with finalizers, even when the journal says fix-pdb deleted it', async () => {
    const planted = {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'block-all', namespace: 'kube-system', finalizers: ['example.com/never'] },
      spec: { minAvailable: '100%', selector: {} },
    };
    const document = withIntent(newBackupDocument([planted], where, new Date()), {
      key: objectKey(planted),
      action: 'delete',
      uid: 'uid-block-all',
    });
    const { client, sent } = scripted([answer(404, {})]);
    const result = await restoreWith(client, restoringFrom(document), 'b.json');
    expect(result.steps.map((step) => [step.outcome, step.result, step.message])).toEqual([
      [
        'changed-since',
        'skipped',
        "not created again: the backup's budget is not one fix-pdb deletes (metadata.finalizers); the backup file still holds it",
      ],
    ]);
    expect(writes(sent)).toEqual([]);
  });
});
