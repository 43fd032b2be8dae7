import { counted, type Finding } from '../model/finding.js';
import { conditionOf, refOf } from '../model/kube-object.js';
import { conditionsNotTrue, FLEET_CLUSTER_KIND, FLEET_LOCAL, LOCAL_CLUSTER, localClusterOf } from '../model/rancher.js';
import { sh } from '../model/shell.js';
import { itemsOf } from '../model/snapshot.js';
import type { Check } from './check.js';

const DESCRIBE = sh`kubectl -n ${FLEET_LOCAL} get clusters.fleet.cattle.io ${LOCAL_CLUSTER} -o yaml`;
const FLEET_LOGS = 'kubectl -n cattle-fleet-system logs -l app=fleet-controller';

/**
 * After Rancher's upgrade, `wait_cluster_local_and_fleet` waits with no timeout until Fleet's cluster fleet-local/local
 * has an Imported condition updated after fleet-controller restarted ("condition Imported is not found, continue"
 * while it has none), then up to 60 s for Ready (harvester/harvester package/upgrade/upgrade_manifests.sh
 * wait_cluster_local_is_imported, wait_cluster_local_is_ready; every tag from v1.4.0-rc5). A cluster Fleet does
 * not see as Ready deploys no bundle, and the upgrade then waits on the harvester ManagedChart with no timeout.
 * Its first two waits, for `agentTLSMode` in the clusters.fleet.cattle.io CRD's status schema and in the
 * cattle-fleet-system/fleet-controller ConfigMap, are not read: they wait for what the target's fleet-crd and fleet
 * charts bring, which both render unconditionally (rancher/fleet charts/fleet/templates/configmap.yaml; ClusterStatus
 * AgentTLSMode in pkg/apis/fleet.cattle.io/v1alpha1/cluster_types.go), after `wait_helm_release` has seen both
 * releases deployed; before the upgrade there is nothing of the target's to read, and a release that cannot upgrade
 * is helm-release-pending's.
 */
export const fleetClusterNotReady: Check = {
  id: 'fleet-cluster-not-ready',
  title: "Fleet's local cluster is imported and Ready",
  problem: (findings) =>
    counted(findings, 'Fleet cluster is not imported or not Ready', 'Fleet clusters are not imported or not Ready'),
  description: `Fleet cluster ${FLEET_LOCAL}/${LOCAL_CLUSTER} must exist, be Imported and be Ready: the upgrade waits on it after Rancher's upgrade, and Fleet deploys the new Harvester charts through it.`,
  needs: ['fleetClusters'],
  run: (snapshot) => {
    const cluster = localClusterOf(itemsOf(snapshot, 'fleetClusters'));
    if (!cluster) {
      const finding: Finding = {
        check: 'fleet-cluster-not-ready',
        severity: 'error',
        object: { kind: FLEET_CLUSTER_KIND, namespace: FLEET_LOCAL, name: LOCAL_CLUSTER },
        message: `clusters.fleet.cattle.io ${FLEET_LOCAL}/${LOCAL_CLUSTER} does not exist, so the upgrade would wait for its Imported condition for ever`,
        remedy: `Rancher and fleet-controller create it; check them (kubectl -n cattle-system logs -l app=rancher; ${FLEET_LOGS}) before upgrading.`,
      };
      return [finding];
    }
    const conditions = cluster.status?.conditions;
    const missing = ['Imported', 'Ready'].filter((type) => conditionOf(conditions, type)?.status !== 'True');
    if (missing.length === 0) return [];
    const said = conditionsNotTrue(conditions);
    const finding: Finding = {
      check: 'fleet-cluster-not-ready',
      severity: 'error',
      object: refOf(FLEET_CLUSTER_KIND, cluster),
      message:
        missing.map((type) => `${type} is ${conditionOf(conditions, type)?.status ?? 'not reported'}`).join(', ') +
        `${said.length > 0 ? ` (${said.join('; ')})` : ''}: Fleet would not roll out the upgrade's charts, which the upgrade waits for with no timeout`,
      remedy: `Find why Fleet does not see the cluster as ready: ${DESCRIBE} (status.conditions, status.display), ${FLEET_LOGS}, and the fleet-agent in cattle-fleet-local-system.`,
    };
    return [finding];
  },
};
