import { LONGHORN_NAMESPACE } from '../../model/longhorn.js';
import { HARVESTER_ISSUE, type KnownIssue, longhornSetting, minorOf, settingRef, UPGRADE_DOC } from '../known-issue.js';

const RWX_ON_STORAGE_NETWORK = 'storage-network-for-rwx-volume-enabled';

export const rwxStorageNetworkPostDraining: KnownIssue = {
  id: 'rwx-storage-network-post-draining',
  title: 'RWX volumes on the storage network do not stall Post-draining',
  from: minorOf('v1.7'),
  to: minorOf('v1.8'),
  detection: {
    kind: 'check',
    needs: ['longhornSettings'],
    // harvester/docs docs/upgrade/v1-7-x-to-v1-8-x.md known issue 2 (harvester#10532): with RWX volumes on the
    // storage network, Harvester clears endpoint-network-for-rwx-volume before Longhorn's migration, the upgrade
    // repository's share manager gets the endpoint nfs://None/... and a node stays in Post-draining.
    problem: () => 'RWX volumes on the storage network will stall Post-draining',
    run: (snapshot) => {
      const setting = longhornSetting(snapshot, RWX_ON_STORAGE_NETWORK);
      if (setting.value !== 'true') return [];
      return [
        {
          check: 'rwx-storage-network-post-draining',
          severity: 'warning',
          object: settingRef(RWX_ON_STORAGE_NETWORK, setting.object),
          message: `${RWX_ON_STORAGE_NETWORK} is true, so a node may stay in Post-draining while the upgrade repository's RWX volume cannot be mounted (nfs://None)`,
          remedy: `If it happens: kubectl -n ${LONGHORN_NAMESPACE} patch setting endpoint-network-for-rwx-volume --type merge -p '{"value":"<storage-network NAD>"}', delete the upgrade repository's share-manager pod, and kubectl annotate settings.harvesterhci.io rwx-network rwx-network.settings.harvesterhci.io/initialized- (${UPGRADE_DOC}v1-7-x-to-v1-8-x).`,
        },
      ];
    },
  },
  sources: [`${UPGRADE_DOC}v1-7-x-to-v1-8-x`, `${HARVESTER_ISSUE}10532`],
  remedy: 'Know the documented recovery before upgrading; it restores endpoint-network-for-rwx-volume.',
};
