import { aTightPdb } from '../../test/drain-builders.js';
import { served } from '../../test/fix-builders.js';
import { BackupFileProblem, backupOf, newBackupDocument, objectKey, withApplied, withIntent } from '../model/backup.js';
import { journalOf, parseBackupDocument } from './backup-file.js';

const where = { context: 'local', server: 'https://10.0.0.1:6443' };
const budget = served(aTightPdb('web', 'web'), '812');

const journal = () => {
  const key = objectKey(budget);
  const started = newBackupDocument([backupOf(budget)], where, new Date('2026-11-22T10:00:00Z'));
  const intended = withIntent(started, { key, action: 'merge-patch', patch: { spec: { minAvailable: 1 } } });
  return { key, started, intended, applied: withApplied(intended, key, { resourceVersion: '901', generation: 2 }) };
};

describe('the backup document', () => {
  it('records the intent before the write and the answer after it', () => {
    const { key, started, intended, applied } = journal();
    expect(started).toMatchObject({ createdAt: '2026-11-22T10:00:00.000Z', context: 'local', writes: [] });
    expect(journalOf(intended).intended).toEqual(new Map([[key, { spec: { minAvailable: 1 } }]]));
    expect(journalOf(intended).applied).toEqual(new Map());
    expect(journalOf(applied).applied).toEqual(new Map([[key, { resourceVersion: '901', generation: 2 }]]));
    expect(journalOf(applied).deleted).toEqual(new Set());
  });

  it('gives restore the uid read before each write, or the answer, and none when the two disagree', () => {
    const { key, started } = journal();
    const intent = withIntent(started, { key, action: 'delete', uid: 'uid-web' });
    expect(journalOf(intent).uids).toEqual(new Map([[key, 'uid-web']]));
    expect(parseBackupDocument('b.json', JSON.stringify(intent))).toEqual(intent);
    const patched = withIntent(started, { key, action: 'merge-patch', patch: { spec: { minAvailable: 1 } } });
    expect(journalOf(withApplied(patched, key, { uid: 'uid-answer' })).uids).toEqual(new Map([[key, 'uid-answer']]));
    const both = withIntent(started, { key, action: 'merge-patch', patch: {}, uid: 'uid-web' });
    expect(journalOf(withApplied(both, key, { uid: 'uid-other' })).uids).toEqual(new Map());
    expect(journalOf(started).uids).toEqual(new Map());
  });

  it('reads back exactly what was written', () => {
    const { applied } = journal();
    expect(parseBackupDocument('b.json', JSON.stringify(applied))).toEqual(applied);
  });

  it.each([
    ['not JSON', '{', 'invalid JSON'],
    ['another document', JSON.stringify({ apiVersion: 'v1', kind: 'List' }), 'expected apiVersion'],
    [
      'a kind fix-pdb never writes',
      JSON.stringify({
        ...journal().started,
        objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'b' } }],
      }),
      'objects[0] is a ConfigMap',
    ],
    [
      'a cluster-scoped object',
      JSON.stringify({ ...journal().started, objects: [{ ...backupOf(budget), metadata: { name: 'web' } }] }),
      'objects[0] has no namespace',
    ],
    [
      'a write for an object it does not hold',
      JSON.stringify({ ...journal().started, writes: [{ key: 'PodDisruptionBudget/x/y', action: 'delete' }] }),
      'writes[0] names no backed-up object',
    ],
    ['no server', JSON.stringify({ ...journal().started, server: '' }), 'no server'],
    ...(
      [
        ['../x', 'web', 'objects[0] has an invalid name: "../x" is not a valid PodDisruptionBudget name'],
        ['..', 'web', 'objects[0] has an invalid name: ".." is not a valid PodDisruptionBudget name'],
        ['web', 'a/b', 'objects[0] has an invalid namespace: "a/b" is not a valid namespace'],
        ['web', '..', 'objects[0] has an invalid namespace: ".." is not a valid namespace'],
        ['web', 'Default', 'objects[0] has an invalid namespace: "Default" is not a valid namespace'],
      ] as const
    ).map(([name, namespace, message]) => [
      `the name ${name} in namespace ${namespace}`,
      JSON.stringify({ ...journal().started, objects: [{ ...backupOf(budget), metadata: { name, namespace } }] }),
      message,
    ]),
    [
      'a KubeVirt whose name is not a subdomain',
      JSON.stringify({
        ...journal().started,
        objects: [{ apiVersion: 'kubevirt.io/v1', kind: 'KubeVirt', metadata: { name: 'KubeVirt', namespace: 'x' } }],
      }),
      'objects[0] has an invalid name: "KubeVirt" is not a valid KubeVirt name',
    ],
  ])('refuses %s', (_what, content, message) => {
    expect(() => parseBackupDocument('b.json', content)).toThrow(BackupFileProblem);
    expect(() => parseBackupDocument('b.json', content)).toThrow(message);
  });
});
