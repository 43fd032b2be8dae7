import { SEVERITY_RANK, type Finding, type Severity } from '../model/finding.js';
import { inputOf, type ClusterSnapshot, type InputKey } from '../model/snapshot.js';
import { EXIT } from './exit-codes.js';

/**
 * True when checks were run and none of them could be evaluated (each is NOT EVALUATED or SKIPPED): the run
 * checked nothing, and a report of nothing found must not read as a pass.
 */
export const noneEvaluated = (checks: readonly { readonly status: string }[]): boolean =>
  checks.some((check) => check.status === 'not-evaluated') &&
  checks.every((check) => check.status === 'not-evaluated' || check.status === 'skip');

/**
 * 1 when a finding at or above `failOn` exists; otherwise 3 when an input could not be read (forbidden or
 * failed), a bundle file was left unread, or every check run was NOT EVALUATED, so "nothing found" is never
 * mistaken for "nothing wrong"; otherwise 0.
 */
export const exitCodeFor = (
  findings: readonly Finding[],
  snapshot: ClusterSnapshot,
  needed: readonly InputKey[],
  failOn: Severity = 'error',
  checks: readonly { readonly status: string }[] = [],
): number => {
  if (findings.some((finding) => SEVERITY_RANK[finding.severity] <= SEVERITY_RANK[failOn])) return EXIT.findings;
  const unreadable = needed.some((key) => ['forbidden', 'failed'].includes(inputOf(snapshot, key).status));
  const incomplete = (snapshot.unread?.length ?? 0) > 0;
  return unreadable || incomplete || noneEvaluated(checks) ? EXIT.notEvaluated : EXIT.ok;
};
