import { counted, type Finding } from '../model/finding.js';
import { annotationOf, nameOf, refOf } from '../model/kube-object.js';
import type { Check } from './check.js';
import {
  liveMachineOf,
  MACHINE_ANNOTATION,
  machineNodeIndex,
  staleMachineRemedy,
} from '../facts/machine-node-index.js';
import { isDeleting } from '../model/machine.js';

/**
 * CAPI writes `cluster.x-k8s.io/machine` on every node it owns. Harvester's webhook (v1.5.1+, PR #8222) follows it
 * and refuses the upgrade when it is missing, names a machine that does not exist, or names a machine that
 * points at another node.
 */
export const nodeMachineAnnotation: Check = {
  id: 'node-machine-annotation',
  title: 'Nodes name their machine',
  problem: (findings) => counted(findings, 'node does not name its machine', 'nodes do not name their machine'),
  description: `Each Node's ${MACHINE_ANNOTATION} annotation must name an existing Machine whose nodeRef points back at it.`,
  needs: ['machines', 'nodes'],
  run: (snapshot) => {
    const index = machineNodeIndex(snapshot);
    return index.nodes.flatMap((node): Finding[] => {
      const nodeName = nameOf(node);
      const named = annotationOf(node, MACHINE_ANNOTATION);
      const finding = (message: string, remedy: string): Finding[] => [
        { check: 'node-machine-annotation', severity: 'error', object: refOf('Node', node), message, remedy },
      ];
      if (!named) {
        return finding(
          `node ${nodeName} has no ${MACHINE_ANNOTATION} annotation`,
          'The node was not provisioned through Cluster API; rejoin it through Harvester.',
        );
      }
      const machine = index.machineByName.get(named);
      if (!machine) {
        return finding(
          `node ${nodeName} refers to machine ${named}, but the machine does not exist`,
          'Check `kubectl get machines -A`; a machine lost for a live node needs the node rejoined.',
        );
      }
      const live = liveMachineOf(index, nodeName);
      if (isDeleting(machine) && live && live !== machine && !isDeleting(live)) {
        return finding(
          `node ${nodeName} refers to machine ${named}, which is being deleted; the live machine ${nameOf(live)} stands for the node`,
          `CAPI writes the annotation for the live machine once the stale one is gone. ${staleMachineRemedy(machine, live, nodeName)}`,
        );
      }
      const refName = machine.status?.nodeRef?.name;
      if (refName && refName !== nodeName) {
        return finding(
          `node ${nodeName} refers to machine ${named}, but the machine refers to another node ${refName}`,
          'Two registrations are crossed; remove the stale node or machine through Harvester before upgrading.',
        );
      }
      return [];
    });
  },
};
