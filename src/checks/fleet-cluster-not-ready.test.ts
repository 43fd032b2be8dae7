import { snapshotOf } from '../../test/builders.js';
import { aFleetCluster } from '../../test/rancher-builders.js';
import { fleetClusterNotReady } from './fleet-cluster-not-ready.js';

describe('fleet-cluster-not-ready', () => {
  it('stays quiet when fleet-local/local is Imported and Ready', () => {
    expect(fleetClusterNotReady.run(snapshotOf({ fleetClusters: [aFleetCluster()] }))).toEqual([]);
  });

  it('reports a cluster that is not Ready, with what Fleet says', () => {
    const cluster = aFleetCluster([
      { type: 'Imported', status: 'True' },
      { type: 'Ready', status: 'False', message: 'NotReady(1) [Bundle mcc-harvester]' },
    ]);
    expect(fleetClusterNotReady.run(snapshotOf({ fleetClusters: [cluster] }))).toEqual([
      {
        check: 'fleet-cluster-not-ready',
        severity: 'error',
        object: { kind: 'Cluster.fleet.cattle.io', namespace: 'fleet-local', name: 'local' },
        message:
          "Ready is False (Ready: NotReady(1) [Bundle mcc-harvester]): Fleet would not roll out the upgrade's charts, which the upgrade waits for with no timeout",
        remedy:
          'Find why Fleet does not see the cluster as ready: kubectl -n fleet-local get clusters.fleet.cattle.io local -o yaml (status.conditions, status.display), kubectl -n cattle-fleet-system logs -l app=fleet-controller, and the fleet-agent in cattle-fleet-local-system.',
      },
    ]);
  });

  it('reports a cluster that was never imported', () => {
    const cluster = aFleetCluster([{ type: 'Ready', status: 'True' }]);
    expect(fleetClusterNotReady.run(snapshotOf({ fleetClusters: [cluster] }))).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/^Imported is not reported: /) as unknown }),
    ]);
  });

  it('reports a missing cluster, ignoring one of the same name elsewhere', () => {
    const elsewhere = { ...aFleetCluster(), metadata: { name: 'local', namespace: 'fleet-default' } };
    expect(fleetClusterNotReady.run(snapshotOf({ fleetClusters: [elsewhere] }))).toEqual([
      expect.objectContaining({
        object: { kind: 'Cluster.fleet.cattle.io', namespace: 'fleet-local', name: 'local' },
        message:
          'clusters.fleet.cattle.io fleet-local/local does not exist, so the upgrade would wait for its Imported condition for ever',
      }),
    ]);
  });
});
