import { aNode, aSetting, snapshotOf } from '../../test/builders.js';
import type { Version } from '../model/harvester.js';
import type { ClusterSnapshot } from '../model/snapshot.js';
import { evaluatePath, GUARD_ID, planPath, type PathPlan } from './evaluate-path.js';
import { componentsOf, isDocumentedPath } from './releases.js';
import { parseHarvesterVersion } from './harvester-version.js';

const aVersion = (name: string, minUpgradableVersion?: string): Version => ({
  apiVersion: 'harvesterhci.io/v1beta1',
  kind: 'Version',
  metadata: { name, namespace: 'harvester-system' },
  spec: { isoURL: `https://example/${name}.iso`, ...(minUpgradableVersion ? { minUpgradableVersion } : {}) },
});
const cluster = (running: string, versions: readonly Version[]): ClusterSnapshot =>
  snapshotOf({ harvesterSettings: [aSetting('server-version', running)], versions, nodes: [aNode('node-1')] });
const pathPlan = (plan: PathPlan): Extract<PathPlan, { kind: 'path' }> => {
  if (plan.kind !== 'path') throw new Error(`no path: ${JSON.stringify(plan)}`);
  return plan;
};
const v = (text: string) => {
  const parsed = parseHarvesterVersion(text);
  if (!parsed) throw new Error(text);
  return parsed;
};

describe('planPath', () => {
  it('takes the newest Version object newer than the running version, ignoring older and dev ones', () => {
    const snapshot = cluster('v1.4.1', [
      aVersion('v1.4.0'),
      aVersion('v1.4.2-rc1'),
      aVersion('v1.4.2'),
      aVersion('v1.5-head'),
    ]);
    expect(pathPlan(planPath(snapshot, undefined))).toMatchObject({ to: { text: 'v1.4.2' }, target: 'newest-version' });
  });

  it('has no path when nothing newer is offered, and says so', () => {
    expect(planPath(cluster('v1.4.2', [aVersion('v1.4.2')]), undefined)).toEqual({
      kind: 'none',
      reason: 'no Version object in harvester-system is newer than v1.4.2; pass --to VERSION',
    });
  });

  it('refuses a downgrade given with --to, rc below its release included, as a usage error', () => {
    expect(planPath(cluster('v1.4.2', []), 'v1.4.2-rc2')).toMatchObject({ kind: 'usage' });
    expect(planPath(cluster('v1.4.2', []), '')).toMatchObject({ kind: 'usage' });
    expect(pathPlan(planPath(cluster('v1.4.2', [aVersion('v1.5.0')]), '1.5.0')).version?.metadata?.name).toBe('v1.5.0');
  });

  it('cannot plan without the running version', () => {
    expect(planPath(snapshotOf({ harvesterSettings: [] }), 'v1.5.0')).toMatchObject({ kind: 'none' });
    expect(
      planPath(
        snapshotOf({}, { harvesterSettings: { status: 'forbidden', reason: 'forbidden: list settings' } }),
        'v1.5.0',
      ),
    ).toMatchObject({
      kind: 'none',
      reason: expect.stringContaining('forbidden') as unknown,
    });
  });
});

