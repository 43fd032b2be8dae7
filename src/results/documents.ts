import type { DrainResult } from './drain.js';
import type { FixPlanResult, FixRestoreResult, FixResult } from './fix-pdb.js';
import type { MachinesResult } from './machines.js';
import type { CheckListResult, PrecheckResult } from './precheck.js';
import type { StatusResult } from './status-types.js';

/** Every document `precheck -o json|yaml` prints: the report, or the list of checks with --list. */
export type PrecheckDocument = PrecheckResult | CheckListResult;
/** Every document `machines -o json|yaml` prints. */
export type MachinesDocument = MachinesResult;
/** Every document `explain-drain -o json|yaml` prints. */
export type ExplainDrainDocument = DrainResult;
/** Every document `fix-pdb -o json|yaml` prints: the plan, what --yes wrote, or what --restore put back. */
export type FixPdbDocument = FixPlanResult | FixResult | FixRestoreResult;
/** Every document `status -o json|yaml` prints. */
export type StatusDocument = StatusResult;

/** The one `-o json|yaml` document a command prints, serialised as it is. */
export type ResultDocument =
  PrecheckDocument | MachinesDocument | ExplainDrainDocument | FixPdbDocument | StatusDocument;

/** Each command, and the type its JSON Schema is generated from (docs/schema/<command>.schema.json). */
export const SCHEMA_ROOTS = {
  precheck: 'PrecheckDocument',
  machines: 'MachinesDocument',
  'explain-drain': 'ExplainDrainDocument',
  'fix-pdb': 'FixPdbDocument',
  status: 'StatusDocument',
} as const;

export type SchemaCommand = keyof typeof SCHEMA_ROOTS;
