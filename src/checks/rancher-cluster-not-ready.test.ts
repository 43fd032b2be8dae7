import { snapshotOf } from '../../test/builders.js';
import { aProvisioningCluster } from '../../test/rancher-builders.js';
import type { ProvisioningCluster } from '../model/rancher.js';
import { rancherClusterNotReady } from './rancher-cluster-not-ready.js';

const withClusters = (...provisioningClusters: ProvisioningCluster[]) => snapshotOf({ provisioningClusters });

describe('rancher-cluster-not-ready', () => {
  it('stays quiet when fleet-local/local is Ready', () => {
    expect(rancherClusterNotReady.run(withClusters(aProvisioningCluster()))).toEqual([]);
  });

  it('reports Ready False with the planner messages of Updated, Provisioned and Ready', () => {
    const cluster = aProvisioningCluster({
      conditions: [
        { type: 'Ready', status: 'False', message: 'waiting for uncordon.' },
        {
          type: 'Updated',
          status: 'Unknown',
          message: 'uncordoning etcd node(s) custom-e0e400dd64a8: waiting for uncordon to finish',
        },
        { type: 'Provisioned', status: 'True', message: 'done' },
        { type: 'RKECluster', status: 'False', message: 'not a planner condition' },
      ],
    });
    expect(rancherClusterNotReady.run(withClusters(cluster))).toEqual([
      {
        check: 'rancher-cluster-not-ready',
        severity: 'error',
        object: { kind: 'Cluster.provisioning.cattle.io', namespace: 'fleet-local', name: 'local' },
        message:
          'condition Ready is False (Ready: waiting for uncordon; Updated: uncordoning etcd node(s) custom-e0e400dd64a8: waiting for uncordon to finish)',
        remedy: expect.stringContaining(
          'kubectl -n fleet-local get clusters.provisioning.cattle.io local -o yaml',
        ) as unknown,
      },
    ]);
  });

  it('reports a cluster with no Ready condition', () => {
    const cluster = aProvisioningCluster({ conditions: [{ type: 'Updated', status: 'True' }] });
    expect(rancherClusterNotReady.run(withClusters(cluster))).toEqual([
      expect.objectContaining({ message: 'has no Ready condition' }),
    ]);
  });

  it('reports a missing fleet-local/local, ignoring clusters elsewhere', () => {
    const guest = aProvisioningCluster({ namespace: 'fleet-default', name: 'guest' });
    expect(rancherClusterNotReady.run(withClusters(guest))).toEqual([
      expect.objectContaining({
        object: { kind: 'Cluster.provisioning.cattle.io', namespace: 'fleet-local', name: 'local' },
        message: 'clusters.provisioning.cattle.io fleet-local/local does not exist',
      }),
    ]);
  });
});
