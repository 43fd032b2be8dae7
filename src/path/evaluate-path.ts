import { naming, type Finding } from '../model/finding.js';
import { SERVER_VERSION_SETTING, settingNamed, settingValue, type Version } from '../model/harvester.js';
import { nameOf, namespaceOf } from '../model/kube-object.js';
import { inputName, inputOf, itemsOf, type ClusterSnapshot, type InputKey } from '../model/snapshot.js';
import {
  checkUpgradeEligibility,
  compareSemver,
  GUARD_MESSAGES,
  newestFirst,
  parseHarvesterVersion,
  type GuardRefusal,
  type HarvesterVersion,
} from './harvester-version.js';
import type { KnownIssue, PathContext, VersionRange } from './known-issue.js';
import { KNOWN_ISSUE_INPUTS, KNOWN_ISSUES } from './known-issues/index.js';
import { componentsOf, type ReleaseComponents } from './releases.js';
import { sh } from '../model/shell.js';

/** Harvester keeps Version objects here (harvester-domain.md §0). */
const VERSION_NAMESPACE = 'harvester-system';
export const GUARD_ID = 'harvester-version-guard';
export const GUARD_TITLE = "Harvester's version guard accepts the upgrade";
const GUARD_PROBLEM = {
  fail: "Harvester's version guard refuses the upgrade",
  warn: "Harvester's version guard may refuse the upgrade",
} as const;
const GUARD_SOURCE = 'https://github.com/harvester/harvester/blob/master/pkg/upgradehelper/versionguard/version.go';

/** Everything a path evaluation reads. */
export const PATH_INPUTS: readonly InputKey[] = ['harvesterSettings', 'versions', 'nodes', ...KNOWN_ISSUE_INPUTS];

export type PathPlan =
  | {
      readonly kind: 'path';
      readonly from: HarvesterVersion;
      readonly to: HarvesterVersion;
      /** `flag`: --to; `newest-version`: the newest Version object newer than the running version. */
      readonly target: 'flag' | 'newest-version';
      readonly version: Version | undefined;
    }
  | { readonly kind: 'none'; readonly reason: string }
  | { readonly kind: 'usage'; readonly message: string };

const versionObjects = (snapshot: ClusterSnapshot): readonly Version[] =>
  itemsOf(snapshot, 'versions').filter((version) => (namespaceOf(version) || VERSION_NAMESPACE) === VERSION_NAMESPACE);

/** An Upgrade names its Version object in spec.version, and the guard parses that name (versionguard/version.go). */
const versionNamed = (snapshot: ClusterSnapshot, text: string): Version | undefined => {
  const bare = text.replace(/^v/, '');
  return versionObjects(snapshot).find((version) => nameOf(version).replace(/^v/, '') === bare);
};

/**
 * The path to evaluate: from setting server-version (what the controller records as status.previousVersion,
 * upgrade_controller.go) to --to, or to the newest Version object newer than it. A --to that Harvester would refuse
 * as a downgrade is the user's mistake: a usage error.
 */
export const planPath = (snapshot: ClusterSnapshot, to: string | undefined): PathPlan => {
  const settings = inputOf(snapshot, 'harvesterSettings');
  if (settings.status !== 'ok')
    return { kind: 'none', reason: `${inputName('harvesterSettings')}: ${settings.reason}` };
  const fromText = settingValue(settingNamed(itemsOf(snapshot, 'harvesterSettings'), SERVER_VERSION_SETTING));
  const from = parseHarvesterVersion(fromText);
  if (!from) return { kind: 'none', reason: 'the running version is unknown (no server-version setting)' };

  if (to !== undefined) {
    const target = parseHarvesterVersion(to);
    if (!target) return { kind: 'usage', message: '--to: give the version to upgrade to, such as v1.5.0' };
    if (checkUpgradeEligibility(from, target, undefined) === 'downgrade') {
      return {
        kind: 'usage',
        message: `--to ${target.text}: this cluster runs ${from.text}, and Harvester refuses downgrades (${GUARD_MESSAGES.downgrade})`,
      };
    }
    return { kind: 'path', from, to: target, target: 'flag', version: versionNamed(snapshot, target.text) };
  }

  const versions = inputOf(snapshot, 'versions');
  if (versions.status !== 'ok') return { kind: 'none', reason: `${inputName('versions')}: ${versions.reason}` };
  const candidates = versionObjects(snapshot).flatMap((object) => {
    const version = parseHarvesterVersion(nameOf(object));
    return version && !version.dev && (from.dev || compareSemver(version, from) > 0) ? [{ object, version }] : [];
  });
  const [newest] = newestFirst(candidates, (candidate) => candidate.version);
  if (!newest) {
    return {
      kind: 'none',
      reason: `no Version object in ${VERSION_NAMESPACE} is newer than ${from.text}; pass --to VERSION`,
    };
  }
  return { kind: 'path', from, to: newest.version, target: 'newest-version', version: newest.object };
};

