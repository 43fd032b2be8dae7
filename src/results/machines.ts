import { MACHINE_CHECKS } from '../checks/machine-checks.js';
import { machineNodeRows, type MachineNodeRow } from '../facts/machine-node-rows.js';
import {
  notEvaluatedNotes,
  runChecks,
  type CheckResult,
  type ChecksOutcome,
  type NotEvaluatedNote,
} from '../checks/run-checks.js';
import type { ClusterSnapshot, ReadRequest, SnapshotSource } from '../model/snapshot.js';
import { API_VERSION, toJsonFindings, type ApiVersion, type JsonFinding } from './envelope.js';
import { exitCodeFor } from './exit-code.js';

/** The `-o json|yaml` document of `machines`. */
export interface MachinesResult {
  readonly apiVersion: ApiVersion;
  readonly kind: 'MachinesReport';
  readonly source: SnapshotSource;
  readonly findings: readonly JsonFinding[];
  readonly checks: readonly CheckResult[];
  readonly rows: readonly MachineNodeRow[];
}

export interface MachinesAnalysis {
  readonly snapshot: ClusterSnapshot;
  readonly requests: readonly ReadRequest[];
  readonly outcome: ChecksOutcome;
  readonly rows: readonly MachineNodeRow[];
}

/** Machines and their plan secrets in one namespace, and every node. */
export const machinesReads = (namespace: string): ReadRequest[] => [
  { key: 'machines', namespace },
  { key: 'nodes' },
  { key: 'machinePlanSecrets', namespace },
];

export const analyseMachines = (snapshot: ClusterSnapshot, requests: readonly ReadRequest[]): MachinesAnalysis => ({
  snapshot,
  requests,
  outcome: runChecks(MACHINE_CHECKS, snapshot),
  rows: machineNodeRows(snapshot),
});

export const toMachinesResult = (analysis: MachinesAnalysis): MachinesResult => ({
  apiVersion: API_VERSION,
  kind: 'MachinesReport',
  source: analysis.snapshot.source,
  findings: toJsonFindings(analysis.outcome.findings),
  checks: analysis.outcome.checks,
  rows: analysis.rows,
});

export const machinesExitCode = (analysis: MachinesAnalysis): number =>
  exitCodeFor(
    analysis.outcome.findings,
    analysis.snapshot,
    analysis.requests.map((request) => request.key),
    'error',
    analysis.outcome.checks,
  );

/** The checks that could not run for want of an input, with the inputs they wanted: the report's closing notes. */
export const machinesNotes = (result: MachinesResult): readonly NotEvaluatedNote[] => notEvaluatedNotes(result.checks);
