import { nameOf, namespaceOf, refOf } from '../model/kube-object.js';
import type { Check } from './check.js';
import { waitingNote } from '../facts/machine-waiting.js';
import { machineNodeIndex } from '../facts/machine-node-index.js';
import { sh } from '../model/shell.js';

/**
 * A Machine being deleted drains and removes its node; Harvester cannot remove a node while an upgrade runs, so
 * the two must not overlap. CAPI keeps the Machine until the node is drained (condition Deleting, DrainingNode).
 */
export const machineDeleting: Check = {
  id: 'machine-deleting',
  title: 'No machine is being deleted',
  description: 'A Machine with a deletionTimestamp is removing its node; finish or cancel that before upgrading.',
  needs: ['machines'],
  run: (snapshot) =>
    machineNodeIndex(snapshot)
      .machines.filter((machine) => machine.metadata?.deletionTimestamp)
      .map((machine) => ({
        check: 'machine-deleting',
        severity: 'error',
        object: refOf('Machine', machine),
        message: `is being deleted since ${machine.metadata?.deletionTimestamp ?? ''}${waitingNote(machine)}`,
        remedy: `Let the node removal finish before upgrading: ${sh`kubectl -n ${namespaceOf(machine)} describe machine ${nameOf(machine)}`}`,
      })),
};
