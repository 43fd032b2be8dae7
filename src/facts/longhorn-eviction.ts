import type { Finding } from '../model/finding.js';
import { nameOf, refOf } from '../model/kube-object.js';
import { disksWithEvictionRequested, LONGHORN_NAMESPACE } from '../model/longhorn.js';
import { itemsOf, type ClusterSnapshot } from '../model/snapshot.js';
import { sameMinor } from '../model/version.js';
import { serverVersion } from './harvester-version.js';
import { sh } from '../model/shell.js';

/**
 * A Longhorn node or disk with `evictionRequested` makes Longhorn move every replica (and backing image copy) off
 * it. On Harvester v1.4.x (Longhorn v1.7.x) an eviction pending during the upgrade can crash longhorn-manager
 * (longhorn/longhorn#10464), so the upgrade-helpers script aborts there ("One or more nodes or disks have
 * EvictionRequested set to true. Please resolve this before upgrading.", pre-check/v1.x/check.sh
 * `check_longhorn_eviction_status`, harvester/harvester#7717). Elsewhere an eviction still moving replicas while
 * nodes are drained one by one leaves volumes with fewer healthy copies.
 */
export const longhornEvictionFindings = (snapshot: ClusterSnapshot): Finding[] => {
  const version = serverVersion(snapshot);
  const crash =
    version !== undefined && sameMinor(version, 1, 4)
      ? ` (${version.text}: longhorn-manager may crash during the upgrade)`
      : undefined;
  return itemsOf(snapshot, 'longhornNodes').flatMap((node): Finding[] => {
    const onNode = node.spec?.evictionRequested === true;
    const disks = disksWithEvictionRequested(node);
    if (!onNode && disks.length === 0) return [];
    const name = nameOf(node);
    const namespace = node.metadata?.namespace ?? LONGHORN_NAMESPACE;
    const parts = [
      ...(onNode ? ['the node'] : []),
      ...(disks.length > 0 ? [`disk${disks.length > 1 ? 's' : ''} ${disks.join(', ')}`] : []),
    ];
    const patch = {
      spec: {
        ...(onNode ? { evictionRequested: false } : {}),
        ...(disks.length > 0
          ? { disks: Object.fromEntries(disks.map((disk) => [disk, { evictionRequested: false }])) }
          : {}),
      },
    };
    return [
      {
        check: 'longhorn-eviction-requested',
        severity: crash ? 'error' : 'warning',
        object: refOf('Node', node),
        message: `eviction is requested on ${parts.join(' and ')}${crash ?? ''}`,
        remedy: `Let the eviction finish (the disks show no replicas in the Longhorn UI), then clear it: ${sh`kubectl -n ${namespace} patch nodes.longhorn.io ${name} --type merge -p '${JSON.stringify(patch)}'`}`,
      },
    ];
  });
};
