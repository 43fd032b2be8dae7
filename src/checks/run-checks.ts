import { sortFindings, type Finding } from '../model/finding.js';
import { inputName, inputOf, type ClusterSnapshot } from '../model/snapshot.js';
import { DEFAULT_CHECK_OPTIONS, type Check, type CheckOptions } from './check.js';

/** `skip`: the check does not apply here (or was left out with --skip); `reason` says which. */
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip' | 'not-evaluated';

export interface CheckResult {
  readonly id: string;
  readonly title: string;
  readonly status: CheckStatus;
  readonly reason?: string;
  /** For `fail` and `warn`: what was found (Check.problem), which a report shows instead of the title. */
  readonly problem?: string;
}

export interface ChecksOutcome {
  readonly checks: readonly CheckResult[];
  readonly findings: readonly Finding[];
}

const statusOf = (findings: readonly Finding[]): CheckStatus => {
  if (findings.some((finding) => finding.severity === 'error')) return 'fail';
  if (findings.some((finding) => finding.severity === 'warning')) return 'warn';
  return 'pass';
};

/**
 * Why a check cannot run on this snapshot, or undefined when every input it needs was read. An optional input may
 * be absent (not installed, not in the bundle) but not unreadable: a forbidden list of UpgradePlans would
 * otherwise hide a running upgrade.
 */
const missingInput = (check: Check, snapshot: ClusterSnapshot): string | undefined => {
  const optional = (check.optional ?? []).filter((key) =>
    ['forbidden', 'failed', 'unavailable'].includes(inputOf(snapshot, key).status),
  );
  for (const key of [...check.needs, ...optional]) {
    const input = inputOf(snapshot, key);
    if (input.status === 'ok') continue;
    // "not installed: x" and "forbidden: list x" already name the input.
    return input.reason.includes(inputName(key)) ? input.reason : `${inputName(key)}: ${input.reason}`;
  }
  return undefined;
};

/** Runs every check; one that throws on odd data becomes a `check-failed` finding instead of ending the run. */
export const runChecks = (
  checks: readonly Check[],
  snapshot: ClusterSnapshot,
  options: CheckOptions = DEFAULT_CHECK_OPTIONS,
): ChecksOutcome => {
  const results: CheckResult[] = [];
  const findings: Finding[] = [];
  for (const check of checks) {
    const missing = missingInput(check, snapshot);
    if (missing !== undefined) {
      results.push({ id: check.id, title: check.title, status: 'not-evaluated', reason: missing });
      continue;
    }
    try {
      const notApplicable = check.appliesTo?.(snapshot);
      if (notApplicable !== undefined) {
        results.push({ id: check.id, title: check.title, status: 'skip', reason: notApplicable });
        continue;
      }
      const found = check.run(snapshot, options);
      findings.push(...found);
      const status = statusOf(found);
      const partly = status === 'pass' ? check.notEvaluated?.(snapshot) : undefined;
      const problem =
        status === 'fail' || status === 'warn'
          ? { problem: check.problem(found.filter((finding) => finding.severity !== 'info')) }
          : {};
      results.push(
        partly === undefined
          ? { id: check.id, title: check.title, status, ...problem }
          : { id: check.id, title: check.title, status: 'not-evaluated', reason: partly },
      );
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      findings.push({
        check: 'check-failed',
        severity: 'error',
        object: { kind: 'Check', name: check.id },
        message: `the check failed on unexpected data: ${reason}`,
        remedy: 'Report this with the output of `-o json`; the other checks are unaffected.',
      });
      results.push({ id: check.id, title: check.title, status: 'not-evaluated', reason: `check failed: ${reason}` });
    }
  }
  return { checks: results, findings: sortFindings(findings) };
};

/** Checks that could not run, grouped by the reason (the input that was missing). */
export interface NotEvaluatedNote {
  readonly reason: string;
  readonly checks: readonly string[];
}

export const notEvaluatedNotes = (results: readonly CheckResult[]): NotEvaluatedNote[] => {
  const byReason = new Map<string, string[]>();
  for (const result of results) {
    if (result.status !== 'not-evaluated') continue;
    const reason = result.reason ?? 'not evaluated';
    byReason.set(reason, [...(byReason.get(reason) ?? []), result.id]);
  }
  return [...byReason.entries()].map(([reason, checks]) => ({ reason, checks }));
};
