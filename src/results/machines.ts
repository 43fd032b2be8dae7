import { MACHINE_CHECKS } from '../checks/machine-checks.js';
import { machineNodeRows, type MachineNodeRow } from '../facts/machine-node-rows.js';
import {
  notEvaluatedNotes,
  runChecks,
  type CheckResult,
  type ChecksOutcome,
  type NotEvaluatedNote,
} from '../checks/run-checks.js';
import { FLEET_LOCAL } from '../model/rancher.js';
import {
  isAvailable,
  itemsOf,
  type ClusterSnapshot,
  type ReadRequest,
  type SnapshotSource,
} from '../model/snapshot.js';
import type { Usage } from './usage.js';
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

/**
 * Harvester's Machines live in fleet-local (Rancher's provisioning namespace of the local cluster, rancher/rancher
 * pkg/controllers/provisioningv2). Another namespace without any is a scoping mistake, not a cluster whose every node
 * lost its Machine, so it is a usage error rather than findings that say to rejoin every node.
 */
export const analyseMachines = (
  snapshot: ClusterSnapshot,
  requests: readonly ReadRequest[],
  namespace: string = FLEET_LOCAL,
): MachinesAnalysis | Usage => {
  if (namespace !== FLEET_LOCAL && isAvailable(snapshot, 'machines') && itemsOf(snapshot, 'machines').length === 0) {
    return {
      usage: `no Machines in namespace ${namespace}: Harvester keeps its Machines in ${FLEET_LOCAL}; run without -n, or with -n ${FLEET_LOCAL}`,
    };
  }
  return { snapshot, requests, outcome: runChecks(MACHINE_CHECKS, snapshot), rows: machineNodeRows(snapshot) };
};

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
