import { kubeconfigSecretLabelFindings } from '../../facts/kubeconfig-secret-label.js';
import { HARVESTER_ISSUE, type KnownIssue, release, sameAsCheck, UPGRADE_DOC } from '../known-issue.js';
import { counted } from '../../model/finding.js';

export const kubeconfigSecretLabelV131: KnownIssue = {
  id: 'kubeconfig-secret-label-v1-3-1',
  title: 'The local kubeconfig Secret is labelled for Cluster API before v1.3.1',
  from: { atLeast: 'v1.2.2-0', below: 'v1.3.1-0' },
  to: release('v1.3.1'),
  // harvester/docs docs/upgrade/v1-2-2-to-v1-3-1.md known issue 1 (harvester#6041): without the label,
  // capi-controller-manager gets Unauthorized listing nodes and the upgrade stops after the first node
  // ("waiting for kubelet to update"). Same rule as the check.
  detection: sameAsCheck('kubeconfig-secret-label-v1-3-1', ['localKubeconfigSecrets'], {
    run: kubeconfigSecretLabelFindings,
    problem: (findings) =>
      counted(
        findings,
        'local kubeconfig Secret lacks the Cluster API label',
        'local kubeconfig Secrets lack the Cluster API label',
      ),
  }),
  sources: [`${UPGRADE_DOC}v1-2-2-to-v1-3-1`, `${HARVESTER_ISSUE}6041`],
  remedy:
    'Label the secret before upgrading: kubectl label secret local-kubeconfig -n fleet-local cluster.x-k8s.io/cluster-name=local; if the upgrade is already stuck, restart deployment/capi-controller-manager in cattle-provisioning-capi-system.',
};
