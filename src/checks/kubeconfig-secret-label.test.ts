import { snapshotOf } from '../../test/builders.js';
import { aLocalKubeconfigSecret, aSecretMeta } from '../../test/rancher-builders.js';
import { kubeconfigSecretLabel } from './kubeconfig-secret-label.js';

describe('kubeconfig-secret-label', () => {
  it('stays quiet when the label is there', () => {
    expect(kubeconfigSecretLabel.run(snapshotOf({ localKubeconfigSecrets: [aLocalKubeconfigSecret()] }))).toEqual([]);
  });

  it('reports the missing label with the command that adds it', () => {
    const secret = aLocalKubeconfigSecret({});
    expect(kubeconfigSecretLabel.run(snapshotOf({ localKubeconfigSecrets: [secret] }))).toEqual([
      {
        check: 'kubeconfig-secret-label',
        severity: 'error',
        object: { kind: 'Secret', namespace: 'fleet-local', name: 'local-kubeconfig' },
        message: 'has no label cluster.x-k8s.io/cluster-name',
        remedy: 'kubectl label secret local-kubeconfig -n fleet-local cluster.x-k8s.io/cluster-name=local',
      },
    ]);
  });

  it('reports a wrong value and overwrites it', () => {
    const secret = aLocalKubeconfigSecret({ 'cluster.x-k8s.io/cluster-name': 'harvester' });
    expect(kubeconfigSecretLabel.run(snapshotOf({ localKubeconfigSecrets: [secret] }))).toEqual([
      expect.objectContaining({
        message: 'label cluster.x-k8s.io/cluster-name is "harvester", not local',
        remedy: expect.stringContaining('cluster.x-k8s.io/cluster-name=local --overwrite') as unknown,
      }),
    ]);
  });

  it('reports a missing secret, ignoring one of the same name elsewhere', () => {
    const elsewhere = aSecretMeta('local-kubeconfig', 'fleet-default', { 'cluster.x-k8s.io/cluster-name': 'local' });
    expect(kubeconfigSecretLabel.run(snapshotOf({ localKubeconfigSecrets: [elsewhere] }))).toEqual([
      expect.objectContaining({
        object: { kind: 'Secret', namespace: 'fleet-local', name: 'local-kubeconfig' },
        message: 'secret fleet-local/local-kubeconfig does not exist',
      }),
    ]);
  });
});
