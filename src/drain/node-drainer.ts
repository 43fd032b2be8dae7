import { liveMachineOf, machineNodeIndex } from '../facts/machine-node-index.js';
import { inMaintenanceMode } from '../facts/node-maintenance.js';
import type { Drainer } from '../model/drain.js';
import { MAINTAIN_STATUS_ANNOTATION } from '../model/harvester.js';
import { annotationOf, nameOf, namespaceOf } from '../model/kube-object.js';
import { isDeleting, machineCondition, type Machine } from '../model/machine.js';
import type { ClusterSnapshot } from '../model/snapshot.js';

/**
 * A Machine carrying this annotation is deleted without draining its node (cluster-api
 * internal/controllers/machine/machine_controller.go isNodeDrainAllowed); Rancher sets it on pool machines whose
 * pool has drainBeforeDelete off, and on an etcd machine it removes safely (rancher/rancher pkg/capr/planner).
 */
export const EXCLUDE_NODE_DRAINING = 'machine.cluster.x-k8s.io/exclude-node-draining';

/** A condition's message on one line: CAPI writes the drain's pods one per line. */
const oneLine = (text: string): string =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ');

/**
 * Where CAPI's deletion of the Machine stands, from its conditions (cluster-api reconcileDelete): the pre-drain
 * delete hooks (`PreDrainDeleteHookSucceeded`, reason WaitingExternalHook), then the drain (`DrainingSucceeded`,
 * reasons Draining / DrainingFailed, and the v1beta2 `Deleting` condition with reason DrainingNode, whose message
 * lists the pods the drain waits for: internal/controllers/machine/drain/drain.go ConditionMessage), then the
 * volumes' detach and the node's deletion.
 */
const deletionProgress = (machine: Machine): string | undefined => {
  const hooks = machineCondition(machine, 'PreDrainDeleteHookSucceeded');
  if (hooks && hooks.status !== 'True') {
    return `CAPI waits for its pre-drain delete hooks first${hooks.message ? `: ${oneLine(hooks.message)}` : ''}`;
  }
  const deleting = machineCondition(machine, 'Deleting');
  const draining = machineCondition(machine, 'DrainingSucceeded');
  if (deleting?.message && deleting.reason !== 'DrainingNode') {
    return `CAPI reports ${deleting.reason ? `${deleting.reason}: ` : ''}"${oneLine(deleting.message)}"`;
  }
  if (draining?.status === 'True') {
    return 'CAPI finished the drain (DrainingSucceeded) and now waits for the volumes to detach before it deletes the node';
  }
  if (deleting?.reason === 'DrainingNode' && deleting.message) return `CAPI reports "${oneLine(deleting.message)}"`;
  if (draining?.message) {
    return `DrainingSucceeded ${draining.status ?? ''} (${draining.reason ?? ''}): ${oneLine(draining.message)}`;
  }
  return undefined;
};

const removal = (machine: Machine, live: Machine | undefined, nodeName: string): Drainer => {
  const ref = `Machine ${namespaceOf(machine)}/${nameOf(machine)}`;
  const stale =
    live && live !== machine && !isDeleting(live)
      ? `; it is a stale registration of the node: the live Machine ${nameOf(live)} stands for ${nodeName} now, yet this deletion still drains and deletes the node`
      : '';
  if (annotationOf(machine, EXCLUDE_NODE_DRAINING) !== undefined) {
    return {
      by: 'node-removal',
      machine: nameOf(machine),
      message: `${ref} is being deleted (node removal) and carries ${EXCLUDE_NODE_DRAINING}, so CAPI removes the node without draining it${stale}`,
    };
  }
  const progress = deletionProgress(machine);
  return {
    by: 'node-removal',
    machine: nameOf(machine),
    message: `${ref} is being deleted (node removal), so CAPI's machine controller cordons and drains the node before it deletes it${progress ? `; ${progress}` : ''}${stale}`,
  };
};

/**
 * Who drains the node when no Harvester upgrade works on it: a Machine being deleted that claims it (its node is
 * removed, and CAPI drains it first), Harvester's maintenance mode, or a cordon nothing here explains (by hand:
 * `kubectl cordon` or `drain`, or the Harvester UI's Cordon). Rancher's drain belongs to an upgrade; it is not named
 * here, since its hand-shake lives on a Secret a bundle does not hold.
 */
export const drainerOf = (snapshot: ClusterSnapshot, nodeName: string): Drainer => {
  const index = machineNodeIndex(snapshot);
  const node = index.nodeByName.get(nodeName);
  const live = liveMachineOf(index, nodeName);
  const named = node ? annotationOf(node, 'cluster.x-k8s.io/machine') : undefined;
  const claimants = [
    ...(index.machinesOfNode.get(nodeName) ?? []),
    ...(named && index.machineByName.get(named) ? [index.machineByName.get(named)] : []),
  ].filter((machine): machine is Machine => machine !== undefined);
  const deleting = claimants.find(isDeleting);
  if (deleting) return removal(deleting, live, nodeName);
  if (node && inMaintenanceMode(node)) {
    return {
      by: 'maintenance-mode',
      message: `Harvester's maintenance mode (${MAINTAIN_STATUS_ANNOTATION}=${annotationOf(node, MAINTAIN_STATUS_ANNOTATION) ?? ''}) cordoned the node and moves its VMs away`,
    };
  }
  if (node?.spec?.unschedulable === true) {
    return {
      by: 'cordon',
      message:
        'The node is cordoned, but no Harvester upgrade works on it, no Machine of it is being deleted and it is not in maintenance mode: it was cordoned by hand (kubectl cordon or drain, or the Harvester UI), and only whoever cordoned it drains it',
    };
  }
  return {
    by: 'none',
    message:
      'Nothing drains the node: no Harvester upgrade works on it, no Machine of it is being deleted and it is not cordoned',
  };
};
