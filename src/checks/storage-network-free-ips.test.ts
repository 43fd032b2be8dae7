import { aSetting, snapshotOf } from '../../test/builders.js';
import { aBackingImageManager, anInstanceManager, anIpPool } from '../../test/longhorn-builders.js';
import type { Setting } from '../model/harvester.js';
import type { IpPool } from '../model/whereabouts.js';
import { storageNetworkFreeIps } from './storage-network-free-ips.js';

const storage = (range: string, exclude: string[] = []) =>
  aSetting('storage-network', JSON.stringify({ vlan: 100, clusterNetwork: 'storage', range, exclude }));

interface Options {
  readonly settings: Setting[];
  readonly pools?: IpPool[];
  readonly instanceManagers?: number;
  readonly backingImageManagers?: number;
  readonly longhornSettings?: Setting[];
}

const snapshot = (options: Options) =>
  snapshotOf({
    harvesterSettings: [aSetting('server-version', 'v1.6.0'), ...options.settings],
    longhornInstanceManagers: Array.from({ length: options.instanceManagers ?? 3 }, (_, index) =>
      anInstanceManager(`node-${String(index + 1)}`),
    ),
    longhornBackingImageManagers: Array.from({ length: options.backingImageManagers ?? 1 }, (_, index) =>
      aBackingImageManager(`node-${String(index + 1)}`),
    ),
    whereaboutsIpPools: options.pools ?? [],
    ...(options.longhornSettings ? { longhornSettings: options.longhornSettings } : {}),
  });

