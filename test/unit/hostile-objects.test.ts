import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { machineNodeRows } from '../../src/facts/machine-node-rows.js';
import { PRECHECK_GROUPS } from '../../src/checks/precheck-checks.js';
import { runChecks } from '../../src/checks/run-checks.js';
import { readBundleSnapshot } from '../../src/cluster/read-bundle.js';
import { slimObject } from '../../src/cluster/slim-object.js';
import { drainTargets } from '../../src/drain/drain-target.js';
import { explainDrain } from '../../src/drain/explain-drain.js';
import type { KubeObject } from '../../src/model/kube-object.js';
import { RESOURCES, type ResourceKey } from '../../src/model/resources.js';
import type { ClusterSnapshot } from '../../src/model/snapshot.js';
import { renderDocument } from '../../src/render/report.js';
import { broken, pathsOf } from '../json-damage.js';
import { planFromDrain } from '../fix-builders.js';

/**
 * Real-shaped worlds (every generated scenario) broken at random: any field of any object replaced by a value of
 * another type, removed, or swapped for an odd one (huge lists, label selectors with unknown operators, unknown
 * phases, numbers as strings). Every check, every drain filter, the machines matcher and fix-pdb's planner must
 * keep going, and the JSON they feed must still parse.
 */
const ROOT = join(__dirname, '..', 'fixtures');
const FOLDERS = ['scenarios', 'drain'].flatMap((tier) =>
  readdirSync(join(ROOT, tier)).map((name) => join(ROOT, tier, name)),
);
const KEYS = Object.keys(RESOURCES) as ResourceKey[];
const CHECKS = PRECHECK_GROUPS.flatMap((group) => group.checks);

const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.string(),
  fc.constantFrom('Unknown', 'Exotic', '', '-1', '1e309', '50%', 'NaN', 'True', 'false'),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.constantFrom<unknown>('x', 1, null, {}), { maxLength: 3 }),
  fc.constant({ matchExpressions: [{ key: 'a', operator: 'Sometimes', values: null }], matchLabels: { '': 7 } }),
  fc.constant(Array.from({ length: 2000 }, (_, index) => ({ name: `c${String(index)}`, ready: index % 2 === 0 }))),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.constantFrom<unknown>(1, 'x', null, [], {}), { maxKeys: 3 }),
);

/**
 * An object as it enters the plugin: serialised as a bundle or the API server would hold it (plain JSON; fast-check
 * makes some objects without a prototype), then through the readers' boundary, slimObject.
 */
const entering = (value: unknown, key: ResourceKey): KubeObject | undefined => {
  const json: unknown = JSON.parse(JSON.stringify(value === undefined ? null : value));
  const type = RESOURCES[key];
  return slimObject(json, `${type.group ? `${type.group}/` : ''}${type.versions[0] ?? 'v1'}`, type.kind);
};

interface Mutation {
  readonly key: number;
  readonly item: number;
  readonly path: number;
  readonly value: unknown;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  key: fc.nat(),
  item: fc.nat(),
  path: fc.nat(),
  value: fc.option(oddValue, { nil: undefined, freq: 4 }),
});

const mutate = (snapshot: ClusterSnapshot, mutations: readonly Mutation[]): ClusterSnapshot => {
  const items: Record<string, readonly KubeObject[]> = { ...snapshot.items };
  const present = KEYS.filter((key) => (items[key] ?? []).length > 0);
  for (const change of mutations) {
    const key = present[change.key % Math.max(present.length, 1)];
    if (key === undefined) continue;
    const list = [...(items[key] ?? [])];
    const index = change.item % list.length;
    const paths = pathsOf(list[index]);
    const path = paths[change.path % Math.max(paths.length, 1)];
    if (!path) continue;
    const object = entering(broken(list[index], path, change.value), key);
    if (object) list[index] = object;
    else list.splice(index, 1);
    items[key] = list;
  }
  return { ...snapshot, items };
};

/** Everything analysis does with a snapshot, as the commands do it, ending in the JSON a script would parse. */
const analyseAll = (snapshot: ClusterSnapshot): void => {
  for (const check of CHECKS) {
    if (check.appliesTo?.(snapshot) === undefined) check.run(snapshot);
  }
  const outcome = runChecks(CHECKS, snapshot);
  const failed = outcome.findings.filter((finding) => finding.check === 'check-failed');
  if (failed.length > 0) throw new Error(failed.map((finding) => finding.message).join('; '));
  const drains = drainTargets(snapshot).map((target) => explainDrain(snapshot, target.node, target.why));
  for (const node of snapshot.items.nodes ?? []) {
    const name = node.metadata?.name;
    if (typeof name === 'string') planFromDrain(snapshot, { node: name }, { overrideOperatorBudgets: true });
  }
  const rows = machineNodeRows(snapshot);
  const text = renderDocument(
    {
      apiVersion: 'harvester-upgrade.kubectl/v1alpha1',
      kind: 'Everything',
      source: snapshot.source,
      findings: outcome.findings.map((finding) => ({ ...finding })),
      checks: outcome.checks,
      drains,
      rows,
    },
    'json',
  );
  JSON.parse(text);
};

describe('hostile objects never crash the analysis', () => {
  let worlds: ClusterSnapshot[] = [];
  beforeAll(async () => {
    const requests = KEYS.map((key) => ({ key }));
    worlds = await Promise.all(FOLDERS.map(async (folder) => (await readBundleSnapshot(folder, requests)).snapshot));
  });

  it('reads every scenario as a world to break', () => {
    expect(worlds.length).toBe(FOLDERS.length);
    expect(worlds.every((world) => (world.items.nodes ?? []).length > 0)).toBe(true);
  });

  it('survives any field of any object replaced, removed or made odd', () => {
    fc.assert(
      fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 12 }), (world, mutations) => {
        const snapshot = worlds[world % worlds.length];
        if (snapshot) analyseAll(mutate(snapshot, mutations));
      }),
      { numRuns: 300 },
    );
  });

  it('survives whole objects of any shape in every list', () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.array(
          fc.tuple(
            fc.constantFrom(...KEYS),
            // The readers keep only objects (slimObject), so a list holds objects, of any shape.
            fc.oneof(
              fc.object(),
              fc.record({ metadata: fc.oneof(fc.object(), oddValue), spec: oddValue, status: oddValue }),
            ),
          ),
          { maxLength: 8 },
        ),
        (world, additions) => {
          const snapshot = worlds[world % worlds.length];
          if (!snapshot) return;
          const items: Record<string, readonly KubeObject[]> = { ...snapshot.items };
          for (const [key, value] of additions) {
            const object = entering(value, key);
            if (object) items[key] = [...(items[key] ?? []), object];
          }
          analyseAll({ ...snapshot, items });
        },
      ),
      { numRuns: 150 },
    );
  });
});
