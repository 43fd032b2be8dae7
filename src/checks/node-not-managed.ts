import { labelOf, nameOf, refOf } from '../model/kube-object.js';
import type { Check } from './check.js';
import { counted } from '../model/finding.js';

const MANAGED_LABEL = 'harvesterhci.io/managed';

/**
 * Harvester's upgrade selects nodes by `harvesterhci.io/managed=true` (SUC plans' nodeSelector) and its webhook
 * requires it on every node ("node <n> has no expected label harvesterhci.io/managed").
 */
export const nodeNotManaged: Check = {
  id: 'node-not-managed',
  title: 'Nodes are Harvester-managed',
  problem: (findings) => counted(findings, 'node is not Harvester-managed', 'nodes are not Harvester-managed'),
  description: `Every Node must carry ${MANAGED_LABEL}=true, or the upgrade's plans never run on it.`,
  needs: ['nodes'],
  run: (snapshot) =>
    (snapshot.items.nodes ?? [])
      .filter((node) => labelOf(node, MANAGED_LABEL) !== 'true')
      .map((node) => ({
        check: 'node-not-managed',
        severity: 'error' as const,
        object: refOf('Node', node),
        message: `node ${nameOf(node)} has no expected label ${MANAGED_LABEL}=true`,
        remedy: 'The node did not join through Harvester; remove it and rejoin it with the Harvester installer.',
      })),
};
