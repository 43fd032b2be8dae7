/**
 * Versions as Harvester, RKE2 and KubeVirt write them: `v1.4.2`, `v1.4.2-rc1`, `v1.5.0-dev-20250101`,
 * `v1.31.4+rke2r1`, `1.3.1`. Build metadata (`+rke2r1`) is ignored for ordering, as semver says.
 */
export interface Version {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** `rc1`, `dev-20250101`; empty for a release. */
  readonly prerelease: string;
  readonly text: string;
}

const VERSION = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

export const parseVersion = (text: string | undefined): Version | undefined => {
  // A version field of the wrong type in a hand-edited bundle is no version at all.
  const match = VERSION.exec(typeof text === 'string' ? text.trim() : '');
  if (!match) return undefined;
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3] ?? '0'),
    prerelease: match[4] ?? '',
    text: (text ?? '').trim(),
  };
};

/** Numeric identifiers compare as numbers (rc2 < rc10); a release sorts after its prereleases. */
const comparePrerelease = (a: string, b: string): number => {
  if (a === b) return 0;
  if (a === '') return 1;
  if (b === '') return -1;
  return a.localeCompare(b, 'en', { numeric: true });
};

export const compareVersions = (a: Version, b: Version): number =>
  a.major - b.major || a.minor - b.minor || a.patch - b.patch || comparePrerelease(a.prerelease, b.prerelease);

/** `a` is at or after major.minor.patch, counting that release's prereleases (v1.5.0-rc1 is at least v1.5.0). */
export const atLeast = (a: Version, major: number, minor: number, patch = 0): boolean =>
  (a.major - major || a.minor - minor || a.patch - patch) >= 0;

export const sameMinor = (a: Version, major: number, minor: number): boolean => a.major === major && a.minor === minor;

export const minorText = (version: Version): string => `v${String(version.major)}.${String(version.minor)}`;
