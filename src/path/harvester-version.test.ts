import {
  checkUpgradeEligibility,
  compareSemver,
  parseHarvesterVersion,
  type HarvesterVersion,
} from './harvester-version.js';

const v = (text: string): HarvesterVersion => {
  const parsed = parseHarvesterVersion(text);
  if (!parsed) throw new Error(`unparseable ${text}`);
  return parsed;
};
const eligibility = (current: string, target: string, min = '', strict = true): string | undefined =>
  checkUpgradeEligibility(v(current), v(target), parseHarvesterVersion(min), strict);

describe("Harvester's version parsing", () => {
  it('takes strict semver as releases and prereleases, anything else as a dev version', () => {
    expect(v('v1.4.2')).toMatchObject({ dev: false, major: 1, minor: 4, patch: 2, prerelease: [] });
    expect(v('v1.5.0-dev-20250101')).toMatchObject({ dev: false, prerelease: ['dev-20250101'] });
    expect(v('v1.2-head').dev).toBe(true);
    expect(v('f024f49a').dev).toBe(true);
    expect(parseHarvesterVersion('')).toBeUndefined();
    expect(parseHarvesterVersion('v')).toBeUndefined();
  });

  it('orders prereleases as semver does: words byte-wise, so rc10 sorts before rc9', () => {
    expect(compareSemver(v('v1.2.2-rc10'), v('v1.2.2-rc9'))).toBe(-1);
    expect(compareSemver(v('v1.2.2-rc1'), v('v1.2.2'))).toBe(-1);
    expect(compareSemver(v('v1.2.2-rc.2'), v('v1.2.2-rc.10'))).toBe(-1);
    expect(compareSemver(v('v1.4.0-0'), v('v1.4.0-rc1'))).toBe(-1);
    expect(compareSemver(v('v1.4.2+build'), v('v1.4.2'))).toBe(0);
  });
});

// The cases of harvester/go-common version/upgrade_test.go TestHarvesterUpgradeVersion_CheckUpgradeEligibility.
describe('checkUpgradeEligibility decides as the upgrade controller does', () => {
  it.each([
    ['v1.2.1', 'v1.2.1', 'v1.1.2', undefined],
    ['v1.1.2', 'v1.2.1', 'v1.1.2', undefined],
    ['v1.1.1', 'v1.2.1', 'v1.1.2', 'below-min-upgradable'],
    ['v1.2.1', 'v1.2.0', 'v1.1.2', 'downgrade'],
    ['v1.1.1', 'v1.2.1-rc1', 'v1.1.2', 'below-min-upgradable'],
    ['v1.2.1', 'v1.2.1-rc1', 'v1.1.2', 'downgrade'],
    ['v1.2.1', 'v1.2-ab12cd34', '', undefined],
    ['v1.2.2-rc1', 'v1.2.2-rc1', 'v1.2.1', undefined],
    ['v1.2.0-rc1', 'v1.2.1', 'v1.1.2', 'prerelease-cross-version'],
    ['v1.1.2-rc1', 'v1.2.1', 'v1.1.2', 'below-min-upgradable'],
    ['v1.2.2-rc1', 'v1.2.2-rc2', 'v1.2.1', undefined],
    ['v1.2.2-rc1', 'v1.2.2', 'v1.2.1', undefined],
    ['v1.2.2-rc2', 'v1.2.2-rc1', 'v1.2.1', 'downgrade'],
    ['v1.2-ab12cd34', 'v1.2.1', 'v1.1.2', 'dev-upgrade'],
    ['v1.2.1', 'v1.3.0', '', undefined],
  ])('%s → %s (min %s): %s', (current, target, min, expected) => {
    expect(eligibility(current, target, min)).toBe(expected);
  });

  it('lets a dev version upgrade to a release outside strict mode', () => {
    expect(eligibility('v1.2-ab12cd34', 'v1.2.1', 'v1.1.2', false)).toBeUndefined();
  });

  it('cannot compare against a dev minUpgradableVersion', () => {
    expect(eligibility('v1.2.1', 'v1.3.0', 'v1.2-head')).toBe('incomparable');
  });
});
