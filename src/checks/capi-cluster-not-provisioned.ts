import { counted, type Finding } from '../model/finding.js';
import { refOf } from '../model/kube-object.js';
import { CAPI_CLUSTER_KIND, conditionsNotTrue, FLEET_LOCAL, LOCAL_CLUSTER, localClusterOf } from '../model/rancher.js';
import { itemsOf } from '../model/snapshot.js';
import type { Check } from './check.js';

const DESCRIBE = `kubectl -n ${FLEET_LOCAL} get clusters.cluster.x-k8s.io ${LOCAL_CLUSTER} -o yaml`;

/**
 * The webhook refuses an upgrade unless the Cluster API cluster fleet-local/local is in phase Provisioned: "cluster
 * fleet-local/local status is <phase>, please wait for it to be provisioned", or a 500 when it cannot be read
 * (harvester/harvester: pkg/webhook/resources/upgrade/validator.go); the pre-check script tests the same
 * (harvester/upgrade-helpers: pre-check/v1.x/check.sh check_cluster).
 */
export const capiClusterNotProvisioned: Check = {
  id: 'capi-cluster-not-provisioned',
  title: 'The Cluster API cluster is Provisioned',
  problem: (findings) =>
    counted(findings, 'Cluster API cluster is not Provisioned', 'Cluster API clusters are not Provisioned'),
  description: `Cluster API cluster ${FLEET_LOCAL}/${LOCAL_CLUSTER} must be in phase Provisioned; Harvester's upgrade webhook refuses to start otherwise.`,
  needs: ['capiClusters'],
  run: (snapshot) => {
    const cluster = localClusterOf(itemsOf(snapshot, 'capiClusters'));
    if (!cluster) {
      const finding: Finding = {
        check: 'capi-cluster-not-provisioned',
        severity: 'error',
        object: { kind: CAPI_CLUSTER_KIND, namespace: FLEET_LOCAL, name: LOCAL_CLUSTER },
        message: `clusters.cluster.x-k8s.io ${FLEET_LOCAL}/${LOCAL_CLUSTER} does not exist`,
        remedy:
          'Rancher creates it for the Harvester cluster; check Rancher (kubectl -n cattle-system logs -l app=rancher) ' +
          `and kubectl -n ${FLEET_LOCAL} get clusters.cluster.x-k8s.io before upgrading.`,
      };
      return [finding];
    }
    const phase = cluster.status?.phase;
    if (phase === 'Provisioned') return [];
    const waiting = conditionsNotTrue(cluster.status?.conditions);
    const finding: Finding = {
      check: 'capi-cluster-not-provisioned',
      severity: 'error',
      object: refOf(CAPI_CLUSTER_KIND, cluster),
      message:
        (phase ? `phase is ${phase}, not Provisioned` : 'has no phase, so it is not Provisioned') +
        (waiting.length > 0 ? ` (${waiting.join('; ')})` : ''),
      remedy: `Wait for Rancher to finish provisioning, or find what it waits for: ${DESCRIBE}.`,
    };
    return [finding];
  },
};
