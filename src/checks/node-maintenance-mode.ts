import { MAINTAIN_STATUS_ANNOTATION } from '../model/harvester.js';
import { counted, type Finding } from '../model/finding.js';
import { annotationOf, refOf } from '../model/kube-object.js';
import { inMaintenanceMode } from '../facts/node-maintenance.js';
import { itemsOf } from '../model/snapshot.js';
import type { Check } from './check.js';

/**
 * Maintenance mode cordons the node and moves its VMs away; Harvester marks it with `harvesterhci.io/maintain-status`
 * (`running`, then `completed`) until it is disabled (harvester/harvester: pkg/util/constants.go). A cordoned node
 * makes the upgrade webhook refuse ("node <n> is unschedulable, please wait for it to be schedulable").
 */
export const nodeMaintenanceMode: Check = {
  id: 'node-maintenance-mode',
  title: 'No node is in maintenance mode',
  problem: (findings) => counted(findings, 'node is in maintenance mode', 'nodes are in maintenance mode'),
  description: 'A node in maintenance mode is cordoned, and Harvester refuses to upgrade with a cordoned node.',
  needs: ['nodes'],
  run: (snapshot) =>
    itemsOf(snapshot, 'nodes')
      .filter(inMaintenanceMode)
      .map((node): Finding => {
        const status = annotationOf(node, MAINTAIN_STATUS_ANNOTATION) ?? '';
        return {
          check: 'node-maintenance-mode',
          severity: 'error',
          object: refOf('Node', node),
          message:
            status === 'running'
              ? 'node is entering maintenance mode (maintain-status running), which cordons it'
              : `node is in maintenance mode (maintain-status ${status || 'empty'}), which cordons it`,
          remedy: 'Disable Maintenance Mode for this host in the Harvester UI (Hosts); that uncordons it.',
        };
      }),
};
