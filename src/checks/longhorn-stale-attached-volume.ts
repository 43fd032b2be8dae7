import type { Finding } from '../model/finding.js';
import { nameOf, refOf } from '../model/kube-object.js';
import { LONGHORN_NAMESPACE, volumePvc, volumeState } from '../model/longhorn.js';
import { itemsOf } from '../model/snapshot.js';
import type { Check } from './check.js';
import { sh } from '../model/shell.js';

/**
 * A volume left attached with no running pod keeps its engine on the node, and Longhorn does not remove that
 * node's instance-manager PodDisruptionBudget while an engine runs there ("some volumes are still attached"), so
 * the drain stalls (harvester/harvester issue #3648; upgrade-helpers pre-check/v1.x/check.sh
 * `check_attached_volumes`). After a live migration the source pod shows Succeeded next to the Running target,
 * so one Running workload is enough.
 */
export const longhornStaleAttachedVolume: Check = {
  id: 'longhorn-stale-attached-volume',
  title: 'Attached Longhorn volumes are in use',
  description:
    'Every attached Longhorn volume must be used by a running pod; a stale attachment keeps its instance manager on the node and stalls the drain (harvester issue #3648).',
  needs: ['longhornVolumes'],
  run: (snapshot) =>
    itemsOf(snapshot, 'longhornVolumes')
      .filter((volume) => volumeState(volume) === 'attached')
      .flatMap((volume): Finding[] => {
        const workloads = volume.status?.kubernetesStatus?.workloadsStatus ?? [];
        if (workloads.some((workload) => workload.podStatus === 'Running')) return [];
        const pvc = volumePvc(volume);
        const node = volume.status?.currentNodeID ?? volume.spec?.nodeID ?? '';
        const attached = node ? `attached to ${node}` : 'attached';
        const pods = workloads.map((workload) => `${workload.podName ?? '?'} ${workload.podStatus ?? 'Unknown'}`);
        const details = [...pods, ...(pvc ? [`PVC ${pvc}`] : [])].join(', ');
        return [
          {
            check: 'longhorn-stale-attached-volume',
            severity: 'error',
            object: refOf('Volume', volume),
            message:
              (workloads.length === 0
                ? `${attached} but no workload uses it`
                : `${attached} but none of its workloads is running`) + (details ? ` (${details})` : ''),
            remedy: `Find what keeps it attached (${sh`kubectl -n ${volume.metadata?.namespace ?? LONGHORN_NAMESPACE} get volumeattachments.longhorn.io ${nameOf(volume)} -o yaml`}) and detach it from the Longhorn UI if nothing needs it (harvester/harvester#3648).`,
          },
        ];
      }),
};
