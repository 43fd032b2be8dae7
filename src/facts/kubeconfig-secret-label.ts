import type { Finding } from '../model/finding.js';
import { labelOf, refOf } from '../model/kube-object.js';
import { FLEET_LOCAL, LOCAL_CLUSTER } from '../model/rancher.js';
import { itemsOf, type ClusterSnapshot } from '../model/snapshot.js';

export const SECRET = 'local-kubeconfig';
export const CLUSTER_NAME_LABEL = 'cluster.x-k8s.io/cluster-name';
const LABEL_COMMAND = `kubectl label secret ${SECRET} -n ${FLEET_LOCAL} ${CLUSTER_NAME_LABEL}=${LOCAL_CLUSTER}`;

/**
 * Cluster API (v1.5 and later) reads only Secrets labelled cluster.x-k8s.io/cluster-name; without the label on
 * fleet-local/local-kubeconfig it cannot reach the cluster's nodes and the upgrade's node phase stalls. The
 * upgrade-helpers pre-check lists Secrets with that label and fails when local-kubeconfig is not among them
 * (harvester/upgrade-helpers: pre-check/v1.x/check.sh check_kubeconfig_secret; the v1.2.2 → v1.3.1 known issue).
 */
export const kubeconfigSecretLabelFindings = (snapshot: ClusterSnapshot): Finding[] => {
  const secret = itemsOf(snapshot, 'localKubeconfigSecrets').find(
    (s) => s.metadata?.namespace === FLEET_LOCAL && s.metadata.name === SECRET,
  );
  if (!secret) {
    const finding: Finding = {
      check: 'kubeconfig-secret-label',
      severity: 'error',
      object: { kind: 'Secret', namespace: FLEET_LOCAL, name: SECRET },
      message: `secret ${FLEET_LOCAL}/${SECRET} does not exist`,
      remedy:
        'Rancher writes it for the Harvester cluster; check Rancher (kubectl -n cattle-system logs -l app=rancher), ' +
        `then label it: ${LABEL_COMMAND}`,
    };
    return [finding];
  }
  const value = labelOf(secret, CLUSTER_NAME_LABEL);
  if (value === LOCAL_CLUSTER) return [];
  const finding: Finding = {
    check: 'kubeconfig-secret-label',
    severity: 'error',
    object: refOf('Secret', secret),
    message:
      value === undefined
        ? `has no label ${CLUSTER_NAME_LABEL}`
        : `label ${CLUSTER_NAME_LABEL} is ${JSON.stringify(value)}, not ${LOCAL_CLUSTER}`,
    remedy: value === undefined ? LABEL_COMMAND : `${LABEL_COMMAND} --overwrite`,
  };
  return [finding];
};
