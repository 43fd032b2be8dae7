import { counted, type Finding } from '../model/finding.js';
import { nameOf, refOf } from '../model/kube-object.js';
import type { Node } from '../model/node.js';
import { itemsOf } from '../model/snapshot.js';
import { NODE_UPGRADE_DONE, nodePhase, type NodePhase } from '../facts/harvester-upgrade.js';
import type { Check } from './check.js';
import { inMaintenanceMode } from '../facts/node-maintenance.js';
import { promotionUnfinished } from '../facts/node-promotion.js';
import { sh } from '../model/shell.js';

const cordoned = (node: Node, phase: NodePhase | undefined): Finding => {
  const name = nameOf(node);
  const state = phase?.stateOf(name);
  if (phase && state !== NODE_UPGRADE_DONE) {
    return {
      check: 'node-unschedulable',
      severity: 'warning',
      object: refOf('Node', node),
      message: `node is cordoned while ${phase.upgrade} upgrades the nodes (${state ? `node state ${state}` : 'no node state yet'}): the upgrade's drain cordons it`,
      remedy: `Do not uncordon it while the upgrade drains it; see what its drain waits for: ${sh`kubectl harvester-upgrade explain-drain ${name}`}`,
    };
  }
  return {
    check: 'node-unschedulable',
    severity: 'error',
    object: refOf('Node', node),
    message: 'node is cordoned (spec.unschedulable is true)',
    remedy: `Confirm nobody cordoned it on purpose, then: ${sh`kubectl uncordon ${name}`}`,
  };
};

/**
 * The webhook refuses an upgrade while any node is unschedulable ("node <n> is unschedulable, please wait for it to
 * be schedulable", harvester/harvester: pkg/webhook/resources/upgrade/validator.go); the pre-check script lists them
 * too (harvester/upgrade-helpers: pre-check/v1.x/check.sh check_nodes). Nodes cordoned by a promotion or by
 * maintenance mode are left to node-promotion-in-progress and node-maintenance-mode, which say how to undo it.
 * While an upgrade upgrades the nodes, Rancher cordons each node it drains (rancher/rancher
 * pkg/controllers/capr/machinedrain/machinedrain.go) and uncordons it only after Harvester's post-drain hook, so
 * a node the upgrade has not finished must not be uncordoned by hand.
 */
export const nodeUnschedulable: Check = {
  id: 'node-unschedulable',
  title: 'No node is cordoned',
  problem: (findings) => counted(findings, 'node is cordoned', 'nodes are cordoned'),
  description: "Every node must be schedulable; Harvester's upgrade webhook refuses to start otherwise.",
  needs: ['nodes'],
  optional: ['upgrades', 'upgradePlans'],
  run: (snapshot) =>
    itemsOf(snapshot, 'nodes')
      .filter((node) => node.spec?.unschedulable === true && !promotionUnfinished(node) && !inMaintenanceMode(node))
      .map((node) => cordoned(node, nodePhase(snapshot))),
};
