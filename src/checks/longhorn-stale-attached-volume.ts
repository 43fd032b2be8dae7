import { counted, type Finding } from '../model/finding.js';
import { nameOf, refOf } from '../model/kube-object.js';
import { LONGHORN_NAMESPACE, volumePvc, volumeState, type LonghornVolume } from '../model/longhorn.js';
import { itemsOf } from '../model/snapshot.js';
import type { Check } from './check.js';
import { sh } from '../model/shell.js';

/**
 * Longhorn fills `status.kubernetesStatus` from the PV, PVC and pods that use the volume (longhorn/longhorn-manager
 * controller/kubernetes_pod_controller.go); without it, who uses the volume is unknown, not "nobody".
 */
const unknownUse = (volume: LonghornVolume, attached: string, where: string): Finding => ({
  check: 'longhorn-stale-attached-volume',
  severity: 'warning',
  object: refOf('Volume', volume),
  message: `${attached}, and its status has no kubernetesStatus, so which workloads use it is unknown`,
  remedy: `See what keeps it attached (${where}); if no pod uses it, detach it from the Longhorn UI (harvester/harvester#3648).`,
});

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
  problem: (findings) =>
    counted(findings, 'Longhorn volume is attached but not in use', 'Longhorn volumes are attached but not in use'),
  description:
    'Every attached Longhorn volume must be used by a running pod; a stale attachment keeps its instance manager on the node and stalls the drain (harvester issue #3648).',
  needs: ['longhornVolumes'],
  run: (snapshot) =>
    itemsOf(snapshot, 'longhornVolumes')
      .filter((volume) => volumeState(volume) === 'attached')
      .flatMap((volume): Finding[] => {
        const node = volume.status?.currentNodeID ?? volume.spec?.nodeID ?? '';
        const attached = node ? `attached to ${node}` : 'attached';
        const where = sh`kubectl -n ${volume.metadata?.namespace ?? LONGHORN_NAMESPACE} get volumeattachments.longhorn.io ${nameOf(volume)} -o yaml`;
        const status = volume.status?.kubernetesStatus;
        if (!status) return [unknownUse(volume, attached, where)];
        const workloads = status.workloadsStatus ?? [];
        if (workloads.some((workload) => workload.podStatus === 'Running')) return [];
        const pvc = volumePvc(volume);
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
            remedy: `Find what keeps it attached (${where}) and detach it from the Longhorn UI if nothing needs it (harvester/harvester#3648).`,
          },
        ];
      }),
};
