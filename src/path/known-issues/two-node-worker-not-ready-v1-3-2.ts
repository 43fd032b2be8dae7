import { nameOf } from '../../model/kube-object.js';
import { itemsOf } from '../../model/snapshot.js';
import { HARVESTER_ISSUE, type KnownIssue, release, UPGRADE_DOC, VERSION_OBJECT } from '../known-issue.js';

export const twoNodeWorkerNotReadyV132: KnownIssue = {
  id: 'two-node-worker-not-ready-v1-3-2',
  title: 'A two-node cluster keeps its worker Ready while RKE2 is upgraded',
  from: release('v1.3.1'),
  to: release('v1.3.2'),
  detection: {
    kind: 'check',
    needs: ['nodes'],
    // harvester/docs docs/upgrade/v1-3-1-to-v1-3-2.md known issue 1 (harvester#6432): on two nodes, restarting
    // rke2-server on the management node can leave the worker's agent load balancer unable to reach the API
    // server; the worker turns NotReady, its pods are evicted and the upgrade stops with the management node at
    // Pre-drained or Waiting Reboot. The docs ask to shut down all VMs first to prevent data loss.
    problem: () => 'The worker of a two-node cluster goes NotReady while RKE2 is upgraded',
    run: (snapshot, path) => {
      const nodes = itemsOf(snapshot, 'nodes');
      if (nodes.length !== 2) return [];
      return [
        {
          check: 'two-node-worker-not-ready-v1-3-2',
          severity: 'warning',
          object: VERSION_OBJECT(path),
          message: `the cluster has two nodes (${nodes.map(nameOf).join(', ')}): while RKE2 is upgraded on the management node, the worker can turn NotReady and stall the upgrade, with a risk of data loss for running VMs`,
          remedy:
            'Shut down all VMs before upgrading; if the worker turns NotReady, run on it: sudo systemctl restart rke2-agent.service (again after each rke2-server restart).',
        },
      ];
    },
  },
  sources: [`${UPGRADE_DOC}v1-3-1-to-v1-3-2`, `${HARVESTER_ISSUE}6432`],
  remedy:
    'Shut down all VMs before upgrading a two-node cluster; restart rke2-agent on the worker if it turns NotReady.',
};
