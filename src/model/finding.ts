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

/** The objects of findings, each once, as `namespace/name` (or `name`), at most `limit` and how many more. */
const objectList = (findings: readonly Finding[], limit = 3): { count: number; text: string } => {
  const names = [
    ...new Set(findings.map(({ object }) => (object.namespace ? `${object.namespace}/${object.name}` : object.name))),
  ];
  const text =
    names.length <= limit
      ? names.join(', ')
      : `${names.slice(0, limit).join(', ')} and ${String(names.length - limit)} more`;
  return { count: names.length, text };
};

/**
 * What a FAIL or WARN row says was found: how many objects and which, `one` and `many` being the wording for one
 * and for several (`1 node is cordoned: harvester-cp`, `4 pods are Pending: a, b, c and 1 more`).
 */
export const counted = (findings: readonly Finding[], one: string, many: string): string => {
  const { count, text } = objectList(findings);
  return `${String(count)} ${count === 1 ? one : many}: ${text}`;
};

/** What was found, as a sentence, then the objects it concerns (`Only one control-plane node: harvester-cp`). */
export const naming = (findings: readonly Finding[], problem: string): string => {
  const { text } = objectList(findings);
  return text ? `${problem}: ${text}` : problem;
};
