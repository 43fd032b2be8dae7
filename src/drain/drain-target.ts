import { nameOf } from '../model/kube-object.js';
import type { Node } from '../model/node.js';
import { itemsOf, type ClusterSnapshot } from '../model/snapshot.js';
import { currentUpgrades, isJobRunningState } from './active-upgrade.js';

export interface DrainTarget {
  readonly node: Node;
  /** Which rule picked the node, in words (`named on the command line`, `Upgrade … has it in state …`, `cordoned`). */
  readonly why: string;
}

/**
 * The nodes explain-drain should look at. A named node, if it exists (else none: the command reports the name).
 * Otherwise the node(s) the running upgrade works on: a V1 Upgrade or V2 UpgradePlan that has not finished, with the
 * node in a state that runs or waits on a node Job. Otherwise every cordoned node, since a drain starts with a
 * cordon (rancher/rancher pkg/controllers/capr/machinedrain/machinedrain.go, kubectl drain).
 */
export const drainTargets = (snapshot: ClusterSnapshot, named?: string): DrainTarget[] => {
  const nodes = itemsOf(snapshot, 'nodes');
  if (named !== undefined) {
    const node = nodes.find((candidate) => nameOf(candidate) === named);
    return node ? [{ node, why: 'named on the command line' }] : [];
  }

  const nodeByName = new Map(nodes.map((node) => [nameOf(node), node]));
  const picked = new Map<string, DrainTarget>();
  for (const upgrade of currentUpgrades(snapshot).filter((candidate) => !candidate.finished)) {
    for (const [name, status] of Object.entries(upgrade.nodeStatuses)) {
      const node = nodeByName.get(name);
      if (!node || picked.has(name) || !isJobRunningState(upgrade, status.state)) continue;
      picked.set(name, { node, why: `${upgrade.kind} ${upgrade.name} has it in state ${status.state ?? ''}` });
    }
  }
  if (picked.size > 0) return [...picked.values()];

  return nodes
    .filter((node) => node.spec?.unschedulable === true)
    .map((node) => ({ node, why: 'cordoned (spec.unschedulable)' }));
};
