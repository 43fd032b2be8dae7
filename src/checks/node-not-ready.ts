import { counted, type Finding } from '../model/finding.js';
import { conditionOf, nameOf, refOf, withoutTrailingPeriod } from '../model/kube-object.js';
import { itemsOf } from '../model/snapshot.js';
import type { Check } from './check.js';
import { sh } from '../model/shell.js';

/**
 * The webhook refuses an upgrade while any node's Ready condition is not True ("node <n> is not ready, please wait
 * for it to be ready", harvester/harvester: pkg/webhook/resources/upgrade/validator.go); the pre-check script says
 * "Node <n> is not ready!" (harvester/upgrade-helpers: pre-check/v1.x/check.sh check_nodes).
 */
export const nodeNotReady: Check = {
  id: 'node-not-ready',
  title: 'Nodes are Ready',
  problem: (findings) => counted(findings, 'node is not Ready', 'nodes are not Ready'),
  description: "Every node must be Ready; Harvester's upgrade webhook refuses to start otherwise.",
  needs: ['nodes'],
  run: (snapshot) =>
    itemsOf(snapshot, 'nodes').flatMap((node): Finding[] => {
      const ready = conditionOf(node.status?.conditions, 'Ready');
      if (ready?.status === 'True') return [];
      const why = ready
        ? [ready.reason, ready.message && withoutTrailingPeriod(ready.message)].filter(Boolean).join(': ')
        : 'no Ready condition reported';
      return [
        {
          check: 'node-not-ready',
          severity: 'error',
          object: refOf('Node', node),
          message: `condition Ready is ${ready?.status ?? 'Unknown'}` + (why ? ` (${why})` : ''),
          remedy: `Bring the node back (kubelet, network, power): ${sh`kubectl describe node ${nameOf(node)}`}; remove it from the cluster if it is gone for good.`,
        },
      ];
    }),
};
