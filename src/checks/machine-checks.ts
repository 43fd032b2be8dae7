import type { Check } from './check.js';
import { machineDeleting } from './machine-deleting.js';
import { machineNodeCount } from './machine-node-count.js';
import { machineNotRunning } from './machine-not-running.js';
import { machinePlanSecretCount } from './machine-plan-secret-count.js';
import { machineWithoutNode } from './machine-without-node.js';
import { machinesClaimSameNode } from './machines-claim-same-node.js';
import { nodeMachineAnnotation } from './node-machine-annotation.js';
import { nodeMachineUidLabel } from './node-machine-uid-label.js';
import { nodeNotManaged } from './node-not-managed.js';
import { nodeWithoutMachine } from './node-without-machine.js';
import { providerIdMismatch } from './provider-id-mismatch.js';

/** What `machines` reports; `precheck` runs the same list. */
export const MACHINE_CHECKS: readonly Check[] = [
  machineNodeCount,
  machineWithoutNode,
  nodeWithoutMachine,
  machinesClaimSameNode,
  nodeMachineAnnotation,
  machineNotRunning,
  machineDeleting,
  providerIdMismatch,
  nodeMachineUidLabel,
  nodeNotManaged,
  machinePlanSecretCount,
];
