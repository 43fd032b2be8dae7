import { refOf } from '../model/kube-object.js';
import { CAPI_CLUSTER_KIND, FLEET_LOCAL, LOCAL_CLUSTER, localClusterOf } from '../model/rancher.js';
import { itemsOf } from '../model/snapshot.js';
import type { Check } from './check.js';
import { counted } from '../model/finding.js';

/**
 * While `spec.paused` is true Cluster API stops reconciling the cluster and its machines, so the upgrade's node
 * phase never advances (harvester/upgrade-helpers: pre-check/v1.x/check.sh check_cluster_pause, commit e4b079a).
 * A missing cluster is capi-cluster-not-provisioned's finding.
 */
export const capiClusterPaused: Check = {
  id: 'capi-cluster-paused',
  title: 'The Cluster API cluster is not paused',
  problem: (findings) => counted(findings, 'Cluster API cluster is paused', 'Cluster API clusters are paused'),
  description: `Cluster API cluster ${FLEET_LOCAL}/${LOCAL_CLUSTER} must not be paused, or the upgrade stalls.`,
  needs: ['capiClusters'],
  run: (snapshot) => {
    const cluster = localClusterOf(itemsOf(snapshot, 'capiClusters'));
    if (cluster?.spec?.paused !== true) return [];
    return [
      {
        check: 'capi-cluster-paused',
        severity: 'error',
        object: refOf(CAPI_CLUSTER_KIND, cluster),
        message: 'spec.paused is true, so Cluster API reconciles nothing and the upgrade would stall',
        remedy: `Unpause it once whoever paused it is done: kubectl -n ${FLEET_LOCAL} patch clusters.cluster.x-k8s.io ${LOCAL_CLUSTER} --type merge -p '{"spec":{"paused":false}}'`,
      },
    ];
  },
};
