import { nameOf } from '../../model/kube-object.js';
import { LONGHORN_NAMESPACE, type LonghornVolume } from '../../model/longhorn.js';
import { itemsOf } from '../../model/snapshot.js';
import { HARVESTER_ISSUE, type KnownIssue, longhornSetting, settingRef, UPGRADE_DOC } from '../known-issue.js';

const AUTO_DELETE_POD = 'auto-delete-pod-when-volume-detached-unexpectedly';

export const longhornRwxAutoDeletePod: KnownIssue = {
  id: 'longhorn-rwx-auto-delete-pod',
  title: 'VMs on migratable RWX volumes are not restarted by Longhorn',
  from: { atLeast: 'v1.3.2-0', below: 'v1.5.2-0' },
  to: { atLeast: 'v1.4.0-0', below: 'v1.5.2-0' },
  detection: {
    kind: 'check',
    needs: ['longhornVolumes', 'longhornSettings'],
    // longhorn/longhorn#11158 (harvester#8534): with auto-delete-pod-when-volume-detached-unexpectedly on (Longhorn's
    // default), VMs using migratable RWX volumes restart when the upgrade restarts the CSI plugin pods; affects
    // Harvester v1.4.x, v1.5.0 and v1.5.1 (harvester/docs docs/upgrade/v1-4-2-to-v1-5-0.md known issue 4).
    problem: () => 'Longhorn will restart VMs on migratable RWX volumes',
    run: (snapshot) => {
      const volumes = itemsOf(snapshot, 'longhornVolumes').filter(
        (volume: LonghornVolume) => volume.spec?.accessMode === 'rwx' && volume.spec.migratable === true,
      );
      const setting = longhornSetting(snapshot, AUTO_DELETE_POD);
      if (volumes.length === 0 || setting.value === 'false') return [];
      return [
        {
          check: 'longhorn-rwx-auto-delete-pod',
          severity: 'warning',
          object: settingRef(AUTO_DELETE_POD, setting.object),
          message: `${AUTO_DELETE_POD} is ${setting.value ?? 'unset (default true)'} while ${String(volumes.length)} migratable RWX volume(s) exist (${volumes.map(nameOf).join(', ')}): their VMs restart when the upgrade restarts Longhorn's CSI plugin pods`,
          remedy: `Before the upgrade: kubectl -n ${LONGHORN_NAMESPACE} patch settings.longhorn.io ${AUTO_DELETE_POD} --type merge -p '{"value":"false"}'; set it back to "true" once the upgrade is complete.`,
        },
      ];
    },
  },
  sources: [
    `${UPGRADE_DOC}v1-4-2-to-v1-5-0`,
    `${HARVESTER_ISSUE}8534`,
    'https://github.com/longhorn/longhorn/issues/11158',
  ],
  remedy: `Disable ${AUTO_DELETE_POD} for the upgrade and enable it again afterwards.`,
};
