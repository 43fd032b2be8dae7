import { counted, type Finding } from '../model/finding.js';
import { nameOf, refOf } from '../model/kube-object.js';
import { LONGHORN_NAMESPACE, replicaVolume, volumePvc, volumeState } from '../model/longhorn.js';
import { itemsOf } from '../model/snapshot.js';
import type { Check } from './check.js';
import { multiNodeOnly, nonWitnessNodes } from '../facts/longhorn-replica-nodes.js';
import { sh } from '../model/shell.js';

/**
 * A detached volume reports robustness `unknown`, so the replica CRs are the only sign it lost some: the
 * upgrade-helpers script fails a detached volume with fewer replica CRs than `spec.numberOfReplicas`
 * ("Detached Longhorn Volume: <v> should have <n> replicas, but only has <m>.", pre-check/v1.x/check.sh
 * `check_volumes`). Longhorn rebuilds replicas only while a volume is attached, so such a volume goes through every
 * node's reboot with fewer copies than asked for. Longhorn by default places a volume's replicas on distinct nodes,
 * and a witness node holds none, so on two non-witness nodes a 3-replica volume has two replicas at most and that is
 * all this check expects. Single-replica volumes are longhorn-single-replica-volume's.
 */
export const longhornDetachedVolumeMissingReplicas: Check = {
  id: 'longhorn-detached-volume-missing-replicas',
  title: 'Detached Longhorn volumes have all their replicas',
  problem: (findings) =>
    counted(findings, 'detached Longhorn volume misses replicas', 'detached Longhorn volumes miss replicas'),
  description:
    'A detached Longhorn volume should have as many replicas as spec.numberOfReplicas; Longhorn rebuilds missing ones only while it is attached, so it goes through the node reboots with fewer copies.',
  needs: ['longhornVolumes', 'longhornReplicas', 'nodes'],
  appliesTo: multiNodeOnly,
  run: (snapshot) => {
    const dataNodes = nonWitnessNodes(itemsOf(snapshot, 'nodes')).length;
    const replicaCount = new Map<string, number>();
    for (const replica of itemsOf(snapshot, 'longhornReplicas')) {
      const volume = replicaVolume(replica);
      if (volume !== undefined) replicaCount.set(volume, (replicaCount.get(volume) ?? 0) + 1);
    }
    return itemsOf(snapshot, 'longhornVolumes').flatMap((volume): Finding[] => {
      const wanted = volume.spec?.numberOfReplicas ?? 0;
      if (volumeState(volume) !== 'detached' || wanted <= 1) return [];
      const found = replicaCount.get(nameOf(volume)) ?? 0;
      const possible = Math.min(wanted, dataNodes);
      if (found >= possible) return [];
      const pvc = volumePvc(volume);
      const details = [
        ...(possible < wanted ? [`at most ${String(possible)} fit on ${String(dataNodes)} non-witness nodes`] : []),
        ...(pvc ? [`PVC ${pvc}`] : []),
      ];
      return [
        {
          check: 'longhorn-detached-volume-missing-replicas',
          severity: 'warning',
          object: refOf('Volume', volume),
          message: `detached with ${String(found)} of ${String(wanted)} replicas${details.length > 0 ? ` (${details.join(', ')})` : ''}`,
          remedy: `Attach the volume (start its VM) so Longhorn rebuilds the missing replicas, then detach it again: ${sh`kubectl -n ${volume.metadata?.namespace ?? LONGHORN_NAMESPACE} get replicas.longhorn.io -l longhornvolume=${nameOf(volume)}`}.`,
        },
      ];
    });
  },
};
