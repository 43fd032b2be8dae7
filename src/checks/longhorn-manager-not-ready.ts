import {
  LONGHORN_MANAGER,
  LONGHORN_MANAGER_POD_LABEL,
  longhornManagerDaemonSet,
  MANAGED_LABEL,
  upgradeCountedNodes,
} from '../facts/longhorn-upgrade-waits.js';
import { isPodReady } from '../facts/eviction-semantics.js';
import { naming, type Finding } from '../model/finding.js';
import { labelOf, nameOf } from '../model/kube-object.js';
import { LONGHORN_NAMESPACE } from '../model/longhorn.js';
import { WITNESS_LABEL } from '../model/node.js';
import { sh } from '../model/shell.js';
import { isAvailable, itemsOf, type ClusterSnapshot } from '../model/snapshot.js';
import type { Check } from './check.js';

const ID = 'longhorn-manager-not-ready';
const OBJECT = { kind: 'DaemonSet', namespace: LONGHORN_NAMESPACE, name: LONGHORN_MANAGER };
const COUNTED = `nodes labelled ${MANAGED_LABEL}=true and not ${WITNESS_LABEL}=true`;

/** The nodes on which a Ready longhorn-manager pod runs, when pods were read. */
const readyManagerNodes = (snapshot: ClusterSnapshot): ReadonlySet<string> | undefined => {
  if (!isAvailable(snapshot, 'pods')) return undefined;
  return new Set(
    itemsOf(snapshot, 'pods')
      .filter(
        (pod) =>
          pod.metadata?.namespace === LONGHORN_NAMESPACE &&
          labelOf(pod, LONGHORN_MANAGER_POD_LABEL.key) === LONGHORN_MANAGER_POD_LABEL.value &&
          isPodReady(pod),
      )
      .map((pod) => pod.spec?.nodeName ?? ''),
  );
};

/** Which nodes make the counts differ: counted nodes without a Ready manager, and Ready managers on others. */
const difference = (snapshot: ClusterSnapshot, counted: readonly string[]): string => {
  const ready = readyManagerNodes(snapshot);
  if (!ready) return '';
  const missing = counted.filter((node) => !ready.has(node));
  const extra = [...ready].filter((node) => node !== '' && !counted.includes(node)).sort();
  return [
    missing.length > 0 ? `no Ready longhorn-manager pod on ${missing.join(', ')}` : '',
    extra.length > 0 ? `Ready longhorn-manager pods on uncounted nodes ${extra.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join('; ');
};

/**
 * Harvester's upgrade waits, with no timeout, until longhorn-manager's DaemonSet runs the new image and
 * `status.numberReady` equals the number of managed non-witness nodes exactly (harvester/harvester
 * package/upgrade/upgrade_manifests.sh wait_longhorn_manager, v1.5.0 through v1.9.0-rc6). A count that differs
 * today (a node where longhorn-manager cannot become Ready, or a manager on a node the script does not count) still
 * differs once the new image rolls out, and the upgrade stops at "Upgrading System Service".
 */
export const longhornManagerNotReady: Check = {
  id: ID,
  title: 'longhorn-manager is Ready on every counted node',
  problem: (findings) => naming(findings, 'longhorn-manager is not Ready on every counted node'),
  description: `Harvester's upgrade waits with no timeout until the longhorn-manager DaemonSet has exactly as many Ready pods as ${COUNTED}.`,
  needs: ['longhornDaemonSets', 'nodes'],
  optional: ['pods'],
  run: (snapshot) => {
    const counted = upgradeCountedNodes(itemsOf(snapshot, 'nodes')).map(nameOf).sort();
    const set = longhornManagerDaemonSet(itemsOf(snapshot, 'longhornDaemonSets'));
    if (!set) {
      return [
        {
          check: ID,
          severity: 'error',
          object: OBJECT,
          message: `there is no DaemonSet ${LONGHORN_NAMESPACE}/${LONGHORN_MANAGER}, so the upgrade's wait for it never ends`,
          remedy: `Find why Longhorn is not deployed: ${sh`kubectl -n ${LONGHORN_NAMESPACE} get daemonsets,pods`}; the harvester ManagedChart installs it.`,
        },
      ];
    }
    const ready = set.status?.numberReady ?? 0;
    if (ready === counted.length) return [];
    const desired = set.status?.desiredNumberScheduled ?? 0;
    const why = difference(snapshot, counted);
    const finding: Finding = {
      check: ID,
      severity: 'error',
      object: OBJECT,
      message: `${String(ready)} of ${String(desired)} longhorn-manager pods are Ready, but the upgrade waits for exactly ${String(counted.length)} (${COUNTED}: ${counted.join(', ') || 'none'})${why ? `; ${why}` : ''}`,
      remedy:
        ready < counted.length
          ? `Get longhorn-manager Ready on every counted node before upgrading: ${sh`kubectl -n ${LONGHORN_NAMESPACE} get pods -l app=longhorn-manager -o wide`}, then describe the pod that is not Ready.`
          : `longhorn-manager runs on more nodes than the upgrade counts: give each such node the ${MANAGED_LABEL}=true label it lacks (or, for a witness node, find why longhorn-manager runs there): ${sh`kubectl -n ${LONGHORN_NAMESPACE} get pods -l app=longhorn-manager -o wide`}`,
    };
    return [finding];
  },
};
