import { aSetting, snapshotOf } from '../../test/builders.js';
import { anIpPool } from '../../test/longhorn-builders.js';
import type { Setting } from '../model/harvester.js';
import type { IpPool } from '../model/whereabouts.js';
import { rwxNetworkFreeIps } from './rwx-network-free-ips.js';

const dedicated = (range: string, exclude: string[] = []) =>
  aSetting(
    'rwx-network',
    JSON.stringify({ 'share-storage-network': false, network: { vlan: 200, clusterNetwork: 'rwx', range, exclude } }),
  );

const snapshot = (settings: Setting[], pools: IpPool[] = []) =>
  snapshotOf({ harvesterSettings: [aSetting('server-version', 'v1.8.0'), ...settings], whereaboutsIpPools: pools });

describe('rwx-network-free-ips', () => {
  it('stays quiet with a free address', () => {
    expect(rwxNetworkFreeIps.run(snapshot([dedicated('10.1.0.0/29')], [anIpPool('10.1.0.0/29', 5)]))).toEqual([]);
  });

  it('errs when the dedicated RWX network has no free address', () => {
    expect(
      rwxNetworkFreeIps.run(snapshot([dedicated('10.1.0.0/29', ['10.1.0.6/32'])], [anIpPool('10.1.0.0/29', 5)])),
    ).toEqual([
      {
        check: 'rwx-network-free-ips',
        severity: 'error',
        object: { kind: 'Setting', name: 'rwx-network' },
        message:
          '0 IPs available, 1 required (range 10.1.0.0/29, IPPool kube-system/10.1.0.0-29: 5 usable, 5 allocated; for 1 upgrade repository RWX volume)',
        remedy: expect.stringContaining(
          'kubectl -n kube-system get ippools.whereabouts.cni.cncf.io 10.1.0.0-29 -o yaml',
        ) as unknown,
      },
    ]);
  });

  it('counts a missing pool as empty', () => {
    expect(rwxNetworkFreeIps.run(snapshot([dedicated('10.1.0.0/29')]))).toEqual([]);
  });

  it('warns when the value cannot be read', () => {
    expect(rwxNetworkFreeIps.appliesTo?.(snapshot([aSetting('rwx-network', '{oops')]))).toBeUndefined();
    expect(rwxNetworkFreeIps.run(snapshot([aSetting('rwx-network', '{oops')]))).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: 'cannot count free IPs: the rwx-network value is not a JSON object ({oops)',
      }),
    ]);
    expect(rwxNetworkFreeIps.run(snapshot([dedicated('10.1.0.0')]))).toEqual([
      expect.objectContaining({ severity: 'warning', message: expect.stringContaining('not an IPv4 CIDR') as unknown }),
    ]);
  });

  it('is skipped without a dedicated RWX network', () => {
    expect(rwxNetworkFreeIps.appliesTo?.(snapshot([]))).toBe(
      'no rwx-network setting (Harvester before v1.8) or it is empty',
    );
    expect(
      rwxNetworkFreeIps.appliesTo?.(snapshot([aSetting('rwx-network', '{"share-storage-network":true}')])),
    ).toMatch(/share the storage network/);
    expect(rwxNetworkFreeIps.appliesTo?.(snapshot([aSetting('rwx-network', '{"share-storage-network":false}')]))).toBe(
      'rwx-network defines no dedicated network',
    );
    expect(rwxNetworkFreeIps.appliesTo?.(snapshot([dedicated('10.1.0.0/24')]))).toBeUndefined();
  });
});
