import { snapshotOf } from '../../test/builders.js';
import { aLocalKubeconfigSecret } from '../../test/rancher-builders.js';
import { kubeconfigSecretLabelFindings } from './kubeconfig-secret-label.js';

describe('kubeconfigSecretLabelFindings', () => {
  it('finds the local kubeconfig Secret without the Cluster API label', () => {
    const findings = kubeconfigSecretLabelFindings(
      snapshotOf({ localKubeconfigSecrets: [aLocalKubeconfigSecret({})] }),
    );
    expect(findings.map((finding) => finding.message)).toEqual(['has no label cluster.x-k8s.io/cluster-name']);
  });

  it('finds nothing when the label names the local cluster', () => {
    expect(kubeconfigSecretLabelFindings(snapshotOf({ localKubeconfigSecrets: [aLocalKubeconfigSecret()] }))).toEqual(
      [],
    );
  });
});
