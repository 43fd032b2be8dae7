import type { Finding } from '../model/finding.js';
import type { ResourceKey } from '../model/resources.js';
import type { ClusterSnapshot } from '../model/snapshot.js';

export interface Check {
  /** Equals the file name; stable, part of `-o json`, `--only` and `--skip`. */
  readonly id: string;
  readonly title: string;
  /** Why it matters for the upgrade; printed by `precheck --list`. */
  readonly description: string;
  /** Inputs the check reads. If any could not be read, the check is "not evaluated", never "passed". */
  readonly needs: readonly ResourceKey[];
  /** Pure and synchronous. A throw is caught by the runner and reported as `check-failed`. */
  run(snapshot: ClusterSnapshot): readonly Finding[];
}
