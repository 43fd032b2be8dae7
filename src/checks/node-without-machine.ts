import { nameOf, refOf } from '../model/kube-object.js';
import type { Check } from './check.js';
import { machineNodeIndex } from '../facts/machine-node-index.js';
import { counted } from '../model/finding.js';

/**
 * A Node that no Machine stands for is not managed by Rancher's provisioning: it lacks `harvesterhci.io/managed`,
 * the upgrade's SUC plans never select it, and the upgrade waits forever (harvester/harvester#8236, "3 CAPI
 * machines vs 4 nodes", stuck at 75 %).
 */
export const nodeWithoutMachine: Check = {
  id: 'node-without-machine',
  title: 'Every node has a machine',
  problem: (findings) => counted(findings, 'node has no machine', 'nodes have no machine'),
  description: 'Each Node must be the node of exactly one Cluster API Machine; an orphan node never gets upgraded.',
  needs: ['machines', 'nodes'],
  run: (snapshot) => {
    const index = machineNodeIndex(snapshot);
    return index.nodes
      .filter((node) => !index.machinesOfNode.has(nameOf(node)))
      .map((node) => ({
        check: 'node-without-machine',
        severity: 'error' as const,
        object: refOf('Node', node),
        message: `no Machine refers to node ${nameOf(node)} (neither by nodeRef nor by providerID ${node.spec?.providerID ?? '(none)'})`,
        remedy:
          'Find out how the node joined (kubectl get machines -A -o wide); a node that joined outside Rancher provisioning must be removed and rejoined through Harvester before upgrading.',
      }));
  },
};
