import type { PlannedWriteBase } from '../model/backup.js';
import type { DrainScope } from '../model/drain.js';
import type { ObjectRef } from '../model/kube-object.js';

/**
 * What `fix-pdb` unblocks: the drain of one node (`--node`), or one budget (`-n NS NAME`); the same scope the drain
 * analysis it plans from is asked about.
 */
export type FixTarget = DrainScope;

export interface FixOptions {
  /** `--override-operator-budgets`: operator-managed budgets may be deleted (their operator recreates them). */
  readonly overrideOperatorBudgets: boolean;
}

/** An RFC 7386 JSON merge patch: `null` removes a field. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | JsonObject;
export interface JsonObject {
  readonly [key: string]: JsonValue;
}
export type MergePatch = JsonObject;

interface ActionBase extends PlannedWriteBase {
  /** Why this unblocks the drain, one sentence, lowercase start. */
  readonly reason: string;
}

export type FixAction =
  | (ActionBase & {
      readonly kind: 'merge-patch';
      readonly resource: 'kubevirts' | 'podDisruptionBudgets';
      readonly patch: MergePatch;
    })
  | (ActionBase & { readonly kind: 'delete'; readonly resource: 'podDisruptionBudgets' });

/** Something that holds the drain which fix-pdb will not change, and why. */
export interface FixRefusal {
  readonly object: ObjectRef;
  readonly reason: string;
  readonly remedy?: string;
}

export interface FixPlan {
  /** In the order to apply them: root-cause fixes first, deletions of operator budgets last. */
  readonly actions: readonly FixAction[];
  readonly refusals: readonly FixRefusal[];
  readonly notes: readonly string[];
}
