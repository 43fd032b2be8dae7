import { aNode, snapshotOf } from '../../test/builders.js';
import { aVolume } from '../../test/longhorn-builders.js';
import type { LonghornVolume } from '../model/longhorn.js';
import { longhornVolumeDegraded } from './longhorn-volume-degraded.js';

const nodes = (count: number) => Array.from({ length: count }, (_, index) => aNode(`node-${String(index + 1)}`));
const withVolumes = (volumes: LonghornVolume[], nodeCount = 3) =>
  snapshotOf({ nodes: nodes(nodeCount), longhornVolumes: volumes });

describe('longhorn-volume-degraded', () => {
  it('has a stable id and needs the volumes and nodes', () => {
    expect(longhornVolumeDegraded.id).toBe('longhorn-volume-degraded');
    expect(longhornVolumeDegraded.needs).toEqual(['longhornVolumes', 'nodes']);
  });

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

  it('still reports a degraded volume on two nodes, where only the drain waits for it', () => {
    const [finding] = longhornVolumeDegraded.run(withVolumes([aVolume('pvc-x', { robustness: 'degraded' })], 2));
    expect(finding).toMatchObject({
      severity: 'error',
      message: 'robustness is degraded (state attached, PVC default/pvc-x)',
    });
    expect(finding?.remedy).toContain('each node drain waits');
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

  it('applies to two nodes or more only', () => {
    expect(longhornVolumeDegraded.appliesTo?.(withVolumes([], 1))).toMatch(/this cluster has 1/);
    expect(longhornVolumeDegraded.appliesTo?.(withVolumes([], 2))).toBeUndefined();
  });
});
