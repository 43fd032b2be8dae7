import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { machineNodeRows } from '../../src/checks/machine-node-rows.js';
import { MACHINE_CHECKS } from '../../src/checks/machine-checks.js';
import { PRECHECK_GROUPS } from '../../src/checks/precheck-checks.js';
import { notEvaluatedNotes, runChecks } from '../../src/checks/run-checks.js';
import { readBundleSnapshot } from '../../src/cluster/read-bundle.js';
import { drainTargets } from '../../src/drain/drain-target.js';
import { explainDrain } from '../../src/drain/explain-drain.js';
import { planFix } from '../../src/fix/plan-fix.js';
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
import { renderPrecheck, type PrecheckRow } from '../../src/render/precheck-report.js';
import { renderDocument, type ReportDocument } from '../../src/render/report.js';
import type { Style } from '../../src/render/style.js';
import { hostileNames, hostileValue, MARKER, PAYLOADS, UNSAFE_CHARS } from '../hostile-world.js';
import { suggestedCommands } from '../shell-words.js';

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
  readonly documents: readonly ReportDocument[];
}

const doc = (kind: string, rest: Record<string, unknown>): ReportDocument => ({
  apiVersion: 'harvester-upgrade.kubectl/v1alpha1',
  kind,
  source: { mode: 'bundle', path: 'hostile' },
  findings: [],
  ...rest,
});

/** Everything the four commands print for one world, in one style. */
const everything = (snapshot: ClusterSnapshot, style: Style): Output => {
  const texts: string[] = [];
  const documents: ReportDocument[] = [];

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
    const fix = planFix(snapshot, { node: name }, { overrideOperatorBudgets: true });
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
          outcome: 'restored',
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
const OWN_SGR = /\u001b\[[0-9;]*m/g;

const stringsOf = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : Array.isArray(value)
      ? value.flatMap(stringsOf)
      : typeof value === 'object' && value !== null
        ? Object.values(value).flatMap(stringsOf)
        : [];

/** The full hostile names of a world: a word holding a marker must hold one of these whole. */
const hostileWords = (snapshot: ClusterSnapshot): string[] => [
  ...hostileNames(Object.values(withItems(snapshot, false).items)).values(),
];

describe('hostile names and messages are escaped for terminals and quoted for shells', () => {
  let worlds: ClusterSnapshot[] = [];
  beforeAll(async () => {
    const requests = KEYS.map((key) => ({ key }));
    worlds = await Promise.all(FOLDERS.map(async (folder) => (await readBundleSnapshot(folder, requests)).snapshot));
  });

  it('puts no raw control, C1, bidi or format character in any table, section or line for people', () => {
    let shown = 0;
    for (const world of worlds) {
      const hostile = withItems(world, false);
      const plain = everything(hostile, PLAIN).text;
      expect(plain.replace(/\n/g, '')).not.toMatch(UNSAFE_CHARS);
      const coloured = everything(hostile, COLOURED).text;
      expect(coloured.replace(OWN_SGR, '').replace(/\n/g, '')).not.toMatch(UNSAFE_CHARS);
      shown += plain.split(MARKER).length - 1;
      // What was there is shown, made visible: kubectl's ^[ for ESC, \r, \n, \u202e.
      if (plain.includes(`${MARKER}0`)) expect(plain).toContain('^[]0;pwned^G');
    }
    expect(shown).toBeGreaterThan(500);
  });

  it('forges no row or line: the hostile world prints exactly as many lines as the tame one', () => {
    for (const world of worlds) {
      const hostile = everything(withItems(world, false), PLAIN).text.split('\n');
      const tame = everything(withItems(world, true), PLAIN).text.split('\n');
      expect(hostile.length).toBe(tame.length);
    }
  });

  it('keeps an error or warning line one line, whatever the server or bundle put in it', () => {
    for (const payload of PAYLOADS) {
      const line = diagnosticLine('error', `list pods failed (500): ${payload}`);
      expect(line.endsWith('\n')).toBe(true);
      expect(line.slice(0, -1)).not.toMatch(UNSAFE_CHARS);
    }
  });

  it('carries the exact strings in JSON and YAML, with no raw control or format character', () => {
    for (const world of worlds) {
      for (const document of everything(withItems(world, false), PLAIN).documents) {
        const exact: unknown = JSON.parse(JSON.stringify(document));
        const json = renderDocument(document, 'json');
        expect(json.replace(/\n/g, '')).not.toMatch(UNSAFE_CHARS);
        expect(JSON.parse(json)).toEqual(exact);
        const yaml = renderDocument(document, 'yaml');
        expect(yaml.replace(/\n/g, '')).not.toMatch(UNSAFE_CHARS);
        expect(parse(yaml)).toEqual(exact);
      }
    }
  });

  it('makes every suggested command one command, with each hostile name one whole word', () => {
    let named = 0;
    const problems: string[] = [];
    for (const world of worlds) {
      const names = hostileWords(world);
      for (const document of everything(withItems(world, false), PLAIN).documents) {
        for (const text of stringsOf(document)) {
          for (const command of suggestedCommands(text)) {
            if (command.unsafe.length > 0) problems.push(`${command.unsafe.join(', ')} in: ${text}`);
            for (const word of command.words.filter((candidate) => candidate.includes(MARKER))) {
              if (names.some((name) => word.includes(name))) named += 1;
              else if (!word.includes(`${MARKER}m`))
                problems.push(`${JSON.stringify(word)} is a broken name in: ${text}`);
            }
          }
        }
      }
    }
    expect([...new Set(problems)]).toEqual([]);
    expect(named).toBeGreaterThan(50);
  });
});
