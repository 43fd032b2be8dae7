import { counted, type Finding } from '../model/finding.js';
import { nameOf, namespaceOf, refOf } from '../model/kube-object.js';
import { machinePhase } from '../model/machine.js';
import { waitingNote } from '../facts/machine-waiting.js';
import type { Check } from './check.js';
import { machineNodeIndex } from '../facts/machine-node-index.js';
import { sh } from '../model/shell.js';

/**
 * Harvester's upgrade webhook refuses to start while any Machine is not Running ("machine fleet-local/<m> is not
 * running", harvester/harvester pkg/webhook/resources/upgrade/validator.go); a machine stuck Provisioning after a
 * failed node also stalls Rancher's rolling plan.
 */
export const machineNotRunning: Check = {
  id: 'machine-not-running',
  title: 'Machines are Running',
  problem: (findings) => counted(findings, 'machine is not Running', 'machines are not Running'),
  description:
    "Every Cluster API Machine must be in phase Running; Harvester's upgrade webhook refuses to start otherwise.",
  needs: ['machines'],
  run: (snapshot) =>
    machineNodeIndex(snapshot)
      .machines.filter((machine) => !machine.metadata?.deletionTimestamp && machinePhase(machine) !== 'Running')
      .map((machine): Finding => ({
        check: 'machine-not-running',
        severity: 'error',
        object: refOf('Machine', machine),
        message: `phase is ${machinePhase(machine)}, not Running${waitingNote(machine)}`,
        remedy: `Find why it is not provisioned: ${sh`kubectl -n ${namespaceOf(machine)} describe machine ${nameOf(machine)}`}; the upgrade cannot start until it is Running.`,
      })),
};
