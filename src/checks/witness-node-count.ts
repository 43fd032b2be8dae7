import { naming, type Finding } from '../model/finding.js';
import { nameOf, refOf } from '../model/kube-object.js';
import { isWitness, WITNESS_LABEL } from '../model/node.js';
import { itemsOf } from '../model/snapshot.js';
import type { Check } from './check.js';

/**
 * Harvester supports one witness node (an etcd-only member); with more, extra witnesses are never promoted and the
 * pre-check fails: "There are more than 1 witness node. Must have at most 1." (harvester/upgrade-helpers:
 * pre-check/v1.x/check.sh check_nodes; harvester/harvester: pkg/controller/master/node/promote_controller.go).
 */
export const witnessNodeCount: Check = {
  id: 'witness-node-count',
  title: 'At most one witness node',
  problem: (findings) => naming(findings, 'More than one witness node'),
  description: `At most one node may carry ${WITNESS_LABEL}=true; Harvester supports a single witness node.`,
  needs: ['nodes'],
  run: (snapshot) => {
    const witnesses = itemsOf(snapshot, 'nodes').filter(isWitness);
    if (witnesses.length <= 1) return [];
    const names = witnesses.map(nameOf).join(', ');
    return witnesses.map((node): Finding => ({
      check: 'witness-node-count',
      severity: 'error',
      object: refOf('Node', node),
      message: `node is one of ${String(witnesses.length)} witness nodes (${names}); Harvester supports one`,
      remedy:
        'Keep one witness: remove the others from the cluster and rejoin them as management or worker nodes ' +
        '(the role is chosen at install time).',
    }));
  },
};
