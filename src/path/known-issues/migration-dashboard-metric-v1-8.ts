import { refOf } from '../../model/kube-object.js';
import { itemsOf } from '../../model/snapshot.js';
import { HARVESTER_ISSUE, type KnownIssue, minorOf, UPGRADE_DOC } from '../known-issue.js';

const ID = 'migration-dashboard-metric-v1-8';
const MONITORING_ADDON = 'rancher-monitoring';

export const migrationDashboardMetricV18: KnownIssue = {
  id: ID,
  title: 'The VM migration dashboard shows its memory transfer rate',
  from: minorOf('v1.7'),
  to: minorOf('v1.8'),
  detection: {
    kind: 'check',
    needs: ['addons'],
    // harvester/docs docs/upgrade/v1-7-x-to-v1-8-x.md known issue 4 (harvester#11390): the pre-loaded Grafana
    // dashboard harvester-vm-migration-details-dashboard (cattle-dashboards) still queries
    // kubevirt_vmi_migration_disk_transfer_rate_bytes, which KubeVirt 1.7 renamed; the panel stays empty. The
    // template at v1.9.0-rc6 (pkg/installer/config/templates/rancherd-12-monitoring-dashboard.yaml) still has it.
    // Without the monitoring add-on there is no Grafana to show it.
    problem: () => 'The VM migration dashboard will not show its memory transfer rate',
    run: (snapshot) =>
      itemsOf(snapshot, 'addons')
        .filter((addon) => addon.metadata?.name === MONITORING_ADDON && addon.spec?.enabled === true)
        .map((addon) => ({
          check: ID,
          severity: 'info' as const,
          object: refOf('Addon', addon),
          message:
            'the monitoring add-on is enabled; after the upgrade the "Migration Memory Transfer Rate" panel of the VM migration dashboard shows no data',
          remedy: `Patch the panel's expression to kubevirt_vmi_migration_memory_transfer_rate_bytes in ConfigMap cattle-dashboards/harvester-vm-migration-details-dashboard after the upgrade (${UPGRADE_DOC}v1-7-x-to-v1-8-x).`,
        })),
  },
  sources: [`${UPGRADE_DOC}v1-7-x-to-v1-8-x`, `${HARVESTER_ISSUE}11390`],
  remedy: 'After the upgrade, patch the dashboard ConfigMap as the docs show; nothing else is affected.',
};
