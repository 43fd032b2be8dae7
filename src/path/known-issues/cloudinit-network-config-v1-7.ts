import { counted, type Finding } from '../../model/finding.js';
import { nameOf, refOf } from '../../model/kube-object.js';
import { itemsOf } from '../../model/snapshot.js';
import { HARVESTER_ISSUE, type KnownIssue, minorOf, UPGRADE_DOC } from '../known-issue.js';

const ID = 'cloudinit-network-config-v1-7';
/** wicked's interface files; NetworkManager (v1.7.0 and later) never reads them. */
const IFCFG = /\/etc\/sysconfig\/network\/ifcfg-|\bifcfg-[\w.-]+/;

export const cloudinitNetworkConfigV17: KnownIssue = {
  id: ID,
  title: 'No CloudInit resource configures the network through wicked',
  from: minorOf('v1.6'),
  to: minorOf('v1.7'),
  detection: {
    kind: 'check',
    needs: ['cloudInits'],
    // harvester/docs docs/upgrade/v1-6-x-to-v1-7-x.md "Migration from wicked to NetworkManager": v1.7 generates
    // NetworkManager profiles from /oem/harvester.config only; management-interface changes made by CloudInit
    // resources that write ifcfg files are ignored after the upgrade.
    problem: (findings) =>
      counted(
        findings,
        'CloudInit resource configures the network through wicked',
        'CloudInit resources configure the network through wicked',
      ),
    run: (snapshot) =>
      itemsOf(snapshot, 'cloudInits')
        .filter((cloudInit) => !cloudInit.spec?.paused && IFCFG.test(cloudInit.spec?.contents ?? ''))
        .map((cloudInit): Finding => ({
          check: ID,
          severity: 'warning',
          object: refOf('CloudInit', cloudInit),
          message: `${nameOf(cloudInit)} writes wicked ifcfg network files${cloudInit.spec?.filename ? ` (/oem/${cloudInit.spec.filename})` : ''}, which NetworkManager ignores from v1.7.0`,
          remedy:
            'Before upgrading, move the setting into /oem/harvester.config (install.management_interface, os.dns_nameservers) on each node, or re-apply it with nmcli after the upgrade.',
        })),
  },
  sources: [`${UPGRADE_DOC}v1-6-x-to-v1-7-x#migration-from-wicked-to-networkmanager`, `${HARVESTER_ISSUE}9301`],
  remedy:
    'Carry custom management-network settings into /oem/harvester.config before the upgrade, or re-apply them with nmcli afterwards; harvester-installer generate-network-config rebuilds the profiles.',
};
