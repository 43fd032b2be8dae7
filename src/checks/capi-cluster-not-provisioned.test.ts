import { snapshotOf } from '../../test/builders.js';
import { aCapiCluster } from '../../test/rancher-builders.js';
import type { CapiCluster } from '../model/rancher.js';
import { capiClusterNotProvisioned } from './capi-cluster-not-provisioned.js';

const withClusters = (...capiClusters: CapiCluster[]) => snapshotOf({ capiClusters });

describe('capi-cluster-not-provisioned', () => {
  it('stays quiet when fleet-local/local is Provisioned', () => {
    expect(capiClusterNotProvisioned.run(withClusters(aCapiCluster()))).toEqual([]);
  });

  it('reports the phase and the messages of the conditions that are not True', () => {
    const cluster = aCapiCluster({
      phase: 'Provisioning',
      conditions: [
        { type: 'Ready', status: 'False', message: 'control plane is not ready.' },
        { type: 'InfrastructureReady', status: 'True' },
      ],
    });
    expect(capiClusterNotProvisioned.run(withClusters(cluster))).toEqual([
      {
        check: 'capi-cluster-not-provisioned',
        severity: 'error',
        object: { kind: 'Cluster.cluster.x-k8s.io', namespace: 'fleet-local', name: 'local' },
        message: 'phase is Provisioning, not Provisioned (Ready: control plane is not ready)',
        remedy: expect.stringContaining(
          'kubectl -n fleet-local get clusters.cluster.x-k8s.io local -o yaml',
        ) as unknown,
      },
    ]);
  });

  it('reports a cluster with no phase', () => {
    expect(capiClusterNotProvisioned.run(withClusters(aCapiCluster({ phase: null })))).toEqual([
      expect.objectContaining({ message: 'has no phase, so it is not Provisioned' }),
    ]);
  });

  it('reports a missing fleet-local/local, ignoring clusters elsewhere', () => {
    const other = aCapiCluster({ namespace: 'fleet-default', name: 'guest' });
    expect(capiClusterNotProvisioned.run(withClusters(other))).toEqual([
      expect.objectContaining({
        object: { kind: 'Cluster.cluster.x-k8s.io', namespace: 'fleet-local', name: 'local' },
        message: 'clusters.cluster.x-k8s.io fleet-local/local does not exist',
      }),
    ]);
  });
});
