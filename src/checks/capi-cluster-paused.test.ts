import { snapshotOf } from '../../test/builders.js';
import { aCapiCluster } from '../../test/rancher-builders.js';
import { capiClusterPaused } from './capi-cluster-paused.js';

describe('capi-cluster-paused', () => {
  it.each([undefined, false])('stays quiet when spec.paused is %j', (paused) => {
    expect(
      capiClusterPaused.run(
        snapshotOf({ capiClusters: [aCapiCluster({ ...(paused === undefined ? {} : { paused }) })] }),
      ),
    ).toEqual([]);
  });

  it('reports a paused fleet-local/local with the patch that unpauses it', () => {
    expect(capiClusterPaused.run(snapshotOf({ capiClusters: [aCapiCluster({ paused: true })] }))).toEqual([
      {
        check: 'capi-cluster-paused',
        severity: 'error',
        object: { kind: 'Cluster.cluster.x-k8s.io', namespace: 'fleet-local', name: 'local' },
        message: 'spec.paused is true, so Cluster API reconciles nothing and the upgrade would stall',
        remedy: expect.stringContaining(
          `kubectl -n fleet-local patch clusters.cluster.x-k8s.io local --type merge -p '{"spec":{"paused":false}}'`,
        ) as unknown,
      },
    ]);
  });

  it('ignores paused clusters other than fleet-local/local, and a missing one', () => {
    const guest = aCapiCluster({ namespace: 'fleet-default', name: 'guest', paused: true });
    expect(capiClusterPaused.run(snapshotOf({ capiClusters: [guest] }))).toEqual([]);
  });
});
