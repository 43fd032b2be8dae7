import { compareSemver, parseHarvesterVersion, type HarvesterVersion } from './harvester-version.js';

/** What one Harvester release ships. Versions as their projects write them. */
export interface Release {
  readonly harvester: string;
  /** RKE2, which fixes the Kubernetes version (`v1.31.4+rke2r1`). */
  readonly rke2?: string;
  readonly rancher?: string;
  /** virt-operator image tag in the chart, without the SUSE build suffix. */
  readonly kubevirt: string;
  readonly longhorn: string;
  /**
   * The chart's KubeVirt CR sets `spec.infra.nodePlacement: {}` (harvester/harvester PR #7725, first in
   * v1.4.2-rc2), which keeps KubeVirt 1.3's control-plane-only default placement away.
   */
  readonly kubevirtNodePlacement: boolean;
  /**
   * The chart's KubeVirt `spec.workloadUpdateStrategy.workloadUpdateMethods` (deploy/charts/harvester/values.yaml);
   * `['LiveMigrate']` from v1.6.0.
   */
  readonly kubevirtWorkloadUpdateMethods?: readonly string[];
}

/**
 * Per release, read at each tag: KubeVirt and `nodePlacement` from harvester/harvester
 * deploy/charts/harvester/values.yaml (virt-operator `tag: &kubevirtVersion`, kubevirt.spec.infra), Longhorn from
 * deploy/charts/harvester/Chart.yaml; RKE2 and Rancher from harvester/harvester-installer scripts/version-rke2 and
 * scripts/version-rancher (harvester-domain.md §7). v1.4.2-rc1 is listed because it is the one release that shipped
 * KubeVirt 1.3 without the nodePlacement fix (harvester/harvester#7647).
 */
export const RELEASES: readonly Release[] = [
  {
    harvester: 'v1.2.0',
    rke2: 'v1.25.9+rke2r1',
    rancher: 'v2.7.5',
    kubevirt: '0.54.0',
    longhorn: '1.4.3',
    kubevirtNodePlacement: false,
  },
  {
    harvester: 'v1.2.1',
    rke2: 'v1.25.9+rke2r1',
    rancher: 'v2.7.5',
    kubevirt: '0.54.0',
    longhorn: '1.4.3',
    kubevirtNodePlacement: false,
  },
  {
    harvester: 'v1.2.2',
    rke2: 'v1.26.15+rke2r1',
    rancher: 'v2.8.2',
    kubevirt: '1.1.1',
    longhorn: '1.5.5',
    kubevirtNodePlacement: false,
  },
  {
    harvester: 'v1.3.0',
    rke2: 'v1.27.10+rke2r1',
    rancher: 'v2.8.2',
    kubevirt: '1.1.0',
    longhorn: '1.6.0',
    kubevirtNodePlacement: false,
  },
  {
    harvester: 'v1.3.1',
    rke2: 'v1.27.13+rke2r1',
    rancher: 'v2.8.3',
    kubevirt: '1.1.1',
    longhorn: '1.6.2',
    kubevirtNodePlacement: false,
  },
  {
    harvester: 'v1.3.2',
    rke2: 'v1.28.12+rke2r1',
    rancher: 'v2.8.5',
    kubevirt: '1.1.1',
    longhorn: '1.6.2',
    kubevirtNodePlacement: false,
  },
  {
    harvester: 'v1.4.0',
    rke2: 'v1.29.9+rke2r1',
    rancher: 'v2.9.2',
    kubevirt: '1.2.2',
    longhorn: '1.7.2',
    kubevirtNodePlacement: false,
  },
  {
    harvester: 'v1.4.1',
    rke2: 'v1.30.7+rke2r1',
    rancher: 'v2.9.3',
    kubevirt: '1.2.2',
    longhorn: '1.7.2',
    kubevirtNodePlacement: false,
  },
  { harvester: 'v1.4.2-rc1', kubevirt: '1.3.1', longhorn: '1.7.2', kubevirtNodePlacement: false },
  {
    harvester: 'v1.4.2',
    rke2: 'v1.31.4+rke2r1',
    rancher: 'v2.10.1',
    kubevirt: '1.3.1',
    longhorn: '1.7.2',
    kubevirtNodePlacement: true,
  },
  {
    harvester: 'v1.4.3',
    rke2: 'v1.31.7+rke2r1',
    rancher: 'v2.10.1',
    kubevirt: '1.3.1',
    longhorn: '1.7.3',
    kubevirtNodePlacement: true,
  },
  {
    harvester: 'v1.5.0',
    rke2: 'v1.32.3+rke2r1',
    rancher: 'v2.11.0',
    kubevirt: '1.4.0',
    longhorn: '1.8.1',
    kubevirtNodePlacement: true,
  },
  {
    harvester: 'v1.5.1',
    rke2: 'v1.32.4+rke2r1',
    rancher: 'v2.11.2',
    kubevirt: '1.4.0',
    longhorn: '1.8.2',
    kubevirtNodePlacement: true,
  },
  { harvester: 'v1.5.2', rke2: 'v1.32.7+rke2r1', kubevirt: '1.4.1', longhorn: '1.8.2', kubevirtNodePlacement: true },
  {
    harvester: 'v1.6.0',
    rke2: 'v1.33.3+rke2r1',
    rancher: 'v2.12.0',
    kubevirt: '1.5.2',
    longhorn: '1.9.1',
    kubevirtNodePlacement: true,
  },
  {
    harvester: 'v1.6.1',
    rke2: 'v1.33.5+rke2r1',
    rancher: 'v2.12.2',
    kubevirt: '1.5.2',
    longhorn: '1.9.2',
    kubevirtNodePlacement: true,
  },
  {
    harvester: 'v1.7.0',
    rke2: 'v1.34.2+rke2r1',
    rancher: 'v2.13.0',
    kubevirt: '1.6.3',
    longhorn: '1.10.1',
    kubevirtNodePlacement: true,
  },
  {
    harvester: 'v1.7.1',
    rke2: 'v1.34.3+rke2r3',
    rancher: 'v2.13.1',
    kubevirt: '1.6.3',
    longhorn: '1.10.2',
    kubevirtNodePlacement: true,
  },
  {
    harvester: 'v1.8.0',
    rke2: 'v1.35.2+rke2r1',
    rancher: 'v2.14.0',
    kubevirt: '1.7.0',
    longhorn: '1.11.1',
    kubevirtNodePlacement: true,
  },
  {
    harvester: 'v1.8.1',
    rke2: 'v1.35.6+rke2r1',
    rancher: 'v2.14.2',
    kubevirt: '1.7.0',
    longhorn: '1.11.2',
    kubevirtNodePlacement: true,
  },
];