describe('storage-network-free-ips', () => {
  it('stays quiet with enough free addresses', () => {
    // /28: 14 usable, 1 excluded, 4 allocated → 9 free for 3 IMs + 1 BIM.
    const findings = storageNetworkFreeIps.run(
      snapshot({
        settings: [storage('192.168.100.0/28', ['192.168.100.1/32'])],
        pools: [anIpPool('192.168.100.0/28', 4)],
      }),
    );
    expect(findings).toEqual([]);
  });

  it('errs when free addresses are fewer than instance managers plus backing image managers', () => {
    // /29: 6 usable, 1 excluded → 5; 3 allocated → 2 free; 3 IMs + 1 BIM → 4 required.
    expect(
      storageNetworkFreeIps.run(
        snapshot({
          settings: [storage('192.168.100.0/29', ['192.168.100.1/32'])],
          pools: [anIpPool('192.168.100.0/29', 3)],
        }),
      ),
    ).toEqual([
      {
        check: 'storage-network-free-ips',
        severity: 'error',
        object: { kind: 'Setting', name: 'storage-network' },
        message:
          '2 IPs available, 4 required (range 192.168.100.0/29, IPPool kube-system/192.168.100.0-29: 5 usable, 3 allocated; for 3 new instance managers, 1 new backing image manager)',
        remedy: expect.stringContaining(
          'kubectl -n kube-system get ippools.whereabouts.cni.cncf.io 192.168.100.0-29 -o yaml',
        ) as unknown,
      },
    ]);
  });

  it('adds one for the upgrade repository when rwx-network shares the storage network', () => {
    // 6 usable, 2 allocated → 4 free: enough for 3 + 1, not for 3 + 1 + 1.
    const settings = [storage('10.0.0.0/29'), aSetting('rwx-network', '{"share-storage-network":true}')];
    const [finding] = storageNetworkFreeIps.run(snapshot({ settings, pools: [anIpPool('10.0.0.0/29', 2)] }));
    expect(finding).toMatchObject({
      severity: 'error',
      message:
        '4 IPs available, 5 required (range 10.0.0.0/29, IPPool kube-system/10.0.0.0-29: 6 usable, 2 allocated; for 3 new instance managers, 1 new backing image manager, 1 upgrade repository RWX volume)',
    });
    expect(
      storageNetworkFreeIps.run(snapshot({ settings: [storage('10.0.0.0/29')], pools: [anIpPool('10.0.0.0/29', 2)] })),
    ).toEqual([]);
  });

  it('reads the Longhorn RWX switch when there is no rwx-network setting (before v1.8)', () => {
    const longhornSettings = [aSetting('storage-network-for-rwx-volume-enabled', 'true', 'longhorn-system')];
    expect(
      storageNetworkFreeIps.run(
        snapshot({ settings: [storage('10.0.0.0/29')], pools: [anIpPool('10.0.0.0/29', 2)], longhornSettings }),
      ),
    ).toEqual([
      expect.objectContaining({ severity: 'error', message: expect.stringContaining('5 required') as unknown }),
    ]);
  });

  it('ignores the Longhorn switch when rwx-network exists', () => {
    const longhornSettings = [aSetting('storage-network-for-rwx-volume-enabled', 'true', 'longhorn-system')];
    const settings = [storage('10.0.0.0/29'), aSetting('rwx-network', '{"share-storage-network":false}')];
    expect(
      storageNetworkFreeIps.run(snapshot({ settings, pools: [anIpPool('10.0.0.0/29', 2)], longhornSettings })),
    ).toEqual([]);
  });

  it('finds the pool of a range written with host bits set under its canonical name', () => {
    const findings = storageNetworkFreeIps.run(
      snapshot({ settings: [storage('10.0.0.5/29')], pools: [anIpPool('10.0.0.0/29', 3)] }),
    );
    expect(findings).toEqual([
      expect.objectContaining({
        message: expect.stringContaining(
          'range 10.0.0.5/29, IPPool kube-system/10.0.0.0-29: 6 usable, 3 allocated',
        ) as unknown,
      }),
    ]);
  });

  it('uses the effective value: default when value is empty', () => {
    const setting: Setting = { ...aSetting('storage-network', ''), default: JSON.stringify({ range: '10.0.0.0/30' }) };
    expect(storageNetworkFreeIps.run(snapshot({ settings: [setting] }))).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: expect.stringContaining('2 IPs available, 4 required') as unknown,
      }),
    ]);
  });

  it('counts no allocations when the pool does not exist, and warns that it should', () => {
    expect(storageNetworkFreeIps.run(snapshot({ settings: [storage('10.0.0.0/24')] }))).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message:
          'no Whereabouts IPPool kube-system/10.0.0.0-24 exists for range 10.0.0.0/24, although 3 instance managers and 1 backing image manager should hold addresses from it',
      }),
    ]);
    expect(storageNetworkFreeIps.run(snapshot({ settings: [storage('10.0.0.0/30')] }))).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: expect.stringContaining('0 allocated, no pool yet') as unknown,
      }),
    ]);
  });

  it('prefers the pool in kube-system', () => {
    const pools = [anIpPool('10.0.0.0/29', 0, 'default'), anIpPool('10.0.0.0/29', 5)];
    expect(storageNetworkFreeIps.run(snapshot({ settings: [storage('10.0.0.0/29')], pools }))).toEqual([
      expect.objectContaining({ message: expect.stringContaining('1 IP available') as unknown }),
    ]);
  });

  it('has nothing to count without instance or backing image managers', () => {
    expect(
      storageNetworkFreeIps.run(
        snapshot({ settings: [storage('10.0.0.0/30')], instanceManagers: 0, backingImageManagers: 0 }),
      ),
    ).toEqual([]);
  });

  it('warns when the range cannot be read', () => {
    expect(storageNetworkFreeIps.run(snapshot({ settings: [storage('fd00::/64')] }))).toEqual([
      expect.objectContaining({
        severity: 'warning',
        object: { kind: 'Setting', name: 'storage-network' },
        message: expect.stringContaining('the storage-network range is not an IPv4 CIDR') as unknown,
      }),
    ]);
    expect(storageNetworkFreeIps.run(snapshot({ settings: [aSetting('storage-network', 'not json')] }))).toHaveLength(
      1,
    );
  });

  it('warns when RWX shares a storage network that is not configured', () => {
    const settings = [aSetting('rwx-network', '{"share-storage-network":true}')];
    expect(storageNetworkFreeIps.appliesTo?.(snapshot({ settings }))).toBeUndefined();
    expect(storageNetworkFreeIps.run(snapshot({ settings }))).toEqual([
      expect.objectContaining({
        severity: 'warning',
        object: { kind: 'Setting', name: 'storage-network' },
        message:
          'setting rwx-network shares the storage network with RWX volumes, but setting storage-network is empty',
      }),
    ]);
  });

  it('applies only when a storage network is configured', () => {
    expect(storageNetworkFreeIps.appliesTo?.(snapshot({ settings: [] }))).toBe(
      'no storage network is configured (setting storage-network is empty)',
    );
    expect(storageNetworkFreeIps.appliesTo?.(snapshot({ settings: [aSetting('storage-network', 'null')] }))).toBe(
      'no storage network is configured (setting storage-network is empty)',
    );
    expect(storageNetworkFreeIps.appliesTo?.(snapshot({ settings: [storage('10.0.0.0/24')] }))).toBeUndefined();
  });
});
