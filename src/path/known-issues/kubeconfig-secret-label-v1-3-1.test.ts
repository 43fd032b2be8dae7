import { expectFires, expectQuiet } from '../../../test/known-issue-scenarios.js';
import { aSecretMeta } from '../../../test/rancher-builders.js';
import { kubeconfigSecretLabelV131 } from './kubeconfig-secret-label-v1-3-1.js';

describe('kubeconfig-secret-label-v1-3-1', () => {
  it('fires', () => {
    expectFires(kubeconfigSecretLabelV131, {
      from: 'v1.2.2',
      to: 'v1.3.1',
      items: { localKubeconfigSecrets: [aSecretMeta('local-kubeconfig', 'fleet-local')] },
    });
  });

  it('stays quiet', () => {
    expectQuiet(kubeconfigSecretLabelV131, {
      from: 'v1.3.0',
      to: 'v1.3.1',
      items: {
        localKubeconfigSecrets: [
          aSecretMeta('local-kubeconfig', 'fleet-local', { 'cluster.x-k8s.io/cluster-name': 'local' }),
        ],
      },
    });
  });
});
