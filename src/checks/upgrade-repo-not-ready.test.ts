import { anUpgrade, snapshotOf } from '../../test/builders.js';
import { aVolume } from '../../test/longhorn-builders.js';
import { aRepoDeployment, aRepoVm, aRepoVolume, anUpgradeWithRepo } from '../../test/upgrade-repo-builders.js';
import type { Upgrade } from '../model/harvester.js';
import type { VirtualMachine } from '../model/kubevirt.js';
import type { LonghornVolume } from '../model/longhorn.js';
import type { Deployment } from '../model/pod.js';
import { upgradeRepoNotReady } from './upgrade-repo-not-ready.js';

const UPGRADE = 'hvst-upgrade-abcde';

const run = (
  upgrades: Upgrade[],
  deployments: Deployment[] = [],
  vms: VirtualMachine[] = [],
  volumes: LonghornVolume[] = [],
) =>
  upgradeRepoNotReady.run(
    snapshotOf({ upgrades, harvesterDeployments: deployments, virtualMachines: vms, longhornVolumes: volumes }),
  );

describe('upgrade-repo-not-ready', () => {
  it('stays quiet with no upgrade in progress, or before its repository was ever ready', () => {
    expect(run([anUpgrade('done', { state: 'Succeeded' })])).toEqual([]);
    expect(
      run([anUpgrade(UPGRADE, { state: 'PreparingRepo', conditions: [{ type: 'RepoReady', status: 'Unknown' }] })]),
    ).toEqual([]);
  });

  it('stays quiet on an Available repo Deployment with its volume attached, and on a Running repo VM', () => {
    const volume = aRepoVolume(UPGRADE, 'attached');
    expect(run([anUpgradeWithRepo()], [aRepoDeployment(UPGRADE, true)], [], [volume])).toEqual([]);
    const vmVolume = aRepoVolume(`upgrade-repo-${UPGRADE}-disk-0`, 'attached');
    expect(run([anUpgradeWithRepo(UPGRADE, 'v1.6.1')], [], [aRepoVm(UPGRADE, 'Running')], [vmVolume])).toEqual([]);
  });

  it('reports a repo Deployment that is not Available, with its volume stuck attaching (harvester#9597)', () => {
    const volume = aRepoVolume(UPGRADE, 'attaching');
    expect(run([anUpgradeWithRepo()], [aRepoDeployment(UPGRADE, false)], [], [volume])).toEqual([
      {
        check: 'upgrade-repo-not-ready',
        severity: 'error',
        object: { kind: 'Deployment', namespace: 'harvester-system', name: `upgrade-repo-${UPGRADE}` },
        message: `upgrade repository Deployment harvester-system/upgrade-repo-${UPGRADE} is Available False, MinimumReplicasUnavailable, 1/2 ready; its Longhorn volume pvc-repo-${UPGRADE} is attaching (unknown); every upgrade job waits with no timeout until it is Available`,
        remedy: expect.stringContaining(
          `kubectl -n longhorn-system get replicas.longhorn.io -l longhornvolume=pvc-repo-${UPGRADE} -o wide`,
        ) as unknown,
      },
    ]);
  });

  it('reports a repo VM that is not Running (harvester#8773)', () => {
    const [finding] = run([anUpgradeWithRepo(UPGRADE, 'v1.6.1')], [], [aRepoVm(UPGRADE, 'ErrorUnschedulable')]);
    expect(finding?.object).toEqual({
      kind: 'VirtualMachine',
      namespace: 'harvester-system',
      name: `upgrade-repo-${UPGRADE}`,
    });
    expect(finding?.message).toContain(
      'is ErrorUnschedulable; every upgrade job waits with no timeout until it is Running',
    );
  });

  it('reports a ready repo whose volume is faulted, and a repo that is gone', () => {
    const faulted = {
      ...aRepoVolume(UPGRADE, 'attached'),
      status: { ...aRepoVolume(UPGRADE, 'attached').status, robustness: 'faulted' },
    };
    expect(run([anUpgradeWithRepo()], [aRepoDeployment(UPGRADE, true)], [], [faulted])[0]?.message).toContain(
      'is attached (faulted)',
    );
    expect(run([anUpgradeWithRepo()])[0]).toMatchObject({
      object: { kind: 'Upgrade', name: UPGRADE },
      message: expect.stringContaining(
        'neither Deployment nor VirtualMachine harvester-system/upgrade-repo-',
      ) as unknown,
    });
  });

  it('ignores volumes of other PVCs and other namespaces', () => {
    const other = aRepoVolume('some-vm-disk-0', 'attaching');
    const elsewhere = aVolume(`pvc-x`, { state: 'attaching', pvc: `default/${UPGRADE}` });
    expect(run([anUpgradeWithRepo()], [aRepoDeployment(UPGRADE, true)], [], [other, elsewhere])).toEqual([]);
  });
});
