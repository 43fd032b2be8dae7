import type { Finding } from '../model/finding.js';
import { settingNamed, settingValue } from '../model/harvester.js';
import { refOf, type KubeObject } from '../model/kube-object.js';
import type { Volume, VirtualMachine } from '../model/kubevirt.js';
import { LONGHORN_NAMESPACE } from '../model/longhorn.js';
import type { ResourceKey } from '../model/resources.js';
import { itemsOf, type ClusterSnapshot } from '../model/snapshot.js';
import type { HarvesterVersion } from './harvester-version.js';
import type { ReleaseComponents } from './releases.js';

/**
 * Harvester versions from `atLeast` (inclusive) to `below` (exclusive), ordered as Harvester orders them
 * (./harvester-version.ts). `v1.4.0-0` is the lowest prerelease of v1.4.0, so `minorOf('v1.4')` covers v1.4.0-rc1.
 * A dev version is in no range.
 */
export interface VersionRange {
  readonly atLeast?: string;
  readonly below?: string;
}

export const ANY: VersionRange = {};
/** Every version of a minor line, prereleases included: `minorOf('v1.4')` = v1.4.0-0 up to v1.5.0-0. */
export const minorOf = (minor: string): VersionRange => {
  const [major = '', number = ''] = minor.replace(/^v/, '').split('.');
  return { atLeast: `v${major}.${number}.0-0`, below: `v${major}.${String(Number(number) + 1)}.0-0` };
};
/** One release and its prereleases: `release('v1.4.0')` = v1.4.0-0 up to v1.4.1-0. */
export const release = (version: string): VersionRange => {
  const [major = '', minor = '', patch = ''] = version.replace(/^v/, '').split('.');
  return { atLeast: `v${major}.${minor}.${patch}-0`, below: `v${major}.${minor}.${String(Number(patch) + 1)}-0` };
};

/** What a detection knows about the path it is evaluated for. */
export interface PathContext {
  readonly from: HarvesterVersion;
  readonly to: HarvesterVersion;
  readonly fromRelease: ReleaseComponents | undefined;
  readonly toRelease: ReleaseComponents | undefined;
}

/** Findings, or why the entry cannot be decided (no release data for a version). */
export type DetectionResult = readonly Finding[] | { readonly notEvaluated: string };

export type Detection =
  | {
      readonly kind: 'check';
      /** Inputs it reads; any not read makes the entry "not evaluated". */
      readonly needs: readonly ResourceKey[];
      readonly run: (snapshot: ClusterSnapshot, path: PathContext) => DetectionResult;
      /**
       * What a FAIL or WARN row says instead of the title: what is wrong, never the healthy state (as
       * Check.problem), given the entry's error and warning findings.
       */
      readonly problem: (findings: readonly Finding[]) => string;
    }
  | {
      /** The API cannot see it (host files, partitions): run `command` on every node and compare with `expect`. */
      readonly kind: 'manual';
      readonly command: string;
      readonly expect: string;
    };

/** One entry of the knowledge base: a file of ./known-issues/ named after its id. */
export interface KnownIssue {
  /** Stable kebab-case id, equal to its file name; the `check` of its findings. */
  readonly id: string;
  /** The healthy state, what a PASS row says; a FAIL or WARN row says `detection.problem` instead. */
  readonly title: string;
  /** The running version (setting server-version) and the target this entry applies to. */
  readonly from: VersionRange;
  readonly to: VersionRange;
  readonly detection: Detection;
  /** Upstream issues or documents, as URLs. */
  readonly sources: readonly string[];
  readonly remedy: string;
}

export const HARVESTER_ISSUE = 'https://github.com/harvester/harvester/issues/';
export const UPGRADE_DOC = 'https://docs.harvesterhci.io/v1.8/upgrade/';
/** The target's Version object: what a finding about the path itself names. */
export const VERSION_OBJECT: (path: PathContext) => Finding['object'] = (path) => ({
  kind: 'Version',
  namespace: 'harvester-system',
  name: path.to.text,
});

/** A Longhorn setting's effective value, trimmed, and the object when it exists. */
export const longhornSetting = (
  snapshot: ClusterSnapshot,
  name: string,
): { value: string | undefined; object: KubeObject | undefined } => {
  const object = settingNamed(itemsOf(snapshot, 'longhornSettings'), name);
  return { value: settingValue(object)?.trim(), object };
};

/** The Longhorn setting a finding names, also when it is unset (Longhorn then applies its default). */
export const settingRef = (name: string, object: KubeObject | undefined): Finding['object'] =>
  object ? refOf('Setting', object) : { kind: 'Setting', namespace: LONGHORN_NAMESPACE, name };

/** The volumes of a VM's template (kubevirt.io/api core/v1 VirtualMachineInstanceSpec.Volumes). */
export const vmVolumes = (vm: VirtualMachine): readonly Volume[] => vm.spec?.template?.spec?.volumes ?? [];

/**
 * An entry whose rule is an existing check's: its findings, re-labelled as the entry's and at `severity` when given.
 * `needs` are the inputs the entry requires; inputs the check only reads when present stay optional.
 */
export const sameAsCheck = (
  id: string,
  needs: readonly ResourceKey[],
  check: {
    readonly run: (snapshot: ClusterSnapshot) => readonly Finding[];
    readonly problem: (findings: readonly Finding[]) => string;
  },
  severity?: Finding['severity'],
): Detection => ({
  kind: 'check',
  needs,
  problem: check.problem,
  run: (snapshot) =>
    check.run(snapshot).map((finding) => ({ ...finding, check: id, ...(severity ? { severity } : {}) })),
});
