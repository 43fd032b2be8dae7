import { aNode, snapshotOf } from '../../test/builders.js';
import { aReplica, aVolume } from '../../test/longhorn-builders.js';
import type { LonghornReplica, LonghornVolume } from '../model/longhorn.js';
import type { Node } from '../model/node.js';
import { longhornVolumeDegraded } from './longhorn-volume-degraded.js';

const nodes = (count: number) => Array.from({ length: count }, (_, index) => aNode(`node-${String(index + 1)}`));
const withVolumes = (
  volumes: LonghornVolume[],
  nodeCount: number | Node[] = 3,
  longhornReplicas: LonghornReplica[] = [],
) =>
  snapshotOf({
    nodes: typeof nodeCount === 'number' ? nodes(nodeCount) : nodeCount,
    longhornVolumes: volumes,
    longhornReplicas,
  });

/** Replicas of `volume` on node-1…node-count, running (or as `state` says). */
const replicas = (volume: string, count: number, state = 'running'): LonghornReplica[] =>
  Array.from({ length: count }, (_, index) => ({
    ...aReplica(volume, index + 1),
    status: { currentState: state },
  }));
const witness = aNode('witness', { roles: ['etcd', 'witness'] });

describe('longhorn-volume-degraded', () => {
  it('stays quiet on healthy attached and detached volumes', () => {
    expect(
      longhornVolumeDegraded.run(withVolumes([aVolume('pvc-a'), aVolume('pvc-b', { state: 'detached' })])),
    ).toEqual([]);
  });

  it('reports a degraded volume with its state and PVC, naming the webhook on three nodes', () => {
    const volume = aVolume('pvc-1a2b', { robustness: 'degraded', pvc: 'vms/web-disk-0' });
    expect(longhornVolumeDegraded.run(withVolumes([volume]))).toEqual([
      {
        check: 'longhorn-volume-degraded',
        severity: 'error',
        object: { kind: 'Volume', namespace: 'longhorn-system', name: 'pvc-1a2b' },
        message: 'robustness is degraded (state attached, PVC vms/web-disk-0)',
        remedy: expect.stringContaining(
          'kubectl -n longhorn-system get replicas.longhorn.io -l longhornvolume=pvc-1a2b',
        ) as unknown,
      },
    ]);
    expect(longhornVolumeDegraded.run(withVolumes([volume]))[0]?.remedy).toContain('upgrade webhook refuses');
  });

  it('tells to lower the replica count when the webhook counts a witness node but only two nodes hold data', () => {
    const volume = aVolume('pvc-w', { robustness: 'degraded' });
    expect(longhornVolumeDegraded.run(withVolumes([volume], [...nodes(2), witness], replicas('pvc-w', 2)))).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: 'robustness is degraded (state attached, PVC default/pvc-w)',
        remedy:
          'The upgrade webhook refuses to start while it is degraded, and only 2 non-witness nodes can hold its 3 ' +
          'replicas, so it stays degraded until its replica count is lowered (kubectl -n longhorn-system patch ' +
          `volumes.longhorn.io pvc-w --type merge -p '{"spec":{"numberOfReplicas":2}}').`,
      }),
    ]);
  });

  it('is only informational on two nodes while two replicas run, which is all the pre-drain job waits for', () => {
    const volume = aVolume('pvc-x', { robustness: 'degraded' });
    expect(longhornVolumeDegraded.run(withVolumes([volume], 2, replicas('pvc-x', 2)))).toEqual([
      {
        check: 'longhorn-volume-degraded',
        severity: 'info',
        object: { kind: 'Volume', namespace: 'longhorn-system', name: 'pvc-x' },
        message:
          'robustness is degraded with 2 of 3 replicas running, enough for the pre-drain job on 2 non-witness nodes ' +
          '(state attached, PVC default/pvc-x)',
        remedy: expect.stringContaining(
          `Nothing blocks the upgrade; only 2 non-witness nodes can hold its 3 replicas, so it stays degraded until its replica count is lowered (kubectl -n longhorn-system patch volumes.longhorn.io pvc-x`,
        ) as unknown,
      },
    ]);
  });

  it('is an error on two nodes when fewer than min(2, numberOfReplicas) replicas run', () => {
    const three = aVolume('pvc-3', { robustness: 'degraded' });
    const two = aVolume('pvc-2', { robustness: 'degraded', replicas: 2 });
    const found = [...replicas('pvc-3', 1), ...replicas('pvc-3', 2, 'stopped').slice(1), ...replicas('pvc-2', 1)];
    expect(longhornVolumeDegraded.run(withVolumes([three, two], 2, found))).toEqual([
      {
        check: 'longhorn-volume-degraded',
        severity: 'error',
        object: { kind: 'Volume', namespace: 'longhorn-system', name: 'pvc-3' },
        message:
          'robustness is degraded with 1 of 3 replicas running, fewer than the 2 the pre-drain job waits for on 2 ' +
          'non-witness nodes (state attached, PVC default/pvc-3)',
        remedy: expect.stringContaining(
          'the pre-drain job of every node waits until 2 of them are in RW mode',
        ) as unknown,
      },
      expect.objectContaining({
        severity: 'error',
        object: { kind: 'Volume', namespace: 'longhorn-system', name: 'pvc-2' },
        message: expect.stringContaining('degraded with 1 of 2 replicas running, fewer than the 2') as unknown,
      }),
    ]);
  });

  it('judges a degraded volume by its own robustness when the bundle holds no Replica CRs', () => {
    const volume = aVolume('pvc-d', { robustness: 'degraded' });
    const noReplicas = (count: number) =>
      snapshotOf(
        { nodes: nodes(count), longhornVolumes: [volume] },
        { longhornReplicas: { status: 'not-in-bundle', reason: 'not in the bundle' } },
      );
    expect(longhornVolumeDegraded.run(noReplicas(3))).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: 'robustness is degraded (state attached, PVC default/pvc-d)',
      }),
    ]);
    expect(longhornVolumeDegraded.run(noReplicas(2))).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message:
          'robustness is degraded; its replicas were not read, so whether the 2 the pre-drain job waits for on 2 ' +
          'non-witness nodes run is unknown (state attached, PVC default/pvc-d)',
      }),
    ]);
    expect(longhornVolumeDegraded.optional).toEqual(['longhornReplicas']);
    expect(longhornVolumeDegraded.needs).not.toContain('longhornReplicas');
  });

  it('reports a faulted volume, detached or not', () => {
    expect(
      longhornVolumeDegraded.run(
        withVolumes([aVolume('pvc-f', { robustness: 'faulted', state: 'detached', pvc: null })]),
      ),
    ).toEqual([
      expect.objectContaining({
        severity: 'error',
        object: { kind: 'Volume', namespace: 'longhorn-system', name: 'pvc-f' },
        message: 'robustness is faulted, no replica is usable (state detached)',
        remedy: expect.stringContaining('Salvage') as unknown,
      }),
    ]);
  });

  it('warns about an attached volume whose robustness is unknown, not a detached one', () => {
    expect(
      longhornVolumeDegraded.run(
        withVolumes([aVolume('pvc-u', { robustness: 'unknown' }), aVolume('pvc-d', { state: 'detached' })]),
      ),
    ).toEqual([
      expect.objectContaining({
        severity: 'warning',
        object: { kind: 'Volume', namespace: 'longhorn-system', name: 'pvc-u' },
        message: 'robustness is unknown while attached (PVC default/pvc-u)',
      }),
    ]);
  });

  it('reads volumes without an Engine CR and without a status', () => {
    const bare: LonghornVolume = { kind: 'Volume', metadata: { name: 'bare', namespace: 'longhorn-system' } };
    expect(longhornVolumeDegraded.run(withVolumes([bare]))).toEqual([]);
  });

  it('applies to two non-witness nodes or more only', () => {
    expect(longhornVolumeDegraded.appliesTo?.(withVolumes([], 1))).toBe(
      'applies to clusters of two or more non-witness nodes; this cluster has 1 (a single node holds every replica and its upgrade drains nothing)',
    );
    expect(longhornVolumeDegraded.appliesTo?.(withVolumes([], [aNode('node-1'), witness]))).toMatch(
      /this cluster has 1 \(/,
    );
    expect(longhornVolumeDegraded.appliesTo?.(withVolumes([], 2))).toBeUndefined();
  });
});
