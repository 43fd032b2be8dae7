import type { Finding } from '../model/finding.js';
import type { ClusterSnapshot, InputKey } from '../model/snapshot.js';

/**
 * What the user chose on the command line that a check's verdict depends on. The time "now" is not here: checks
 * read it from `snapshot.readAt`, so a bundle is judged at the time it was taken.
 */
export interface CheckOptions {
  /** A VM's last completed backup must be younger than this, in milliseconds (`--backup-max-age`). */
  readonly backupMaxAgeMs: number;
  /** Severity of a running VM without such a backup: info, or warning with `--warn-old-backups`. */
  readonly oldBackupSeverity: 'info' | 'warning';
  /** `--to`: the version the Upgrade will name, whose Version object some webhook annotations live on. */
  readonly to?: string;
  /**
   * `--upgrade-annotation KEY=VALUE`: the annotations the operator will put on the Upgrade, which the webhook reads
   * from v1.5.1 (src/facts/webhook-annotations.ts).
   */
  readonly upgradeAnnotations?: Readonly<Record<string, string>>;
}

const DAY_MS = 86_400_000;

export const DEFAULT_CHECK_OPTIONS: CheckOptions = { backupMaxAgeMs: 7 * DAY_MS, oldBackupSeverity: 'info' };

export interface Check {
  /** Equals the file name; stable, part of `-o json`, `--only` and `--skip`. */
  readonly id: string;
  /** The healthy state, what a PASS row says: "No node is cordoned". */
  readonly title: string;
  /**
   * What was found, what a FAIL or WARN row says instead of the title: what is wrong and where, never the healthy
   * state ("1 node is cordoned: harvester-cp", with `counted` or `naming` of src/model/finding.ts). Given the
   * check's error and warning findings, at least one.
   */
  readonly problem: (findings: readonly Finding[]) => string;
  /** Why it matters for the upgrade; printed by `precheck --list`. */
  readonly description: string;
  /** Inputs the check reads. If any could not be read, the check is "not evaluated", never "passed". */
  readonly needs: readonly InputKey[];
  /**
   * Inputs read when present and taken as empty otherwise: kinds that only some Harvester versions install (the
   * experimental UpgradePlan) or that refine a verdict (the version deciding error vs warning).
   */
  readonly optional?: readonly InputKey[];
  /**
   * Why the check does not apply to this cluster (a Harvester version it was not made for, a single-node
   * cluster), or undefined when it does. Runs only once every input in `needs` was read.
   */
  readonly appliesTo?: (snapshot: ClusterSnapshot) => string | undefined;
  /**
   * What the check could not judge although its inputs were read (an endpoint it could not reach), or undefined.
   * With no warning or error found, the check is then "not evaluated" with this reason, never "passed".
   */
  readonly notEvaluated?: (snapshot: ClusterSnapshot) => string | undefined;
  /**
   * Pure and synchronous. A throw is caught by the runner and reported as `check-failed`. Checks that need no
   * option ignore `options`; the runner always passes them, and the defaults apply when a caller does not.
   */
  run(snapshot: ClusterSnapshot, options?: CheckOptions): readonly Finding[];
}