export type PathEntryStatus = 'fail' | 'warn' | 'pass' | 'manual' | 'not-evaluated';

export interface PathEntry {
  readonly id: string;
  readonly title: string;
  /** The first upstream source; `sources` has them all. */
  readonly source: string;
  readonly sources: readonly string[];
  readonly status: PathEntryStatus;
  readonly reason?: string;
  /** For `fail` and `warn`: what was found, which a report shows instead of the title. */
  readonly problem?: string;
  /** A manual entry: the command to run on each node and what a good result looks like. */
  readonly manual?: { readonly command: string; readonly expect: string; readonly nodes: readonly string[] };
  readonly remedy: string;
}

/** A finding that belongs to one upgrade path. */
export interface PathFinding extends Finding {
  readonly path: { readonly from: string; readonly to: string };
}

export interface PathReport {
  readonly from: string;
  readonly to: string;
  readonly target: 'flag' | 'newest-version';
  readonly minUpgradableVersion: string | null;
  readonly components: { readonly from: ReleaseComponents | null; readonly to: ReleaseComponents | null };
  readonly entries: readonly PathEntry[];
  readonly findings: readonly PathFinding[];
}

export const inRange = (version: HarvesterVersion, range: VersionRange): boolean => {
  if (version.dev) return false;
  const atLeast = parseHarvesterVersion(range.atLeast);
  const below = parseHarvesterVersion(range.below);
  return (!atLeast || compareSemver(version, atLeast) >= 0) && (!below || compareSemver(version, below) < 0);
};

export const appliesToPath = (entry: KnownIssue, from: HarvesterVersion, to: HarvesterVersion): boolean =>
  inRange(from, entry.from) && inRange(to, entry.to);

const statusOf = (findings: readonly Finding[]): PathEntryStatus => {
  if (findings.some((finding) => finding.severity === 'error')) return 'fail';
  if (findings.some((finding) => finding.severity === 'warning')) return 'warn';
  return 'pass';
};

const stable = (version: HarvesterVersion): string =>
  `v${String(version.major)}.${String(version.minor)}.${String(version.patch)}`;

const refusalFinding = (
  refusal: GuardRefusal,
  from: HarvesterVersion,
  to: HarvesterVersion,
  min: HarvesterVersion | undefined,
): Finding => {
  const object = { kind: 'Version', namespace: VERSION_NAMESPACE, name: to.text };
  const why = GUARD_MESSAGES[refusal];
  const base = { check: GUARD_ID, severity: 'error' as const, object };
  switch (refusal) {
    case 'below-min-upgradable':
      return {
        ...base,
        message: `${from.text} is below ${to.text}'s minUpgradableVersion ${min?.text ?? ''}, so Harvester fails the Upgrade (${why})`,
        remedy: `Upgrade to ${min?.text ?? 'the minimum upgradable version'} or later first (https://docs.harvesterhci.io/v1.8/upgrade/index#upgrade-paths).`,
      };
    case 'dev-upgrade':
      return {
        ...base,
        message: `${from.text} is a dev version, and Harvester upgrades a dev version only to another dev version (${why})`,
        remedy:
          'Reinstall with a release; annotating the Upgrade harvesterhci.io/skip-version-check: "true" bypasses the guard, untested.',
      };
    case 'prerelease-cross-version':
      return {
        ...base,
        message: `${from.text} is a prerelease, and Harvester upgrades a prerelease only within its own release (${why})`,
        remedy: `Upgrade to ${stable(from)} first.`,
      };
    case 'incomparable':
      return {
        ...base,
        message: `${to.text}'s minUpgradableVersion ${min?.text ?? ''} is not a release version, and Harvester cannot compare it (${why})`,
        remedy: 'Fix spec.minUpgradableVersion of the Version object.',
      };
    case 'downgrade':
      return {
        ...base,
        message: `${to.text} is older than ${from.text} (${why})`,
        remedy: 'Choose a newer version.',
      };
  }
};

/**
 * Harvester's version guard (versionguard.Check from upgrade_controller.go upgradeEligibilityCheck). The controller
 * reads minUpgradableVersion from the release metadata of the upgrade repository; the Version object carries the
 * requirement the upgrade responder published for that release (version_syncer.go getNewVersion), so it is read
 * from there before the upgrade starts.
 */
