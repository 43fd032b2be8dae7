import { NTP_SERVICE_ANNOTATION, ntpStatusOf } from '../model/harvester.js';
import { counted, type Finding } from '../model/finding.js';
import { nameOf, refOf } from '../model/kube-object.js';
import { itemsOf } from '../model/snapshot.js';
import type { Check } from './check.js';

/**
 * harvester/node-manager reports each node's NTP state in the annotation node.harvesterhci.io/ntp-service:
 * `synced`, `unsynced` (NTP on but not synchronised) or `disabled` (no NTP), from systemd-timedated
 * (pkg/monitor/ntp.go). Clocks out of step disturb etcd (it warns on clock drift between members) and certificate
 * validity checks; the upgrade-helpers README asks to compare `date` on every node by hand
 * (harvester/upgrade-helpers: pre-check/v1.x/README.md). A node without the annotation, or with one that cannot be
 * read, says nothing either way.
 */
export const nodeTimeNotSynced: Check = {
  id: 'node-time-not-synced',
  title: 'Node clocks are synchronised',
  problem: (findings) => counted(findings, "node's clock is not synchronised", "nodes' clocks are not synchronised"),
  description: `Every node should report NTP as synced in ${NTP_SERVICE_ANNOTATION}; clocks out of step break etcd and TLS.`,
  needs: ['nodes'],
  run: (snapshot) =>
    itemsOf(snapshot, 'nodes').flatMap((node): Finding[] => {
      const ntp = ntpStatusOf(node);
      if (!ntp || ntp.syncStatus === 'synced') return [];
      const servers = ntp.servers ? `, servers ${ntp.servers}` : '';
      return [
        {
          check: 'node-time-not-synced',
          severity: 'warning',
          object: refOf('Node', node),
          message:
            ntp.syncStatus === 'disabled'
              ? `time sync is disabled (ntpSyncStatus disabled${servers})`
              : `clock is not synchronised (ntpSyncStatus ${ntp.syncStatus}${servers})`,
          remedy: `Set reachable NTP servers in the Harvester setting ntp-servers, then check on ${nameOf(node)}: timedatectl timesync-status.`,
        },
      ];
    }),
};