describe("evaluatePath: Harvester's version guard", () => {
  it('reports a source below the target minUpgradableVersion as an error naming both versions', () => {
    const snapshot = cluster('v1.4.0', [aVersion('v1.4.2', 'v1.4.1')]);
    const report = evaluatePath(snapshot, pathPlan(planPath(snapshot, 'v1.4.2')));
    expect(report.minUpgradableVersion).toBe('v1.4.1');
    expect(report.entries[0]).toMatchObject({ id: GUARD_ID, status: 'fail' });
    expect(report.findings).toContainEqual({
      check: GUARD_ID,
      severity: 'error',
      object: { kind: 'Version', namespace: 'harvester-system', name: 'v1.4.2' },
      message:
        "v1.4.0 is below v1.4.2's minUpgradableVersion v1.4.1, so Harvester fails the Upgrade (current version does not meet minimum upgrade requirement)",
      remedy: expect.stringContaining('Upgrade to v1.4.1 or later first') as unknown,
      path: { from: 'v1.4.0', to: 'v1.4.2' },
    });
  });

  it('refuses a prerelease moving to another release, and a dev version moving to a release', () => {
    const rc = cluster('v1.4.2-rc1', [aVersion('v1.5.0')]);
    expect(evaluatePath(rc, pathPlan(planPath(rc, 'v1.5.0'))).findings.map((f) => f.message)).toEqual([
      expect.stringContaining('cross-version upgrades from/to any prerelease version are prohibited'),
    ]);
    const dev = cluster('v1.5-head', [aVersion('v1.5.0')]);
    expect(evaluatePath(dev, pathPlan(planPath(dev, 'v1.5.0'))).findings.map((f) => f.message)).toEqual([
      expect.stringContaining('upgrading from dev versions to non-dev versions is prohibited'),
    ]);
  });

  it('passes a target at or above the requirement', () => {
    const snapshot = cluster('v1.4.1', [aVersion('v1.4.2', 'v1.4.1')]);
    const report = evaluatePath(snapshot, pathPlan(planPath(snapshot, 'v1.4.2')));
    expect(report.entries[0]).toMatchObject({ id: GUARD_ID, status: 'pass' });
    expect(report.findings.filter((finding) => finding.check === GUARD_ID)).toEqual([]);
  });

  it('is not evaluated, never passed, when Version objects could not be read', () => {
    const snapshot = snapshotOf(
      { harvesterSettings: [aSetting('server-version', 'v1.4.1')], nodes: [] },
      { versions: { status: 'forbidden', reason: 'forbidden: list versions.harvesterhci.io' } },
    );
    const report = evaluatePath(snapshot, pathPlan(planPath(snapshot, 'v1.4.2')));
    expect(report.entries[0]).toMatchObject({
      id: GUARD_ID,
      status: 'not-evaluated',
      reason: expect.stringContaining('forbidden') as unknown,
    });
  });

  it('marks an entry whose input was not read as not evaluated', () => {
    const snapshot = cluster('v1.4.0', [aVersion('v1.4.1')]);
    const report = evaluatePath(snapshot, pathPlan(planPath(snapshot, 'v1.4.1')));
    expect(report.entries.find((entry) => entry.id === 'longhorn-orphan-engine-budget')).toMatchObject({
      status: 'not-evaluated',
    });
  });
});

describe('the release table', () => {
  it('knows listed releases exactly, prereleases by their own row or their release, later patches by minor', () => {
    expect(componentsOf(v('v1.4.2-rc1'))).toMatchObject({
      kubevirt: '1.3.1',
      kubevirtNodePlacement: false,
      rke2: 'v1.31.4+rke2r1',
      precision: 'exact',
    });
    expect(componentsOf(v('v1.5.0-rc3'))).toMatchObject({ kubevirt: '1.4.0', precision: 'release' });
    expect(componentsOf(v('v1.8.3'))).toMatchObject({ rke2: 'v1.35', kubevirtNodePlacement: true, precision: 'minor' });
    expect(componentsOf(v('v1.10.0'))).toBeUndefined();
    expect(componentsOf(v('v1.5-head'))).toBeUndefined();
  });

  it('matches the documented upgrade paths', () => {
    expect(isDocumentedPath(v('v1.4.0'), v('v1.4.1'))).toBe(true);
    expect(isDocumentedPath(v('v1.4.0'), v('v1.4.2'))).toBe(false);
    expect(isDocumentedPath(v('v1.5.2'), v('v1.6.1'))).toBe(true);
    expect(isDocumentedPath(v('v1.7.0'), v('v1.7.1'))).toBe(true);
    expect(isDocumentedPath(v('v1.7.1'), v('v1.7.0'))).toBe(false);
    expect(isDocumentedPath(v('v1.9.0'), v('v1.10.0'))).toBeUndefined();
  });
});

describe('evaluatePath: findings', () => {
  it('gives each finding its own path object, so that -o yaml writes no anchor and alias for it', () => {
    // v1.4.0 below v1.4.2's minUpgradableVersion, and kube-system/rke2-multus absent: two findings of one path.
    const snapshot = snapshotOf({
      harvesterSettings: [aSetting('server-version', 'v1.4.0')],
      versions: [aVersion('v1.4.2', 'v1.4.1')],
      nodes: [aNode('node-1')],
      helmChartConfigs: [],
    });
    const [first, second] = evaluatePath(snapshot, pathPlan(planPath(snapshot, 'v1.4.2'))).findings;
    expect(first?.path).toEqual(second?.path);
    expect(first?.path).not.toBe(second?.path);
  });
});