const guard = (
  snapshot: ClusterSnapshot,
  plan: Extract<PathPlan, { kind: 'path' }>,
): { entry: PathEntry; findings: Finding[]; min: HarvesterVersion | undefined } => {
  const versions = inputOf(snapshot, 'versions');
  const min = parseHarvesterVersion(plan.version?.spec?.minUpgradableVersion);
  const findings: Finding[] = [];
  const refusal = checkUpgradeEligibility(plan.from, plan.to, min);
  if (refusal) findings.push(refusalFinding(refusal, plan.from, plan.to, min));
  let reason: string | undefined;
  if (versions.status !== 'ok') {
    reason = `minUpgradableVersion not checked: ${inputName('versions')}: ${versions.reason}`;
  } else if (!plan.version) {
    findings.push({
      check: GUARD_ID,
      severity: 'warning',
      object: { kind: 'Version', namespace: VERSION_NAMESPACE, name: plan.to.text },
      message: `no Version object ${plan.to.text} in ${VERSION_NAMESPACE}, so Harvester's upgrade webhook refuses an Upgrade to it (version ${plan.to.text} is not found) and its minUpgradableVersion is unknown`,
      remedy: `Create it: ${sh`kubectl create -f https://releases.rancher.com/harvester/${plan.to.text}/version.yaml`} (air-gapped: point isoURL at a local copy first, https://docs.harvesterhci.io/v1.8/upgrade/index#prepare-an-air-gapped-upgrade).`,
    });
  }
  const status = findings.length > 0 ? statusOf(findings) : reason ? 'not-evaluated' : 'pass';
  return {
    entry: {
      id: GUARD_ID,
      title: GUARD_TITLE,
      ...(status === 'fail' || status === 'warn' ? { problem: naming(findings, GUARD_PROBLEM[status]) } : {}),
      source: GUARD_SOURCE,
      sources: [GUARD_SOURCE, 'https://github.com/harvester/go-common/blob/main/version/upgrade.go'],
      status,
      ...(reason && status === 'not-evaluated' ? { reason } : {}),
      remedy: 'Upgrade along the documented paths.',
    },
    findings,
    min,
  };
};

const evaluateEntry = (
  snapshot: ClusterSnapshot,
  entry: KnownIssue,
  context: PathContext,
): { entry: PathEntry; findings: readonly Finding[] } => {
  const common = {
    id: entry.id,
    title: entry.title,
    source: entry.sources[0] ?? '',
    sources: entry.sources,
    remedy: entry.remedy,
  };
  const { detection } = entry;
  if (detection.kind === 'manual') {
    const nodes = inputOf(snapshot, 'nodes').status === 'ok' ? itemsOf(snapshot, 'nodes').map(nameOf) : [];
    return {
      entry: { ...common, status: 'manual', manual: { command: detection.command, expect: detection.expect, nodes } },
      findings: [],
    };
  }
  for (const key of detection.needs) {
    const input = inputOf(snapshot, key);
    if (input.status !== 'ok') {
      const reason = input.reason.includes(inputName(key)) ? input.reason : `${inputName(key)}: ${input.reason}`;
      return { entry: { ...common, status: 'not-evaluated', reason }, findings: [] };
    }
  }
  try {
    const result = detection.run(snapshot, context);
    if ('notEvaluated' in result)
      return { entry: { ...common, status: 'not-evaluated', reason: result.notEvaluated }, findings: [] };
    const status = statusOf(result);
    const problem =
      status === 'fail' || status === 'warn'
        ? { problem: detection.problem(result.filter((finding) => finding.severity !== 'info')) }
        : {};
    return { entry: { ...common, status, ...problem }, findings: result };
  } catch (error) {
    const reason = `check failed: ${error instanceof Error ? error.message : String(error)}`;
    return { entry: { ...common, status: 'not-evaluated', reason }, findings: [] };
  }
};

/** The version guard, then every knowledge-base entry whose source and target ranges hold this path. */
export const evaluatePath = (
  snapshot: ClusterSnapshot,
  plan: Extract<PathPlan, { kind: 'path' }>,
  issues: readonly KnownIssue[] = KNOWN_ISSUES,
): PathReport => {
  const context: PathContext = {
    from: plan.from,
    to: plan.to,
    fromRelease: componentsOf(plan.from),
    toRelease: componentsOf(plan.to),
  };
  const checked = guard(snapshot, plan);
  const evaluated = issues
    .filter((entry) => appliesToPath(entry, plan.from, plan.to))
    .map((entry) => evaluateEntry(snapshot, entry, context));
  const path = { from: plan.from.text, to: plan.to.text };
  return {
    from: plan.from.text,
    to: plan.to.text,
    target: plan.target,
    minUpgradableVersion: checked.min?.text ?? null,
    components: { from: context.fromRelease ?? null, to: context.toRelease ?? null },
    entries: [checked.entry, ...evaluated.map((result) => result.entry)],
    // A copy each: a YAML writer marks an object met twice as an anchor and an alias (`path: &a1`, `path: *a1`).
    findings: [...checked.findings, ...evaluated.flatMap((result) => result.findings)].map((finding) => ({
      ...finding,
      path: { ...path },
    })),
  };
};
