import { readdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import { parse } from 'yaml';
import { machineNodeRows } from '../../src/facts/machine-node-rows.js';
import { MACHINE_CHECKS } from '../../src/checks/machine-checks.js';
import { PRECHECK_GROUPS } from '../../src/checks/precheck-checks.js';
import { notEvaluatedNotes, runChecks } from '../../src/checks/run-checks.js';
import { readBundleSnapshot } from '../../src/cluster/read-bundle.js';
import { drainTargets } from '../../src/drain/drain-target.js';
import { explainDrain } from '../../src/drain/explain-drain.js';
import type { KubeObject } from '../../src/model/kube-object.js';
import { RESOURCES, type ResourceKey } from '../../src/model/resources.js';
import type { ClusterSnapshot } from '../../src/model/snapshot.js';
import { evaluatePath, planPath } from '../../src/path/evaluate-path.js';
import { renderDrain, renderNotRead } from '../../src/render/drain-report.js';
import { diagnosticLine } from '../../src/render/escape.js';
import { renderFindings, renderInputNotes } from '../../src/render/findings-table.js';
import { renderApplied, renderPlan, renderRestore } from '../../src/render/fix-report.js';
import { renderMachinesTable } from '../../src/render/machines-table.js';
import { renderNoPath, renderPath } from '../../src/render/path-report.js';
import { renderPrecheck } from '../../src/render/precheck-report.js';
import { renderDocument } from '../../src/render/report.js';
import type { PrecheckRow } from '../../src/results/precheck.js';
import type { Style } from '../../src/render/style.js';
import { hostileNames, hostileValue, MARKER, PAYLOADS, unsafeIn } from '../hostile-world.js';
import { suggestedCommands, wordTexts } from '../shell-words.js';
import { planFromDrain } from '../fix-builders.js';

/**
 * Every generated scenario with hostile names and messages (test/hostile-world.ts), through every command's
 * renderer as the commands call them: tables (plain and coloured, table and wide), YAML and JSON. Nothing a terminal
 * acts on may reach the text for people, no row may be forged, the documents must carry the exact strings, and every
 * suggested command must be one command with each hostile name as one whole word.
 */
const ROOT = join(__dirname, '..', 'fixtures');
const FOLDERS = ['scenarios', 'drain'].flatMap((tier) =>
  readdirSync(join(ROOT, tier)).map((name) => join(ROOT, tier, name)),
);
const KEYS = Object.keys(RESOURCES) as ResourceKey[];
const CHECKS = PRECHECK_GROUPS.flatMap((group) => group.checks);
const GROUP_OF = new Map(PRECHECK_GROUPS.flatMap((group) => group.checks.map((check) => [check.id, group.name])));

const withItems = (snapshot: ClusterSnapshot, tame: boolean): ClusterSnapshot => {
  const lists = Object.values(snapshot.items);
  const names = hostileNames(lists, tame);
  const items = hostileValue(snapshot.items, names, tame) as Record<string, readonly KubeObject[]>;
  return { ...snapshot, items };
};

interface Output {
  /** What people see: every table and section, as the commands join them. */
  readonly text: string;
  /** What scripts read. */
  readonly documents: readonly object[];
}

const doc = (kind: string, rest: Record<string, unknown>): object => ({
  apiVersion: 'harvester-upgrade.kubectl/v1alpha1',
  kind,
  source: { mode: 'bundle', path: 'hostile' },
  findings: [],
  ...rest,
});

/** Everything the four commands print for one world, in one style. */
const everything = (snapshot: ClusterSnapshot, style: Style): Output => {
  const texts: string[] = [];
  const documents: object[] = [];

  const machines = runChecks(MACHINE_CHECKS, snapshot);
  const rows = machineNodeRows(snapshot);
  for (const wide of [false, true]) texts.push(renderMachinesTable(style, rows, wide));
  texts.push(renderFindings(style, machines.findings), renderInputNotes(style, notEvaluatedNotes(machines.checks)));
  documents.push(doc('MachinesReport', { findings: machines.findings, checks: machines.checks, rows }));

  const outcome = runChecks(CHECKS, snapshot);
  const plan = planPath(snapshot, undefined);
  const path = plan.kind === 'path' ? evaluatePath(snapshot, plan) : undefined;
  const precheckRows: PrecheckRow[] = outcome.checks.map((result) => ({
    ...result,
    group: GROUP_OF.get(result.id) ?? '',
  }));
  texts.push(
    renderPrecheck(style, `Harvester · bundle ${snapshot.source.mode}`, precheckRows, outcome.findings, [
      ...(path ? [renderPath(style, path)] : []),
      ...(plan.kind === 'none' ? [renderNoPath(style, plan.reason)] : []),
    ]),
  );
  documents.push(doc('PrecheckReport', { findings: [...outcome.findings, ...(path?.findings ?? [])], path }));

  const drains = drainTargets(snapshot).map((target) => explainDrain(snapshot, target.node, target.why));
  const probed = drains.map((drain) =>
    drain.pods.map((pod) => ({
      ...pod,
      probe: { status: 429, outcome: 'refused' as const, message: `Cannot evict ${pod.name}`, agrees: true },
    })),
  );
  drains.forEach((drain, index) => texts.push(renderDrain(style, drain, probed[index] ?? [])));
  texts.push(renderNotRead(style, [{ input: 'pods', reason: `forbidden: ${PAYLOADS.join(' ')}` }]));
  documents.push(doc('DrainExplanation', { findings: drains.flatMap((drain) => drain.findings), drains }));

  for (const node of snapshot.items.nodes ?? []) {
    const name = node.metadata?.name ?? '';
    const fix = planFromDrain(snapshot, { node: name }, { overrideOperatorBudgets: true });
    texts.push(renderPlan(style, `fix-pdb plan for the drain of node ${name}`, fix));
    const outcomes = fix.actions.map((action) => ({
      object: action.object,
      action: action.kind,
      result: 'applied' as const,
      message: `server said ${action.object.name}`,
    }));
    texts.push(renderApplied(style, { outcomes, stopped: `stopped at ${name}` }));
    texts.push(
      renderRestore(style, `backup-${name}.json`, {
        steps: fix.actions.map((action) => ({
          object: action.object,
          outcome: 'revert',
          result: 'failed',
          message: `conflict on ${action.object.name}`,
        })),
      }),
    );
    documents.push(doc('FixPdbPlan', { actions: fix.actions, refusals: fix.refusals, notes: fix.notes }));
  }
  return { text: texts.filter(Boolean).join('\n\n'), documents };
};

const PLAIN: Style = { color: false, headers: true };
const COLOURED: Style = { color: true, headers: true };
/** Our own SGR colour codes (src/render/style.ts): the only escape sequences allowed in the text. */
const OWN_SGR = new RegExp(`${String.fromCharCode(0x1b)}\\[[0-9;]*m`, 'g');

/**
 * Every string of a document, but a manual path entry's `command`: that is a fixed shell script to run by hand on a
 * node (loops, `$(…)`), written in the knowledge base and holding no cluster data, so it is not a suggested command
 * built from names.
 */
const stringsOf = (value: unknown, key?: string, parent?: string): string[] =>
  typeof value === 'string'
    ? parent === 'manual' && key === 'command'
      ? []
      : [value]
    : Array.isArray(value)
      ? value.flatMap((item) => stringsOf(item))
      : typeof value === 'object' && value !== null
        ? Object.entries(value).flatMap(([name, item]) => stringsOf(item, name, key))
        : [];

/** The full hostile names of a world: a word holding a marker must hold one of these whole. */
const hostileWords = (snapshot: ClusterSnapshot): string[] => [...hostileNames(Object.values(snapshot.items)).values()];

interface World {
  readonly plain: Output;
  /** Coloured too, for the scenarios (the drain worlds' long multi-line cells take cli-table3 seconds each). */
  readonly coloured?: Output;
  readonly tame: Output;
  readonly names: readonly string[];
}

describe('hostile names and messages are escaped for terminals and quoted for shells', () => {
  let worlds: World[] = [];
  beforeAll(async () => {
    const requests = KEYS.map((key) => ({ key }));
    const read = await Promise.all(
      FOLDERS.map(async (folder) => (await readBundleSnapshot(folder, requests)).snapshot),
    );
    worlds = read.map((world, index) => {
      const hostile = withItems(world, false);
      return {
        plain: everything(hostile, PLAIN),
        ...(FOLDERS[index]?.includes(`${sep}scenarios${sep}`) ? { coloured: everything(hostile, COLOURED) } : {}),
        tame: everything(withItems(world, true), PLAIN),
        names: hostileWords(world),
      };
    });
  });

  it('puts no raw control, C1, bidi or format character in any table, section or line for people', () => {
    let shown = 0;
    for (const world of worlds) {
      expect(unsafeIn(world.plain.text)).toEqual([]);
      if (world.coloured) {
        expect(world.coloured.text).toMatch(OWN_SGR);
        expect(unsafeIn(world.coloured.text.replace(OWN_SGR, ''))).toEqual([]);
      }
      shown += world.plain.text.split(MARKER).length - 1;
      // What was there is shown, made visible: kubectl's ^[ for ESC, \r, \n, \u202e.
      if (world.plain.text.includes(`${MARKER}0`)) expect(world.plain.text).toContain('^[]0;pwned^G');
    }
    expect(shown).toBeGreaterThan(500);
  });

  it('forges no row or line: the hostile world prints exactly as many lines as the tame one', () => {
    for (const world of worlds) {
      expect(world.plain.text.split('\n').length).toBe(world.tame.text.split('\n').length);
    }
  });

  it('keeps an error or warning line one line, whatever the server or bundle put in it', () => {
    for (const payload of PAYLOADS) {
      const line = diagnosticLine('error', `list pods failed (500): ${payload}`);
      expect(line.endsWith('\n')).toBe(true);
      expect(unsafeIn(line.slice(0, -1))).toEqual([]);
      expect(line.slice(0, -1)).not.toContain('\n');
    }
  });

  it('carries the exact strings in JSON and YAML, with no raw control or format character', () => {
    for (const world of worlds) {
      for (const document of world.plain.documents) {
        const exact: unknown = JSON.parse(JSON.stringify(document));
        const json = renderDocument(document, 'json');
        expect(unsafeIn(json)).toEqual([]);
        expect(JSON.parse(json)).toEqual(exact);
        const yaml = renderDocument(document, 'yaml');
        expect(unsafeIn(yaml)).toEqual([]);
        expect(parse(yaml)).toEqual(exact);
      }
    }
  });

  it('makes every suggested command one command, with each hostile name one whole word', () => {
    let named = 0;
    const problems = new Set<string>();
    for (const world of worlds) {
      for (const text of new Set(world.plain.documents.flatMap((document) => stringsOf(document)))) {
        // ' Also: ' joins one pod's remedies (src/drain/explain-drain.ts): each is a sentence of its own.
        for (const command of text.split(' Also: ').flatMap(suggestedCommands)) {
          if (command.unsafe.length > 0) problems.add(`${command.unsafe.join(', ')} in: ${text}`);
          for (const word of command.words.flatMap(wordTexts).filter((candidate) => candidate.includes(MARKER))) {
            if (world.names.some((name) => word.includes(name))) named += 1;
            else if (!word.includes(`${MARKER}m`)) problems.add(`${JSON.stringify(word)} is a broken name in: ${text}`);
          }
        }
      }
    }
    expect([...problems]).toEqual([]);
    expect(named).toBeGreaterThan(50);
  });
});
