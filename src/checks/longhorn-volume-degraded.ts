import type { Finding } from '../model/finding.js';
import { nameOf, refOf } from '../model/kube-object.js';
import { LONGHORN_NAMESPACE, volumePvc, volumeRobustness, volumeState } from '../model/longhorn.js';
import { itemsOf } from '../model/snapshot.js';
import type { Check } from './check.js';
import { multiNodeOnly } from './longhorn-facts.js';

/** The webhook looks at robustness only from three nodes on (pkg/webhook/resources/upgrade/validator.go). */
const WEBHOOK_MIN_NODES = 3;

const pvcPart = (pvc: string | undefined): string => (pvc ? `, PVC ${pvc}` : '');

/**
 * Harvester's upgrade webhook refuses to start while any volume is degraded on clusters of three or more nodes
 * ("there are degraded volumes, please check all volumes are healthy", harvester/harvester
 * pkg/webhook/resources/upgrade/validator.go); the upgrade-helpers script fails every multi-node cluster with a
 * degraded or faulted volume (pre-check/v1.x/check.sh `check_volumes`), and each node's pre-drain job waits until
 * every running engine's volume is healthy (package/upgrade/upgrade_node.sh `wait_longhorn_engines`). The script
 * reaches volumes through their Engine CRs and so misses volumes without one; this check reads the volumes.
 */
export const longhornVolumeDegraded: Check = {
  id: 'longhorn-volume-degraded',
  title: 'Longhorn volumes are healthy',
  description:
    'No Longhorn volume may be degraded or faulted: the upgrade webhook refuses degraded volumes on three or more nodes, and every node drain waits for attached volumes to be healthy.',
  needs: ['longhornVolumes', 'nodes'],
  appliesTo: multiNodeOnly,
  run: (snapshot) => {
    const webhook = itemsOf(snapshot, 'nodes').length >= WEBHOOK_MIN_NODES;
    return itemsOf(snapshot, 'longhornVolumes').flatMap((volume): Finding[] => {
      const robustness = volumeRobustness(volume);
      const state = volumeState(volume);
      const name = nameOf(volume);
      const namespace = volume.metadata?.namespace ?? LONGHORN_NAMESPACE;
      const object = refOf('Volume', volume);
      const pvc = volumePvc(volume);
      if (robustness === 'degraded') {
        return [
          {
            check: 'longhorn-volume-degraded',
            severity: 'error',
            object,
            message: `robustness is degraded (state ${state}${pvcPart(pvc)})`,
            remedy:
              `Let Longhorn rebuild the missing replicas (kubectl -n ${namespace} get replicas.longhorn.io -l longhornvolume=${name}) and upgrade once the volume is healthy` +
              (webhook ? '; the upgrade webhook refuses to start until then.' : '; each node drain waits for it.'),
          },
        ];
      }
      if (robustness === 'faulted') {
        return [
          {
            check: 'longhorn-volume-degraded',
            severity: 'error',
            object,
            message: `robustness is faulted, no replica is usable (state ${state}${pvcPart(pvc)})`,
            remedy: `Salvage the volume from the Longhorn UI or restore it from a backup, or delete it if unused (kubectl -n ${namespace} get volumes.longhorn.io ${name} -o yaml shows the failed replicas).`,
          },
        ];
      }
      if (robustness === 'unknown' && state === 'attached') {
        return [
          {
            check: 'longhorn-volume-degraded',
            severity: 'warning',
            object,
            message: `robustness is unknown while attached${pvc ? ` (PVC ${pvc})` : ''}`,
            remedy: `Check the volume's engine and replicas (kubectl -n ${namespace} get engines.longhorn.io,replicas.longhorn.io -l longhornvolume=${name}); the pre-drain job waits until it reports healthy.`,
          },
        ];
      }
      return [];
    });
  },
};
