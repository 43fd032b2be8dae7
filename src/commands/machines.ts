import { Flags } from '@oclif/core';
import { renderMachinesReport } from '../render/machines-table.js';
import {
  analyseMachines,
  machinesExitCode,
  machinesReads,
  toMachinesResult,
  machinesNotes,
} from '../results/machines.js';
import { checkNameFlag, KubeCommand, kubeFlags, orUsage } from './kube-command.js';

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
    const requests = machinesReads(flags.namespace);
    await this.pipeline(flags, { namespace: flags.namespace, requests }, (snapshot) => {
      const analysis = orUsage(analyseMachines(snapshot, requests, flags.namespace));
      const result = toMachinesResult(analysis);
      return {
        result,
        table: (style) => renderMachinesReport(style, result, machinesNotes(result), flags.output === 'wide'),
        exitCode: machinesExitCode(analysis),
      };
    });
  }
}
