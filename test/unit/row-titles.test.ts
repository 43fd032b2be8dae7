/**
 * What a row of `precheck` says: a FAIL or WARN row says what is wrong and where ("1 node is cordoned:
 * harvester-cp"), never the healthy state it failed ("No node is cordoned: 1 finding"); a PASS row says what is
 * right. Every check and every knowledge-base entry that finds something carries both wordings.
 */
import { PRECHECK_GROUPS } from '../../src/checks/precheck-checks';
import { runChecks } from '../../src/checks/run-checks';
import type { Finding } from '../../src/model/finding';
import { KNOWN_ISSUES } from '../../src/path/known-issues/index';
import { renderPrecheck } from '../../src/render/precheck-report';
import type { PrecheckRow } from '../../src/results/precheck';
import { aNode, snapshotOf } from '../builders';

const finding = (check: string, name: string): Finding => ({
  check,
  severity: 'error',
  object: { kind: 'Node', name },
  message: `${name} is wrong`,
});

/** The wording of the passing state, which a problem must never use. */
const HEALTHY_START = /^(no|none|every|all|each|at most|as many|one \S+ per|more than one control-plane)\b/i;

const problemsOf = (id: string, problem: (findings: readonly Finding[]) => string): string[] => [
  problem([finding(id, 'harvester-cp')]),
  problem([finding(id, 'harvester-cp'), finding(id, 'harvester-w1')]),
];

const wordings = [
  ...PRECHECK_GROUPS.flatMap((group) => group.checks).map((check) => ({
    id: check.id,
    title: check.title,
    problems: problemsOf(check.id, check.problem),
  })),
  ...KNOWN_ISSUES.flatMap((entry) =>
    entry.detection.kind === 'check'
      ? [{ id: entry.id, title: entry.title, problems: problemsOf(entry.id, entry.detection.problem) }]
      : [],
  ),
];

describe('row titles', () => {
  it.each(wordings.map((wording) => [wording.id, wording] as const))(
    '%s says what was found when it fails, not its passing title',
    (_id, { title, problems }) => {
      for (const problem of problems) {
        expect(problem.toLowerCase()).not.toBe(title.toLowerCase());
        expect(problem.toLowerCase()).not.toContain(title.toLowerCase());
        expect(problem).not.toMatch(HEALTHY_START);
        expect(problem).not.toMatch(/\b\d+ findings?\b/);
      }
    },
  );

  it('names the objects and their number when a check counts them', () => {
    const check = PRECHECK_GROUPS.flatMap((group) => group.checks).find((c) => c.id === 'node-unschedulable');
    expect(check?.problem([finding('node-unschedulable', 'harvester-cp')])).toBe('1 node is cordoned: harvester-cp');
    const many = ['a', 'b', 'c', 'd', 'e'].map((name) => finding('node-unschedulable', name));
    expect(check?.problem(many)).toBe('5 nodes are cordoned: a, b, c and 2 more');
  });

  it('gives a PASS title that reads as the healthy state', () => {
    for (const { id, title } of wordings) {
      expect([id, /^\d/.test(title)]).toEqual([id, false]);
    }
    const arrives = KNOWN_ISSUES.find((entry) => entry.id === 'kubevirt-placement-arrives');
    expect(arrives?.title).not.toMatch(/keeps virt-api and virt-controller on control-plane nodes/);
  });

  it('shows the problem on a FAIL row and in its details, the title on a PASS row', () => {
    const snapshot = snapshotOf({
      nodes: [aNode('harvester-cp', { unschedulable: true }), aNode('harvester-w1')],
      upgrades: [],
      upgradePlans: [],
    });
    const checks = PRECHECK_GROUPS.flatMap((group) => group.checks).filter((c) =>
      ['node-unschedulable', 'node-not-ready'].includes(c.id),
    );
    const outcome = runChecks(checks, snapshot);
    const rows: PrecheckRow[] = outcome.checks.map((result) => ({ ...result, group: 'Nodes' }));
    const text = renderPrecheck({ color: false, headers: true }, 'header', rows, outcome.findings);
    expect(text).toMatch(/node-unschedulable +FAIL +1 node is cordoned: harvester-cp\n/);
    expect(text).toContain('FAIL  node-unschedulable: 1 node is cordoned: harvester-cp\n');
    expect(text).toMatch(/node-not-ready +PASS +Nodes are Ready/);
    expect(text).not.toContain('No node is cordoned');
  });
});
