/**
 * Harvester's own reading of versions, as its upgrade controller decides eligibility: harvester/harvester
 * pkg/upgradehelper/versionguard/version.go `Check` (called from pkg/controller/master/upgrade/upgrade_controller.go
 * `upgradeEligibilityCheck` with strict mode on) over harvester/go-common version/version.go and version/upgrade.go,
 * which order versions with Masterminds/semver v3 (go-common go.mod: v3.4.0).
 *
 * - A string that is not a strict semantic version once a leading `v` is dropped is a dev version (`v1.2-head`,
 *   `f024f49a`). `v1.5.0-dev-20250101` is strict semver, so it is a prerelease, not a dev version.
 * - Prerelease identifiers compare as semver says: numeric ones as numbers and below alphanumeric ones, which compare
 *   byte by byte. So `rc10` sorts before `rc9`, as it does for Harvester.
 */
export interface HarvesterVersion {
  readonly text: string;
  readonly dev: boolean;
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** Dot-separated prerelease identifiers; empty for a release or a dev version. */
  readonly prerelease: readonly string[];
}

/** semver.org's strict grammar (no leading zeros, optional prerelease and build metadata). */
const STRICT =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*)?$/;

/** undefined only for an empty string, which go-common rejects (ErrInvalidVersion); anything else parses. */
export const parseHarvesterVersion = (text: string | undefined): HarvesterVersion | undefined => {
  const raw = (text ?? '').trim();
  const trimmed = raw.startsWith('v') ? raw.slice(1) : raw;
  if (trimmed === '') return undefined;
  const match = STRICT.exec(trimmed);
  if (!match) return { text: raw, dev: true, major: 0, minor: 0, patch: 0, prerelease: [] };
  return {
    text: raw,
    dev: false,
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3]),
    prerelease: match[4] ? match[4].split('.') : [],
  };
};

const isPrerelease = (version: HarvesterVersion): boolean => version.prerelease.length > 0;

const NUMERIC = /^\d+$/;

/** Masterminds/semver v3 comparePrePart: a missing part sorts first, numbers before words, words byte-wise. */
const comparePart = (a: string | undefined, b: string | undefined): number => {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  const aNumeric = NUMERIC.test(a);
  const bNumeric = NUMERIC.test(b);
  if (aNumeric && bNumeric) return Number(a) > Number(b) ? 1 : -1;
  if (aNumeric) return -1;
  if (bNumeric) return 1;
  return a > b ? 1 : -1;
};

/** Semver precedence of two non-dev versions (build metadata ignored). */
export const compareSemver = (a: HarvesterVersion, b: HarvesterVersion): number => {
  const core = Math.sign(a.major - b.major || a.minor - b.minor || a.patch - b.patch);
  if (core !== 0) return core;
  if (!isPrerelease(a) || !isPrerelease(b)) return Number(isPrerelease(b)) - Number(isPrerelease(a));
  for (let index = 0; index < Math.max(a.prerelease.length, b.prerelease.length); index += 1) {
    const order = comparePart(a.prerelease[index], b.prerelease[index]);
    if (order !== 0) return order;
  }
  return 0;
};

/** Thrown where go-common answers ErrIncomparableVersion: a dev version compared with another version. */
class Incomparable extends Error {}

/**
 * go-common HarvesterVersion.IsNewer. A prerelease compared with a release is tested against `<release>-z`, so
 * v1.2.2-rc1 is newer than v1.2.1 but not newer than v1.2.2.
 */
const isNewer = (a: HarvesterVersion, b: HarvesterVersion): boolean => {
  if (a.dev || b.dev) throw new Incomparable();
  const against = isPrerelease(a) && !isPrerelease(b) ? { ...b, prerelease: ['z'] } : b;
  return compareSemver(a, against) > 0;
};

/** go-common IsEqual: a constraint without a prerelease never matches a prerelease (Masterminds' rule). */
const isEqual = (a: HarvesterVersion, b: HarvesterVersion): boolean => {
  if (a.dev || b.dev) {
    if (a.text === b.text) return true;
    throw new Incomparable();
  }
  if (isPrerelease(a) && !isPrerelease(b)) return false;
  return compareSemver(a, b) === 0;
};

const isOlder = (a: HarvesterVersion, b: HarvesterVersion): boolean => {
  if (a.dev || b.dev) throw new Incomparable();
  return !isNewer(a, b) && !isEqual(a, b);
};

/** go-common version/error.go, as the upgrade's Completed condition shows them. */
export const GUARD_MESSAGES = {
  downgrade: 'downgrading is prohibited',
  'below-min-upgradable': 'current version does not meet minimum upgrade requirement',
  'dev-upgrade': 'upgrading from dev versions to non-dev versions is prohibited',
  'prerelease-cross-version': 'cross-version upgrades from/to any prerelease version are prohibited',
  incomparable: 'incomparable: dev version',
} as const;

export type GuardRefusal = keyof typeof GUARD_MESSAGES;

/**
 * go-common HarvesterUpgradeVersion.CheckUpgradeEligibility, in its order: a dev target is always allowed; a dev
 * source only outside strict mode (the controller always passes strict); the same version is allowed; then a
 * downgrade, the minimum upgradable version, and a prerelease source moving to another release line are refused.
 * `min` undefined means no requirement.
 */
export const checkUpgradeEligibility = (
  current: HarvesterVersion,
  target: HarvesterVersion,
  min: HarvesterVersion | undefined,
  strict = true,
): GuardRefusal | undefined => {
  try {
    if (target.dev) return undefined;
    if (current.dev) return strict ? 'dev-upgrade' : undefined;
    if (isEqual(current, target)) return undefined;
    if (isNewer(current, target)) return 'downgrade';
    if (min && isOlder(current, min)) return 'below-min-upgradable';
    const stable = (version: HarvesterVersion): HarvesterVersion => ({ ...version, prerelease: [] });
    if (isPrerelease(current) && compareSemver(stable(current), stable(target)) !== 0) {
      return 'prerelease-cross-version';
    }
    return undefined;
  } catch (error) {
    if (error instanceof Incomparable) return 'incomparable';
    throw error;
  }
};

/** Newest first among non-dev versions by semver precedence; dev versions last, in their given order. */
export const newestFirst = <T>(items: readonly T[], versionOf: (item: T) => HarvesterVersion): T[] =>
  [...items].sort((a, b) => {
    const va = versionOf(a);
    const vb = versionOf(b);
    if (va.dev || vb.dev) return Number(va.dev) - Number(vb.dev);
    return compareSemver(vb, va);
  });
