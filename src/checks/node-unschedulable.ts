import type { Finding } from '../model/finding.js';
import { nameOf, refOf } from '../model/kube-object.js';
import { itemsOf } from '../model/snapshot.js';
import type { Check } from './check.js';
import { inMaintenanceMode } from '../facts/node-maintenance.js';
import { promotionUnfinished } from '../facts/node-promotion.js';
import { sh } from '../model/shell.js';

/**
 * The webhook refuses an upgrade while any node is unschedulable ("node <n> is unschedulable, please wait for it to
 * be schedulable", harvester/harvester: pkg/webhook/resources/upgrade/validator.go); the pre-check script lists them
 * too (harvester/upgrade-helpers: pre-check/v1.x/check.sh check_nodes). Nodes cordoned by a promotion or by
 * maintenance mode are left to node-promotion-in-progress and node-maintenance-mode, which say how to undo it.
 */
export const nodeUnschedulable: Check = {
  id: 'node-unschedulable',
  title: 'No node is cordoned',
  description: "Every node must be schedulable; Harvester's upgrade webhook refuses to start otherwise.",
  needs: ['nodes'],
  run: (snapshot) =>
    itemsOf(snapshot, 'nodes')
      .filter((node) => node.spec?.unschedulable === true && !promotionUnfinished(node) && !inMaintenanceMode(node))
      .map((node): Finding => ({
        check: 'node-unschedulable',
        severity: 'error',
        object: refOf('Node', node),
        message: 'node is cordoned (spec.unschedulable is true)',
        remedy: `Confirm nobody cordoned it on purpose, then: ${sh`kubectl uncordon ${nameOf(node)}`}`,
      })),
};
