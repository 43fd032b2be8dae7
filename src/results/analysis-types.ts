/**
 * The verdicts' data types that render draws its tables from. Render depends on results alone (docs/architecture.md);
 * the analysis types a result carries beside its document are named for it here.
 */
export type { CheckStatus, NotEvaluatedNote } from '../checks/run-checks.js';
export type { MachineNodeRow } from '../facts/machine-node-rows.js';
export type { FixAction, FixPlan, FixTarget } from '../fix/fix-types.js';
export type { PathEntryStatus, PathReport } from '../path/evaluate-path.js';
export type { ReleaseComponents } from '../path/releases.js';
