import { aNode, aSetting, snapshotOf } from '../../test/builders.js';
import { aVolume } from '../../test/longhorn-builders.js';
import type { LonghornVolume } from '../model/longhorn.js';
import { longhornSingleReplicaVolume } from './longhorn-single-replica-volume.js';

const withVolumes = (volumes: LonghornVolume[], version?: string, nodeCount = 3) =>
  snapshotOf({
    nodes: Array.from({ length: nodeCount }, (_, index) => aNode(`node-${String(index + 1)}`)),
    longhornVolumes: volumes,
    ...(version ? { harvesterSettings: [aSetting('server-version', version)] } : {}),
  });

const detached = (name = 'pvc-d') => aVolume(name, { replicas: 1, state: 'detached', pvc: 'vms/old-disk' });

describe('longhorn-single-replica-volume', () => {
  it('stays quiet when every volume has more than one replica', () => {
    expect(
      longhornSingleReplicaVolume.run(withVolumes([aVolume('pvc-a'), aVolume('pvc-b', { replicas: 2 })], 'v1.4.2')),
    ).toEqual([]);
  });

  it('reports a running single-replica volume with its PVC', () => {
    expect(
      longhornSingleReplicaVolume.run(
        withVolumes([aVolume('pvc-7f3', { replicas: 1, pvc: 'vms/db-disk-0' })], 'v1.4.2'),
      ),
    ).toEqual([
      {
        check: 'longhorn-single-replica-volume',
        severity: 'error',
        object: { kind: 'Volume', namespace: 'longhorn-system', name: 'pvc-7f3' },
        message: 'single-replica volume is attached (PVC vms/db-disk-0), so the drain of its node cannot finish',
        remedy: expect.stringContaining(
          `kubectl -n longhorn-system patch volumes.longhorn.io pvc-7f3 --type merge -p '{"spec":{"numberOfReplicas":3}}') or shut down the workload using PVC vms/db-disk-0`,
        ) as unknown,
      },
    ]);
  });

  it.each(['creating', 'attaching'])('counts a %s volume as running (the script looks for "create")', (state) => {
    expect(longhornSingleReplicaVolume.run(withVolumes([aVolume('pvc-c', { replicas: 1, state })], 'v1.4.2'))).toEqual([
      expect.objectContaining({ severity: 'error', message: expect.stringContaining(`is ${state}`) as unknown }),
    ]);
  });

  it('errs on a detached one before v1.4.0, where it blocks the drain', () => {
    expect(longhornSingleReplicaVolume.run(withVolumes([detached()], 'v1.3.2'))).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: 'single-replica volume is detached (PVC vms/old-disk): on v1.3.2 it blocks the drain of its node',
      }),
    ]);
  });

  it('warns about a detached one on v1.4.x, where neither the drain nor the webhook stops', () => {
    const [finding] = longhornSingleReplicaVolume.run(withVolumes([detached()], 'v1.4.3'));
    expect(finding).toMatchObject({
      severity: 'warning',
      message:
        'single-replica volume is detached (PVC vms/old-disk): the drain is not blocked, but the node holding its only copy goes through the upgrade',
    });
    expect(finding?.remedy).not.toContain('skipSingleReplicaDetachedVol');
  });

  it('errs on a detached one from v1.5.0, whose webhook refuses it unless the Upgrade is annotated', () => {
    const [finding] = longhornSingleReplicaVolume.run(withVolumes([detached()], 'v1.6.1'));
    expect(finding).toMatchObject({
      severity: 'error',
      message:
        'single-replica volume is detached (PVC vms/old-disk): the upgrade webhook of v1.6.1 refuses the upgrade unless the Upgrade is annotated harvesterhci.io/skipSingleReplicaDetachedVol',
    });
    expect(finding?.remedy).toContain('harvesterhci.io/skipSingleReplicaDetachedVol: "true"');
  });

  it('honours skipSingleReplicaDetachedVol from v1.5.0 as the webhook does: detached ones become info, running ones stay errors', () => {
    const options = {
      backupMaxAgeMs: 1,
      oldBackupSeverity: 'info' as const,
      upgradeAnnotations: { 'harvesterhci.io/skipSingleReplicaDetachedVol': 'true' },
    };
    const running = aVolume('pvc-r', { replicas: 1, pvc: 'vms/db' });
    expect(longhornSingleReplicaVolume.run(withVolumes([detached(), running], 'v1.8.2'), options)).toEqual([
      expect.objectContaining({
        severity: 'info',
        message:
          'single-replica volume is detached (PVC vms/old-disk): the webhook accepts it, since harvesterhci.io/skipSingleReplicaDetachedVol is "true" on the Upgrade (--upgrade-annotation)',
      }),
      expect.objectContaining({ severity: 'error', object: expect.objectContaining({ name: 'pvc-r' }) as unknown }),
    ]);
    // An empty value is no skip (validator.go skipSingleReplicaDetachedVolCheck); v1.4.x has no such annotation.
    const empty = { ...options, upgradeAnnotations: { 'harvesterhci.io/skipSingleReplicaDetachedVol': '' } };
    expect(longhornSingleReplicaVolume.run(withVolumes([detached()], 'v1.8.2'), empty)).toEqual([
      expect.objectContaining({ severity: 'error' }),
    ]);
    expect(longhornSingleReplicaVolume.run(withVolumes([detached()], 'v1.4.3'), options)).toEqual([
      expect.objectContaining({ severity: 'warning' }),
    ]);
  });

  it('warns when the version is unknown', () => {
    expect(longhornSingleReplicaVolume.run(withVolumes([detached()]))).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringContaining('the running version is unknown') as unknown,
      }),
    ]);
  });

  it('names the volume when no PVC is bound', () => {
    expect(
      longhornSingleReplicaVolume.run(withVolumes([aVolume('pvc-n', { replicas: 1, pvc: null })], 'v1.4.2')),
    ).toEqual([
      expect.objectContaining({
        message: 'single-replica volume is attached, so the drain of its node cannot finish',
        remedy: expect.stringContaining('shut down the workload using the volume') as unknown,
      }),
    ]);
  });

  it('skips a single-node cluster', () => {
    expect(longhornSingleReplicaVolume.appliesTo?.(withVolumes([], 'v1.4.2', 1))).toMatch(/this cluster has 1/);
    expect(longhornSingleReplicaVolume.appliesTo?.(withVolumes([], 'v1.4.2', 2))).toBeUndefined();
  });
});
