import { nameOf, namespaceOf, refOf } from '../model/kube-object.js';
import type { Check } from './check.js';
import { waitingNote } from '../facts/machine-waiting.js';
import { machineNodeIndex, staleMachineRemedy, staleMachines } from '../facts/machine-node-index.js';
import { sh } from '../model/shell.js';
import { counted } from '../model/finding.js';

/**
 * A Machine being deleted drains and removes its node; Harvester cannot remove a node while an upgrade runs, so
 * the two must not overlap. CAPI keeps the Machine until the node is drained (condition Deleting, DrainingNode).
 */
export const machineDeleting: Check = {
  id: 'machine-deleting',
  title: 'No machine is being deleted',
  problem: (findings) => counted(findings, 'machine is being deleted', 'machines are being deleted'),
  description: 'A Machine with a deletionTimestamp is removing its node; finish or cancel that before upgrading.',
  needs: ['machines'],
  run: (snapshot) => {
    const index = machineNodeIndex(snapshot);
    const stale = new Map(staleMachines(index).map((entry) => [entry.stale, entry]));
    return index.machines
      .filter((machine) => machine.metadata?.deletionTimestamp)
      .map((machine) => {
        const staleEntry = stale.get(machine);
        return {
          check: 'machine-deleting',
          severity: 'error',
          object: refOf('Machine', machine),
          message:
            `is being deleted since ${machine.metadata?.deletionTimestamp ?? ''}${waitingNote(machine)}` +
            (staleEntry
              ? `; it is a stale registration of node ${staleEntry.node}, which the live machine ${nameOf(staleEntry.live)} stands for, so finishing the deletion would drain and delete that node`
              : ''),
          remedy: staleEntry
            ? staleMachineRemedy(machine, staleEntry.live, staleEntry.node)
            : `Let the node removal finish before upgrading: ${sh`kubectl -n ${namespaceOf(machine)} describe machine ${nameOf(machine)}`}`,
        };
      });
  },
};
