import { Flags } from '@oclif/core';
import { MACHINE_CHECKS } from '../checks/machine-checks.js';
import { machineNodeRows, type MachineNodeRow } from '../facts/machine-node-rows.js';
import { notEvaluatedNotes, runChecks, type CheckResult } from '../checks/run-checks.js';
import type { ReadRequest } from '../model/snapshot.js';
import { renderFindings, renderInputNotes } from '../render/findings-table.js';
import { renderMachinesTable } from '../render/machines-table.js';
import { toJsonFindings, type JsonFinding } from '../render/report.js';
import { checkNameFlag, exitCodeFor, KubeCommand, kubeFlags } from './kube-command.js';

/** The `-o json|yaml` contract of `machines`. */
export interface MachinesResult {
  readonly findings: readonly JsonFinding[];
  readonly checks: readonly CheckResult[];
  readonly rows: readonly MachineNodeRow[];
}

export class Machines extends KubeCommand {
  static override summary = 'Cross-check Cluster API Machines against Nodes.';
  static override description = `Lists every Machine with its Node and reports what stalls a Harvester upgrade: machines that are not Running, machines with no node (an orphan, or a providerID naming a node that does not exist), nodes no machine stands for, broken node annotations and labels, providerID drift, and plan secrets that are missing or duplicated (Secret metadata only).

Exit codes: 0 no error findings, 1 error findings, 2 usage error, 3 could not evaluate.`;

  static override examples = [
    '<%= config.bin %> machines',
    '<%= config.bin %> machines -o json',
    '<%= config.bin %> machines --context prod -o wide',
    '<%= config.bin %> machines --bundle supportbundle.zip',
  ];

  static override flags = {
    ...kubeFlags,
    namespace: Flags.string({
      char: 'n',
      description: 'Namespace of the Machines (Harvester keeps them in fleet-local).',
      default: 'fleet-local',
    }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Machines);
    checkNameFlag('-n/--namespace', 'Namespace', flags.namespace);
    const requests: ReadRequest[] = [
      { key: 'machines', namespace: flags.namespace },
      { key: 'nodes' },
      { key: 'machinePlanSecrets', namespace: flags.namespace },
    ];
    const { snapshot } = await this.read(flags, flags.namespace, requests);
    const { checks, findings } = runChecks(MACHINE_CHECKS, snapshot);
    const rows = machineNodeRows(snapshot);
    const style = this.style(flags);
    this.emit(
      flags,
      {
        apiVersion: 'harvester-upgrade.kubectl/v1alpha1',
        kind: 'MachinesReport',
        source: snapshot.source,
        findings: toJsonFindings(findings),
        checks,
        rows,
      },
      () =>
        [
          renderMachinesTable(style, rows, flags.output === 'wide'),
          renderFindings(style, findings),
          renderInputNotes(style, notEvaluatedNotes(checks)),
        ]
          .filter(Boolean)
          .join('\n\n'),
    );
    process.exitCode = exitCodeFor(
      findings,
      snapshot,
      requests.map((request) => request.key),
      'error',
      checks,
    );
  }
}