/**
 * From v1.5 Harvester keeps one minor of each component per Harvester minor (harvester/docs
 * versioned_docs/version-v1.8/upgrade/automatic.md, "Upgrade paths": the component table), so a patch release not
 * listed above is known at minor precision.
 */
export const COMPONENT_MINORS: readonly {
  readonly harvester: string;
  readonly rke2: string;
  readonly rancher: string;
  readonly kubevirt: string;
  readonly longhorn: string;
}[] = [
  { harvester: 'v1.5', rke2: 'v1.32', rancher: 'v2.11', kubevirt: '1.4', longhorn: '1.8' },
  { harvester: 'v1.6', rke2: 'v1.33', rancher: 'v2.12', kubevirt: '1.5', longhorn: '1.9' },
  { harvester: 'v1.7', rke2: 'v1.34', rancher: 'v2.13', kubevirt: '1.6', longhorn: '1.10' },
  { harvester: 'v1.8', rke2: 'v1.35', rancher: 'v2.14', kubevirt: '1.7', longhorn: '1.11' },
];

export const RELEASES_SOURCE =
  'https://github.com/harvester/harvester/tree/master/deploy/charts/harvester (values.yaml, Chart.yaml per tag); https://docs.harvesterhci.io/v1.8/upgrade/index#upgrade-paths';

/** The components of a Harvester version, and how exactly they are known. */
export interface ReleaseComponents {
  readonly harvester: string;
  readonly rke2?: string;
  readonly rancher?: string;
  readonly kubevirt?: string;
  readonly longhorn?: string;
  /** Undefined when not known (a release line without a listed release). */
  readonly kubevirtNodePlacement?: boolean;
  /** The chart's KubeVirt workloadUpdateMethods; undefined when not in the table. */
  readonly kubevirtWorkloadUpdateMethods?: readonly string[];
  /** `exact`: the release itself; `release`: a prerelease taken as its release; `minor`: the minor's components. */
  readonly precision: 'exact' | 'release' | 'minor';
}

