import { counted, type Finding } from '../../model/finding.js';
import { nameOf, namespaceOf, refOf } from '../../model/kube-object.js';
import { LONGHORN_NAMESPACE, LONGHORN_NODE_LABEL } from '../../model/longhorn.js';
import type { PodDisruptionBudget } from '../../model/pod.js';
import { sh } from '../../model/shell.js';
import { itemsOf } from '../../model/snapshot.js';
import { HARVESTER_ISSUE, type KnownIssue } from '../known-issue.js';

export const instanceManagerPdbWrongNodeV12: KnownIssue = {
  id: 'instance-manager-pdb-wrong-node-v1-2',
  title: "No instance-manager budget selects another node's pods",
  from: { below: 'v1.2.1-0' },
  to: { atLeast: 'v1.2.0-0', below: 'v1.2.2-0' },
  detection: {
    kind: 'check',
    needs: ['podDisruptionBudgets', 'longhornInstanceManagers'],
    // harvester/docs versioned_docs/version-v1.3/upgrade/v1-1-2-to-v1-2-0.md known issue 5.2 (harvester#3730): a
    // Longhorn instance-manager PodDisruptionBudget whose longhorn.io/node selector names another node than its
    // InstanceManager's spec.nodeID keeps the drain of that node at Pre-drained.
    problem: (findings) =>
      counted(
        findings,
        "instance-manager budget selects another node's pods",
        "instance-manager budgets select another node's pods",
      ),
    run: (snapshot) => {
      const managers = new Map(
        itemsOf(snapshot, 'longhornInstanceManagers').map((manager) => [nameOf(manager), manager]),
      );
      return itemsOf(snapshot, 'podDisruptionBudgets').flatMap((pdb: PodDisruptionBudget): Finding[] => {
        const manager = managers.get(nameOf(pdb));
        const selected = pdb.spec?.selector?.matchLabels?.[LONGHORN_NODE_LABEL];
        const owner = manager?.spec?.nodeID;
        if (namespaceOf(pdb) !== LONGHORN_NAMESPACE || !selected || !owner || selected === owner) return [];
        return [
          {
            check: 'instance-manager-pdb-wrong-node-v1-2',
            severity: 'error',
            object: refOf('PodDisruptionBudget', pdb),
            message: `selects the pods of node ${selected}, while its instance manager runs on ${owner}, so the drain of ${selected} will stop at Pre-drained`,
            remedy: `Check that every attached volume is healthy, then remove the budget with a backup: ${sh`kubectl harvester-upgrade fix-pdb -n ${LONGHORN_NAMESPACE} ${nameOf(pdb)} --override-operator-budgets`}`,
          },
        ];
      });
    },
  },
  sources: ['https://docs.harvesterhci.io/v1.3/upgrade/v1-1-2-to-v1-2-0', `${HARVESTER_ISSUE}3730`],
  remedy:
    'Check that every attached volume is healthy, then delete the instance-manager budget that names the wrong node.',
};
