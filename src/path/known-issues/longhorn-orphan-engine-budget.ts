import { counted, type Finding } from '../../model/finding.js';
import { nameOf, namespaceOf, refOf } from '../../model/kube-object.js';
import { type InstanceManager, LONGHORN_NAMESPACE } from '../../model/longhorn.js';
import { sh } from '../../model/shell.js';
import { itemsOf } from '../../model/snapshot.js';
import { HARVESTER_ISSUE, type KnownIssue, UPGRADE_DOC } from '../known-issue.js';

export const longhornOrphanEngineBudget: KnownIssue = {
  id: 'longhorn-orphan-engine-budget',
  title: 'No orphan Longhorn engine holds an instance-manager budget',
  // First documented for v1.4.0 → v1.4.1, again for v1.5.x → v1.6.x (docs v1-5-x-to-v1-6-x known issue 1,
  // harvester#8977, longhorn#11605); no Longhorn release since is known to fix it, so every later path.
  from: { atLeast: 'v1.4.0-0' },
  to: { atLeast: 'v1.4.1-0' },
  detection: {
    kind: 'check',
    needs: ['longhornInstanceManagers', 'longhornEngines'],
    // harvester/docs docs/upgrade/v1-4-0-to-v1-4-1.md known issue 1 (harvester#7366, longhorn#6764): an instance
    // manager still lists an engine that is stopped with no node (or gone); longhorn-manager then keeps the
    // instance manager's PodDisruptionBudget ("some volumes are still attached") and the drain stops at Pre-drained.
    problem: (findings) =>
      counted(
        findings,
        'orphan Longhorn engine holds an instance-manager budget',
        'orphan Longhorn engines hold instance-manager budgets',
      ),
    run: (snapshot) => {
      const engines = new Map(itemsOf(snapshot, 'longhornEngines').map((engine) => [nameOf(engine), engine]));
      return itemsOf(snapshot, 'longhornInstanceManagers').flatMap((manager: InstanceManager): Finding[] => {
        if (manager.spec?.type === 'replica') return [];
        const node = manager.spec?.nodeID ?? '';
        const listed = Object.keys(manager.status?.instanceEngines ?? {});
        const orphans = listed.filter((name) => {
          const engine = engines.get(name);
          return !engine || (engine.spec?.nodeID ?? '') !== node;
        });
        if (orphans.length === 0) return [];
        const described = orphans.map((name) => {
          const engine = engines.get(name);
          return engine
            ? `${name} (${engine.status?.currentState ?? 'no state'}, ${engine.spec?.nodeID ? `node ${engine.spec.nodeID}` : 'no node'})`
            : `${name} (gone)`;
        });
        return [
          {
            check: 'longhorn-orphan-engine-budget',
            severity: 'error',
            object: refOf('InstanceManager', manager),
            message: `instance manager ${nameOf(manager)} on ${node} still lists ${described.join(', ')}, so Longhorn keeps its PodDisruptionBudget and the drain of ${node} will stop at Pre-drained`,
            remedy: `When the drain of ${node} stops, check that every attached volume is healthy, then remove the budget with a backup: ${sh`kubectl harvester-upgrade fix-pdb -n ${namespaceOf(manager) || LONGHORN_NAMESPACE} ${nameOf(manager)} --override-operator-budgets`}`,
          },
        ];
      });
    },
  },
  sources: [
    `${UPGRADE_DOC}v1-4-0-to-v1-4-1`,
    `${HARVESTER_ISSUE}7366`,
    'https://github.com/longhorn/longhorn/issues/6764',
    `${UPGRADE_DOC}v1-5-x-to-v1-6-x`,
    `${HARVESTER_ISSUE}8977`,
    'https://github.com/longhorn/longhorn/issues/11605',
  ],
  remedy:
    'Check that every attached volume is healthy, then delete the instance manager budget the orphan engine holds.',
};
