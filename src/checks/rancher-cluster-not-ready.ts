import { counted, type Finding } from '../model/finding.js';
import { conditionOf, refOf } from '../model/kube-object.js';
import {
  conditionsNotTrue,
  FLEET_LOCAL,
  LOCAL_CLUSTER,
  localClusterOf,
  PROVISIONING_CLUSTER_KIND,
} from '../model/rancher.js';
import { itemsOf } from '../model/snapshot.js';
import type { Check } from './check.js';

/** The conditions where Rancher's planner says what it is doing to the nodes (harvester/harvester issue #8224). */
const PLANNER_CONDITIONS = new Set(['Updated', 'Provisioned', 'Ready']);

/**
 * The upgrade hands the new RKE2 version to Rancher through clusters.provisioning.cattle.io fleet-local/local
 * (harvester/harvester: pkg/controller/master/upgrade/upgrade_controller.go upgradeKubernetes). While Rancher is
 * still busy with an earlier change (draining, uncordoning, waiting for probes) the node phase queues behind it.
 */
export const rancherClusterNotReady: Check = {
  id: 'rancher-cluster-not-ready',
  title: 'The Rancher cluster is Ready',
  problem: (findings) => counted(findings, 'Rancher cluster is not Ready', 'Rancher clusters are not Ready'),
  description: `Rancher's provisioning cluster ${FLEET_LOCAL}/${LOCAL_CLUSTER} must be Ready; the upgrade's node phase runs through it.`,
  needs: ['provisioningClusters'],
  run: (snapshot) => {
    const cluster = localClusterOf(itemsOf(snapshot, 'provisioningClusters'));
    if (!cluster) {
      const finding: Finding = {
        check: 'rancher-cluster-not-ready',
        severity: 'error',
        object: { kind: PROVISIONING_CLUSTER_KIND, namespace: FLEET_LOCAL, name: LOCAL_CLUSTER },
        message: `clusters.provisioning.cattle.io ${FLEET_LOCAL}/${LOCAL_CLUSTER} does not exist`,
        remedy: `Rancher manages the Harvester cluster through it; check Rancher (kubectl -n cattle-system logs -l app=rancher) before upgrading.`,
      };
      return [finding];
    }
    const ready = conditionOf(cluster.status?.conditions, 'Ready');
    if (ready?.status === 'True') return [];
    const waiting = conditionsNotTrue(
      cluster.status?.conditions?.filter((condition) => PLANNER_CONDITIONS.has(condition.type ?? '')),
    );
    const finding: Finding = {
      check: 'rancher-cluster-not-ready',
      severity: 'error',
      object: refOf(PROVISIONING_CLUSTER_KIND, cluster),
      message:
        (ready ? `condition Ready is ${ready.status ?? 'Unknown'}` : 'has no Ready condition') +
        (waiting.length > 0 ? ` (${waiting.join('; ')})` : ''),
      remedy: `Wait for Rancher to finish, or find what it waits for: kubectl -n ${FLEET_LOCAL} get clusters.provisioning.cattle.io ${LOCAL_CLUSTER} -o yaml and kubectl -n cattle-system logs -l app=rancher.`,
    };
    return [finding];
  },
};