const sameMinor = (a: HarvesterVersion, b: HarvesterVersion): boolean => a.major === b.major && a.minor === b.minor;

/** The components of `version`: its own row, else its release's row (for a prerelease), else its minor's. */
export const componentsOf = (version: HarvesterVersion): ReleaseComponents | undefined => {
  if (version.dev) return undefined;
  const rows = RELEASES.map((row) => ({ row, parsed: parseHarvesterVersion(row.harvester) }));
  const exact = rows.find(({ parsed }) => parsed && compareSemver(parsed, version) === 0)?.row;
  const release = rows.find(
    ({ parsed }) => parsed?.prerelease.length === 0 && compareSemver(parsed, { ...version, prerelease: [] }) === 0,
  )?.row;
  if (exact)
    return {
      ...release,
      ...exact,
      rke2: exact.rke2 ?? release?.rke2,
      rancher: exact.rancher ?? release?.rancher,
      precision: 'exact',
    };
  if (release) return { ...release, precision: 'release' };
  const minor = COMPONENT_MINORS.find((row) => {
    const parsed = parseHarvesterVersion(`${row.harvester}.0`);
    return parsed !== undefined && sameMinor(parsed, version);
  });
  if (!minor) return undefined;
  const listed = rows.some(({ parsed }) => parsed && sameMinor(parsed, version));
  return {
    harvester: version.text,
    rke2: minor.rke2,
    rancher: minor.rancher,
    kubevirt: minor.kubevirt,
    longhorn: minor.longhorn,
    // Every listed release from v1.4.2 on sets it; an unlisted patch of such a line is taken to as well.
    kubevirtNodePlacement: listed ? true : undefined,
    precision: 'minor',
  };
};

/**
 * The documented upgrade paths (harvester/docs versioned_docs/version-v1.8/upgrade/automatic.md, "Upgrade paths"):
 * from a version in `from` to one in `to`. `v1.7.x → v1.7.y` means any later patch of the same minor.
 */
export const SUPPORTED_PATHS: readonly { readonly from: readonly string[]; readonly to: readonly string[] }[] = [
  { from: ['v1.1.2', 'v1.1.3', 'v1.2.0'], to: ['v1.2.1'] },
  { from: ['v1.2.1'], to: ['v1.2.2'] },
  { from: ['v1.2.2', 'v1.3.0'], to: ['v1.3.1'] },
  { from: ['v1.3.1'], to: ['v1.3.2'] },
  { from: ['v1.3.2'], to: ['v1.4.0'] },
  { from: ['v1.4.0'], to: ['v1.4.1'] },
  { from: ['v1.4.1'], to: ['v1.4.2'] },
  { from: ['v1.4.1', 'v1.4.2'], to: ['v1.4.3'] },
  { from: ['v1.4.2', 'v1.4.3'], to: ['v1.5.0', 'v1.5.1'] },
  { from: ['v1.5.0'], to: ['v1.5.1'] },
  { from: ['v1.5.x'], to: ['v1.6.x'] },
  { from: ['v1.6.x'], to: ['v1.7.x', 'v1.6.y'] },
  { from: ['v1.7.x'], to: ['v1.8.x', 'v1.7.y'] },
];

const matchesPattern = (pattern: string, version: HarvesterVersion, from?: HarvesterVersion): boolean => {
  const parsed = parseHarvesterVersion(pattern.replace(/\.[xy]$/, '.0'));
  if (!parsed || !sameMinor(parsed, version)) return false;
  if (pattern.endsWith('.x')) return true;
  if (pattern.endsWith('.y')) return from !== undefined && sameMinor(from, version) && version.patch > from.patch;
  return version.patch === parsed.patch;
};

/**
 * Whether the docs list this path, comparing releases (a prerelease counts as its release). Undefined when the
 * table does not cover the source's minor at all (older than v1.1 or newer than the table).
 */
export const isDocumentedPath = (from: HarvesterVersion, to: HarvesterVersion): boolean | undefined => {
  const covered = SUPPORTED_PATHS.some((path) =>
    path.from.some((pattern) => matchesPattern(pattern.replace(/\.\d+$/, '.x'), from)),
  );
  if (!covered) return undefined;
  return SUPPORTED_PATHS.some(
    (path) =>
      path.from.some((pattern) => matchesPattern(pattern, from)) &&
      path.to.some((pattern) => matchesPattern(pattern, to, from)),
  );
};
