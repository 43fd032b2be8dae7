import { aSetting, snapshotOf } from '../../test/builders.js';
import { aHarvesterChart, aVolume } from '../../test/longhorn-builders.js';
import type { ManagedChart } from '../model/rancher.js';
import type { LonghornVolume } from '../model/longhorn.js';
import { longhornNodeDrainPolicy } from './longhorn-node-drain-policy.js';

interface Options {
  readonly volumes?: LonghornVolume[];
  readonly version?: string;
  readonly charts?: ManagedChart[];
}

const withPolicy = (policy: string | undefined, options: Options = {}) =>
  snapshotOf({
    longhornSettings: [
      aSetting('storage-minimal-available-percentage', '25', 'longhorn-system'),
      ...(policy === undefined ? [] : [aSetting('node-drain-policy', policy, 'longhorn-system')]),
    ],
    longhornVolumes: options.volumes ?? [aVolume('pvc-a')],
    ...(options.version ? { harvesterSettings: [aSetting('server-version', options.version)] } : {}),
    ...(options.charts ? { managedCharts: options.charts } : {}),
  });

const singleReplica = [aVolume('pvc-b', { replicas: 1, state: 'detached' }), aVolume('pvc-a', { replicas: 1 })];

describe('longhorn-node-drain-policy', () => {
  it.each(['allow-if-replica-is-stopped', 'always-allow', 'something-new'])('stays quiet with %s', (policy) => {
    expect(longhornNodeDrainPolicy.run(withPolicy(policy, { volumes: singleReplica }))).toEqual([]);
  });

  it('stays quiet when the setting is absent', () => {
    expect(longhornNodeDrainPolicy.run(withPolicy(undefined, { volumes: singleReplica }))).toEqual([]);
  });

  it('warns about block-for-eviction', () => {
    expect(longhornNodeDrainPolicy.run(withPolicy('block-for-eviction'))).toEqual([
      {
        check: 'longhorn-node-drain-policy',
        severity: 'warning',
        object: { kind: 'Setting', namespace: 'longhorn-system', name: 'node-drain-policy' },
        message:
          'node-drain-policy is block-for-eviction: every node drain waits until Longhorn has evicted all replicas from the node',
        remedy: expect.stringContaining(
          `kubectl -n longhorn-system patch settings.longhorn.io node-drain-policy --type merge -p '{"value":"allow-if-replica-is-stopped"}'`,
        ) as unknown,
      },
    ]);
  });

  it('warns about block-for-eviction-if-contains-last-replica', () => {
    expect(longhornNodeDrainPolicy.run(withPolicy('block-for-eviction-if-contains-last-replica'))).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringContaining('last healthy copy of its volume') as unknown,
      }),
    ]);
  });

  it('stays quiet on block-if-contains-last-replica without single-replica volumes', () => {
    expect(longhornNodeDrainPolicy.run(withPolicy('block-if-contains-last-replica', { version: 'v1.3.2' }))).toEqual(
      [],
    );
  });

  it('warns on block-if-contains-last-replica with single-replica volumes, naming them', () => {
    expect(
      longhornNodeDrainPolicy.run(
        withPolicy('block-if-contains-last-replica', { volumes: singleReplica, version: 'v1.4.2', charts: [] }),
      ),
    ).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message:
          'node-drain-policy is block-if-contains-last-replica and 2 volumes have a single replica (pvc-a, pvc-b): the drain of a node holding one waits even while the volume is detached',
      }),
    ]);
  });

  it('shortens a long list of single-replica volumes', () => {
    const volumes = Array.from({ length: 7 }, (_, index) => aVolume(`pvc-${String(index)}`, { replicas: 1 }));
    const [finding] = longhornNodeDrainPolicy.run(withPolicy('block-if-contains-last-replica', { volumes }));
    expect(finding?.message).toContain('(pvc-0, pvc-1, pvc-2, pvc-3, pvc-4, and 2 more)');
  });

  it('stays quiet when the upgrade will switch the policy first (v1.4.0+, chart without nodeDrainPolicy)', () => {
    expect(
      longhornNodeDrainPolicy.run(
        withPolicy('block-if-contains-last-replica', {
          volumes: singleReplica,
          version: 'v1.4.2',
          charts: [aHarvesterChart()],
        }),
      ),
    ).toEqual([]);
  });

  it('warns when the chart already sets nodeDrainPolicy, so the upgrade leaves the setting alone', () => {
    expect(
      longhornNodeDrainPolicy.run(
        withPolicy('block-if-contains-last-replica', {
          volumes: singleReplica,
          version: 'v1.5.0',
          charts: [aHarvesterChart('allow-if-replica-is-stopped')],
        }),
      ),
    ).toHaveLength(1);
  });

  it('warns before v1.4.0 or when the version is unknown, even with a chart that would be patched', () => {
    for (const version of ['v1.3.2', undefined]) {
      expect(
        longhornNodeDrainPolicy.run(
          withPolicy('block-if-contains-last-replica', {
            volumes: singleReplica,
            ...(version ? { version } : {}),
            charts: [aHarvesterChart()],
          }),
        ),
      ).toHaveLength(1);
    }
  });
});
