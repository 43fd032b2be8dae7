import type { Version } from '../src/model/harvester.js';
import type { ClusterSnapshot } from '../src/model/snapshot.js';
import { evaluatePath, type PathEntry, type PathReport } from '../src/path/evaluate-path.js';
import { parseHarvesterVersion } from '../src/path/harvester-version.js';
import type { KnownIssue } from '../src/path/known-issue.js';
import { aNode, aSetting, snapshotOf } from './builders.js';

export type Items = Parameters<typeof snapshotOf>[0];

/** An upgrade from → to over these objects, on three nodes unless `items` says otherwise. */
export interface Scenario {
  readonly from: string;
  readonly to: string;
  readonly items?: Items;
}

/** The path from → to evaluated for `entry` alone; the Version object of `to` exists. */
export const pathOn = (entry: KnownIssue, scenario: Scenario): PathReport => {
  const version: Version = {
    apiVersion: 'harvesterhci.io/v1beta1',
    kind: 'Version',
    metadata: { name: scenario.to, namespace: 'harvester-system' },
  };
  const snapshot: ClusterSnapshot = snapshotOf({
    harvesterSettings: [aSetting('server-version', scenario.from)],
    versions: [version],
    nodes: [aNode('node-1'), aNode('node-2'), aNode('node-3')],
    ...scenario.items,
  });
  const from = parseHarvesterVersion(scenario.from);
  const to = parseHarvesterVersion(scenario.to);
  if (!from || !to) throw new Error('bad versions');
  return evaluatePath(snapshot, { kind: 'path', from, to, target: 'flag', version }, [entry]);
};

const resultOf = (report: PathReport, entry: KnownIssue): PathEntry | undefined =>
  report.entries.find((result) => result.id === entry.id);

/**
 * The entry applies to the path and fires: a manual entry lists its command for every node; a detection fails or
 * warns with findings of its own, each carrying the path and a remedy.
 */
export const expectFires = (entry: KnownIssue, scenario: Scenario): void => {
  const report = pathOn(entry, scenario);
  const result = resultOf(report, entry);
  if (entry.detection.kind === 'manual') {
    expect(result).toMatchObject({ status: 'manual', manual: { command: entry.detection.command } });
    expect(result?.manual?.nodes.length).toBeGreaterThan(0);
    return;
  }
  expect(['fail', 'warn']).toContain(result?.status);
  const own = report.findings.filter((finding) => finding.check === entry.id);
  expect(own.length).toBeGreaterThan(0);
  for (const finding of own) {
    expect(finding.path).toEqual({ from: scenario.from, to: scenario.to });
    expect(finding.message).toMatch(/^[a-z0-9v$]/);
    expect(finding.remedy).toEqual(expect.any(String));
  }
};

/** The entry does not apply to the path, or passes, and has no finding. */
export const expectQuiet = (entry: KnownIssue, scenario: Scenario): void => {
  const report = pathOn(entry, scenario);
  const result = resultOf(report, entry);
  if (result !== undefined) expect(result.status).toBe('pass');
  expect(report.findings.filter((finding) => finding.check === entry.id)).toEqual([]);
};

/**
 * An informational entry fires: it applies, stays `pass` (info never changes the verdict) and gives findings of its
 * own, all `info`, each carrying the path and a remedy.
 */
export const expectInforms = (entry: KnownIssue, scenario: Scenario): void => {
  const report = pathOn(entry, scenario);
  expect(resultOf(report, entry)?.status).toBe('pass');
  const own = report.findings.filter((finding) => finding.check === entry.id);
  expect(own.length).toBeGreaterThan(0);
  for (const finding of own) {
    expect(finding.severity).toBe('info');
    expect(finding.path).toEqual({ from: scenario.from, to: scenario.to });
    expect(finding.message).toMatch(/^[a-z0-9v$]/);
    expect(finding.remedy).toEqual(expect.any(String));
  }
};
