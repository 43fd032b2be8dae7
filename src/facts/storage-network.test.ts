import { aSetting, snapshotOf } from '../../test/builders.js';
import { anIpPool } from '../../test/longhorn-builders.js';
import { ipAvailability, rwxNetwork, shortageMessage, storageNetwork } from './storage-network.js';

const storage = (value: string) => aSetting('storage-network', value);

describe('storageNetwork', () => {
  it('reads the range and excludes of setting storage-network', () => {
    const value = JSON.stringify({ vlan: 100, range: '10.0.0.0/29', exclude: ['10.0.0.1/32'] });
    const network = storageNetwork(snapshotOf({ harvesterSettings: [storage(value)] }));
    expect(network.value).toBe(value);
    expect(network.config).toEqual({ range: '10.0.0.0/29', exclude: ['10.0.0.1/32'] });
  });

  it('has no value when the setting is empty, null or absent, and no config when it is not JSON', () => {
    expect(storageNetwork(snapshotOf({ harvesterSettings: [storage('null')] })).value).toBe('');
    expect(storageNetwork(snapshotOf({ harvesterSettings: [] }))).toEqual({ value: '' });
    expect(storageNetwork(snapshotOf({ harvesterSettings: [storage('not json')] })).config).toBeUndefined();
  });
});

describe('rwxNetwork', () => {
  it('shares the storage network when rwx-network says so, or (before v1.8) when Longhorn does', () => {
    const v18 = aSetting('rwx-network', '{"share-storage-network":true}');
    expect(rwxNetwork(snapshotOf({ harvesterSettings: [v18] })).shared).toBe(true);
    const longhorn = aSetting('storage-network-for-rwx-volume-enabled', 'true', 'longhorn-system');
    expect(rwxNetwork(snapshotOf({ harvesterSettings: [], longhornSettings: [longhorn] })).shared).toBe(true);
  });

  it('does not share it by default, and marks a value that is not a JSON object invalid', () => {
    const own = aSetting('rwx-network', '{"share-storage-network":false,"network":{"range":"10.1.0.0/24"}}');
    expect(rwxNetwork(snapshotOf({ harvesterSettings: [own] }))).toMatchObject({
      shared: false,
      invalid: false,
      network: { range: '10.1.0.0/24', exclude: [] },
    });
    expect(rwxNetwork(snapshotOf({ harvesterSettings: [], longhornSettings: [] })).shared).toBe(false);
    expect(rwxNetwork(snapshotOf({ harvesterSettings: [aSetting('rwx-network', '[1]')] })).invalid).toBe(true);
  });
});

describe('ipAvailability', () => {
  it("counts the range's usable addresses less the pool's allocations", () => {
    const snapshot = snapshotOf({ whereaboutsIpPools: [anIpPool('10.0.0.0/29', 4)] });
    expect(ipAvailability(snapshot, { range: '10.0.0.0/29', exclude: [] })).toEqual({
      range: '10.0.0.0/29',
      pool: 'kube-system/10.0.0.0-29',
      poolNamespace: 'kube-system',
      poolName: '10.0.0.0-29',
      poolFound: true,
      usable: 6,
      allocated: 4,
      available: 2,
    });
  });

  it('counts none allocated without a pool, and cannot count a range that is not an IPv4 CIDR', () => {
    const empty = snapshotOf({ whereaboutsIpPools: [] });
    expect(ipAvailability(empty, { range: '10.0.0.0/29', exclude: [] })).toMatchObject({
      poolFound: false,
      available: 6,
    });
    expect(ipAvailability(empty, { range: 'fd00::/64', exclude: [] })).toBeUndefined();
    expect(ipAvailability(empty, { exclude: [] })).toBeUndefined();
  });
});

describe('shortageMessage', () => {
  it('gives the counts behind the shortage, and says when no pool exists yet', () => {
    const empty = snapshotOf({ whereaboutsIpPools: [] });
    const ips = ipAvailability(empty, { range: '10.0.0.0/30', exclude: [] });
    if (!ips) throw new Error('the range is an IPv4 CIDR');
    expect(shortageMessage(ips, 3, '3 new instance managers')).toBe(
      '2 IPs available, 3 required (range 10.0.0.0/30, IPPool kube-system/10.0.0.0-30: 2 usable, 0 allocated, no pool yet; for 3 new instance managers)',
    );
  });
});
