import { PROMOTE_NODE_LABEL, PROMOTE_STATUS_ANNOTATION } from '../model/harvester.js';
import { counted, type Finding } from '../model/finding.js';
import { annotationOf, nameOf, refOf } from '../model/kube-object.js';
import { promotionUnfinished } from '../facts/node-promotion.js';
import { itemsOf } from '../model/snapshot.js';
import type { Check } from './check.js';
import { sh } from '../model/shell.js';

/**
 * Harvester promotes a node to the management role by cordoning it, setting `harvesterhci.io/promote-status:
 * running` and running Job harvester-promote-<node> (label harvesterhci.io/promote-node) in harvester-system; only
 * `complete` uncordons it. `failed` (the Job failed) and `unknown` (the Job was deleted while running) leave the node
 * cordoned and stop further promotions (harvester/harvester: pkg/controller/master/node/promote_controller.go). A
 * cordoned node makes the upgrade webhook refuse ("node <n> is unschedulable").
 */
export const nodePromotionInProgress: Check = {
  id: 'node-promotion-in-progress',
  title: 'No node promotion is unfinished',
  problem: (findings) => counted(findings, 'node promotion is unfinished', 'node promotions are unfinished'),
  description:
    'A node being promoted to the management role, or whose promotion failed, stays cordoned and blocks the upgrade.',
  needs: ['nodes'],
  run: (snapshot) =>
    itemsOf(snapshot, 'nodes')
      .filter(promotionUnfinished)
      .map((node): Finding => {
        const status = annotationOf(node, PROMOTE_STATUS_ANNOTATION) ?? '';
        const jobs = sh`kubectl -n harvester-system get jobs -l ${PROMOTE_NODE_LABEL}=${nameOf(node)}`;
        return status === 'running'
          ? {
              check: 'node-promotion-in-progress',
              severity: 'error',
              object: refOf('Node', node),
              message: 'promotion to the management role is running and keeps the node cordoned',
              remedy: `Wait for the promotion to complete (${jobs}); Harvester uncordons the node when it does.`,
            }
          : {
              check: 'node-promotion-in-progress',
              severity: 'error',
              object: refOf('Node', node),
              message: `promotion to the management role ended ${status} and left the node cordoned`,
              remedy: `Find why from the promote Job: ${jobs}; ${sh`kubectl -n harvester-system logs -l ${PROMOTE_NODE_LABEL}=${nameOf(node)}`}. Harvester does not retry it by itself.`,
            };
      }),
};
