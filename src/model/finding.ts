import type { ObjectRef } from './kube-object.js';

/** `error`: the upgrade will refuse to start, stall or fail. `warning`: risk worth fixing first. `info`: context. */
export type Severity = 'error' | 'warning' | 'info';

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

export interface Finding {
  /** Stable kebab-case id; part of the `-o json` contract, never renamed or reused. */
  readonly check: string;
  readonly severity: Severity;
  readonly object: ObjectRef;
  /** The fact, one sentence. */
  readonly message: string;
  /** What to do, one sentence or a command. */
  readonly remedy?: string;
}

export const sortFindings = (findings: readonly Finding[]): Finding[] =>
  [...findings].sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      a.check.localeCompare(b.check) ||
      (a.object.namespace ?? '').localeCompare(b.object.namespace ?? '') ||
      a.object.name.localeCompare(b.object.name),
  );
