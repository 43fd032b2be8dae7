import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { CORE_SCHEMA, dump, loadAll } from 'js-yaml';
import { parseAllDocuments } from 'yaml';
import { MACHINE_CHECKS } from '../../src/checks/machine-checks.js';
import { runChecks } from '../../src/checks/run-checks.js';
import { readBundleSnapshot } from '../../src/cluster/read-bundle.js';
import type { ResourceKey } from '../../src/model/resources.js';
import { inputOf, type ReadRequest } from '../../src/model/snapshot.js';

/**
 * Issue #22: random damage to the files of a support bundle (cut short, bytes changed, files deleted) never makes
 * the reader throw, and never lets a damaged kind through as read: a kind is `ok` only when each of its files, as
 * damaged, still parses whole (by the parser itself, without the item-by-item split) as one List with its kind.
 */

const REPO = join(__dirname, '..', '..');
const HEALTHY = join(REPO, 'test', 'fixtures', 'bundles', 'healthy-3-node');
const SCENARIO = join(REPO, 'test', 'fixtures', 'scenarios', 'healthy-3-node');
const itemsOf = (file: string): { metadata: { namespace?: string } }[] =>
  (JSON.parse(readFileSync(file, 'utf8')) as { items: { metadata: { namespace?: string } }[] }).items;
const listYaml = (items: readonly unknown[]): string =>
  dump({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '1' } }, { sortKeys: true });

/** The kind each file holds, as its support-bundle path says. */
const FILES: Record<string, { readonly key: ResourceKey; readonly text: string }> = {
  'sb/yamls/cluster/v1/nodes.yaml': { key: 'nodes', text: listYaml(itemsOf(join(HEALTHY, 'nodes.json'))) },
  'sb/yamls/namespaced/fleet-local/cluster.x-k8s.io/v1beta1/machines.yaml': {
    key: 'machines',
    text: listYaml(itemsOf(join(HEALTHY, 'machines.json'))),
  },
};
const pods = itemsOf(join(SCENARIO, 'pods.json'));
for (const namespace of new Set(pods.map((pod) => pod.metadata.namespace ?? ''))) {
  FILES[`sb/yamls/namespaced/${namespace}/v1/pods.yaml`] = {
    key: 'pods',
    text: listYaml(pods.filter((pod) => pod.metadata.namespace === namespace)),
  };
}
const PATHS = Object.keys(FILES);
const REQUESTS: ReadRequest[] = [{ key: 'nodes' }, { key: 'machines', namespace: 'fleet-local' }, { key: 'pods' }];

type Damage =
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'flip'; readonly flips: readonly (readonly [number, number])[] }
  | { readonly kind: 'delete' };

const damage: fc.Arbitrary<Damage> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({
    kind: fc.constant('flip' as const),
    flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
  }),
  fc.record({ kind: fc.constant('delete' as const) }),
);

const apply = (text: string, change: Damage): Buffer | undefined => {
  const bytes = Buffer.from(text, 'utf8');
  if (change.kind === 'delete') return undefined;
  if (change.kind === 'truncate') return bytes.subarray(0, Math.floor(change.at * bytes.length));
  const flipped = Buffer.from(bytes);
  for (const [position, value] of change.flips) flipped.writeUInt8(value, position % flipped.length);
  return flipped;
};

/** The oracle: the file parsed whole, as a support bundle writes it (one List, its kind after its items). */
const wholeList = (bytes: Buffer): boolean => {
  const text = bytes.toString('utf8');
  let documents: unknown[];
  try {
    documents = loadAll(text, { schema: CORE_SCHEMA });
  } catch {
    try {
      documents = parseAllDocuments(text).flatMap((document) => {
        if (document.errors.length > 0) throw new Error('invalid');
        return [document.toJS({ maxAliasCount: 100 }) as unknown];
      });
    } catch {
      return false;
    }
  }
  const [list] = documents;
  return (
    documents.length === 1 &&
    typeof list === 'object' &&
    list !== null &&
    Array.isArray((list as { items?: unknown }).items) &&
    typeof (list as { kind?: unknown }).kind === 'string'
  );
};

describe('the bundle reader under random damage (fast-check)', () => {
  const root = mkdtempSync(join(tmpdir(), 'hu-damage-'));
  const pristine = join(root, 'pristine');
  for (const [path, { text }] of Object.entries(FILES)) {
    mkdirSync(dirname(join(pristine, path)), { recursive: true });
    writeFileSync(join(pristine, path), text);
  }
  writeFileSync(join(pristine, 'sb', 'metadata.yaml'), 'bundlecreatedat: "2026-11-20T10:00:00Z"\n');
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('reads the undamaged bundle with every kind ok', async () => {
    const { snapshot, warnings } = await readBundleSnapshot(pristine, REQUESTS);
    expect(warnings).toEqual([]);
    expect(REQUESTS.map((request) => inputOf(snapshot, request.key).status)).toEqual(['ok', 'ok', 'ok']);
  });

  it('never throws, and never takes a damaged kind for read', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom(...PATHS), damage, { minKeys: 1, maxKeys: PATHS.length }),
        async (changes) => {
          const folder = join(root, `run-${String(run++)}`);
          cpSync(pristine, folder, { recursive: true });
          const damaged = new Map<string, Buffer | undefined>();
          for (const [path, change] of Object.entries(changes)) {
            const bytes = apply(FILES[path]?.text ?? '', change);
            damaged.set(path, bytes);
            if (bytes === undefined) rmSync(join(folder, path));
            else writeFileSync(join(folder, path), bytes);
          }
          const { snapshot } = await readBundleSnapshot(folder, REQUESTS);
          for (const request of REQUESTS) {
            const files = PATHS.filter((path) => FILES[path]?.key === request.key);
            const left = files.filter((path) => !damaged.has(path) || damaged.get(path) !== undefined);
            const ok = inputOf(snapshot, request.key).status === 'ok';
            // Every file of the kind deleted: not in the bundle, never an empty list.
            if (left.length === 0) expect(ok).toBe(false);
            // Any damaged file that no longer parses whole as one List makes its kind not read.
            for (const path of files) {
              const bytes = damaged.get(path);
              if (bytes !== undefined && !wholeList(bytes)) expect({ path, ok }).toEqual({ path, ok: false });
            }
            // A file cut before its `kind: List` is never read, whatever its items still say.
            for (const [path, change] of Object.entries(changes)) {
              const text = FILES[path]?.text ?? '';
              if (FILES[path]?.key !== request.key || change.kind !== 'truncate') continue;
              if (Math.floor(change.at * Buffer.byteLength(text)) <= text.lastIndexOf('\nkind: List')) {
                expect({ path, ok }).toEqual({ path, ok: false });
              }
            }
          }
          // And so no check that needs a kind not read passes.
          for (const result of runChecks(MACHINE_CHECKS, snapshot).checks) {
            const check = MACHINE_CHECKS.find((candidate) => candidate.id === result.id);
            const unread = (check?.needs ?? []).some((key) => inputOf(snapshot, key).status !== 'ok');
            if (unread) expect(result.status).toBe('not-evaluated');
          }
          rmSync(folder, { recursive: true, force: true });
        },
      ),
      { numRuns: 100 },
    );
  }, 120_000);
});
