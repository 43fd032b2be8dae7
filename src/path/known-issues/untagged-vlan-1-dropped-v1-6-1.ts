import { counted, type Finding } from '../../model/finding.js';
import { nameOf, refOf } from '../../model/kube-object.js';
import { NAD_CLUSTER_NETWORK_LABEL, nadVlanId } from '../../model/network.js';
import { itemsOf } from '../../model/snapshot.js';
import { HARVESTER_ISSUE, type KnownIssue, UPGRADE_DOC } from '../known-issue.js';

const ID = 'untagged-vlan-1-dropped-v1-6-1';

export const untaggedVlan1DroppedV161: KnownIssue = {
  id: ID,
  title: 'VLAN networks do not rely on untagged frames reaching VLAN 1',
  // Up to v1.6.0 the CNI bridge plugin put every secondary pod interface in VLAN 1 as well as its own VLAN;
  // v1.6.1 ships bridge plugin v1.8.0, which keeps only the network's VLAN. Any path that crosses v1.6.1 changes it.
  from: { atLeast: 'v1.5.0-0', below: 'v1.6.1-0' },
  to: { atLeast: 'v1.6.1-0' },
  detection: {
    kind: 'check',
    needs: ['networkAttachmentDefinitions'],
    // harvester/docs docs/upgrade/v1-5-x-to-v1-6-x.md known issue 9 (harvester#8816): a VM network or storage
    // network on VLAN 2 or higher behind a switch access port (untagged frames) loses its traffic; untagged
    // networks and VLAN 1 are not affected.
    problem: (findings) =>
      counted(
        findings,
        'VLAN network relies on untagged frames reaching VLAN 1',
        'VLAN networks rely on untagged frames reaching VLAN 1',
      ),
    run: (snapshot) =>
      itemsOf(snapshot, 'networkAttachmentDefinitions').flatMap((nad): Finding[] => {
        const vlan = nadVlanId(nad);
        if (vlan === undefined || vlan < 2) return [];
        const network = nad.metadata?.labels?.[NAD_CLUSTER_NETWORK_LABEL];
        return [
          {
            check: ID,
            severity: 'warning',
            object: refOf('NetworkAttachmentDefinition', nad),
            message: `${nameOf(nad)} tags VLAN ${String(vlan)}${network ? ` on cluster network ${network}` : ''}; from v1.6.1 its pods no longer get VLAN 1, so untagged frames from a switch access port stop reaching them`,
            remedy:
              'Make the uplink switch ports of this cluster network trunk ports carrying this VLAN before upgrading.',
          },
        ];
      }),
  },
  sources: [`${UPGRADE_DOC}v1-5-x-to-v1-6-x`, `${HARVESTER_ISSUE}8816`],
  remedy: 'Configure the switch ports of VLAN networks as trunk ports (tagged frames) before upgrading.',
};
