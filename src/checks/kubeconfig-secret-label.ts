import { FLEET_LOCAL, LOCAL_CLUSTER } from '../model/rancher.js';
import type { Check } from './check.js';
import { CLUSTER_NAME_LABEL, kubeconfigSecretLabelFindings, SECRET } from '../facts/kubeconfig-secret-label.js';
import { counted } from '../model/finding.js';

/**
 * Cluster API (v1.5 and later) reads only Secrets labelled cluster.x-k8s.io/cluster-name; without the label on
 * fleet-local/local-kubeconfig it cannot reach the cluster's nodes and the upgrade's node phase stalls. The
 * upgrade-helpers pre-check lists Secrets with that label and fails when local-kubeconfig is not among them
 * (harvester/upgrade-helpers: pre-check/v1.x/check.sh check_kubeconfig_secret; the v1.2.2 → v1.3.1 known issue).
 */
export const kubeconfigSecretLabel: Check = {
  id: 'kubeconfig-secret-label',
  title: 'The local kubeconfig Secret is labelled for Cluster API',
  problem: (findings) =>
    counted(
      findings,
      'local kubeconfig Secret lacks the Cluster API label',
      'local kubeconfig Secrets lack the Cluster API label',
    ),
  description: `Secret ${FLEET_LOCAL}/${SECRET} must carry ${CLUSTER_NAME_LABEL}=${LOCAL_CLUSTER}, or Cluster API loses the cluster during the upgrade.`,
  needs: ['localKubeconfigSecrets'],
  run: kubeconfigSecretLabelFindings,
};
