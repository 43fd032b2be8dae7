import { aNode, snapshotOf } from '../../test/builders.js';
import { aKubeVirt, aVmi } from '../../test/kubevirt-builders.js';
import type { KubeVirt, VirtualMachineInstance } from '../model/kubevirt.js';
import type { Node } from '../model/node.js';
import { vmiLiveMigratableCondition } from './vmi-live-migratable-condition.js';

const RWO = {
  status: 'False',
  reason: 'DisksNotLiveMigratable',
  message:
    'cannot migrate VMI: PVC db-disk-0 is not shared, live migration requires that all PVCs must be shared (using ReadWriteMany access mode)',
};

const threeNodes = [aNode('node-1'), aNode('node-2'), aNode('node-3')];

const cluster = (
  vmis: VirtualMachineInstance[],
  kubevirts: KubeVirt[] = [aKubeVirt({ evictionStrategy: null })],
  nodes: Node[] = threeNodes,
) => snapshotOf({ vmis, kubevirts, nodes });

describe('vmi-live-migratable-condition', () => {
  it('stays quiet when running VMIs are live-migratable', () => {
    expect(
      vmiLiveMigratableCondition.run(cluster([aVmi('web'), aVmi('db', { evictionStrategy: 'LiveMigrate' })])),
    ).toEqual([]);
  });

  it('reports LiveMigrate on a VMI that cannot migrate as a stalled pre-drain, denied by the eviction webhook', () => {
    const db = aVmi('db', { namespace: 'prod', evictionStrategy: 'LiveMigrate', liveMigratable: RWO });
    expect(vmiLiveMigratableCondition.run(cluster([db]))).toEqual([
      {
        check: 'vmi-live-migratable-condition',
        severity: 'error',
        object: { kind: 'VirtualMachineInstance', namespace: 'prod', name: 'db' },
        message:
          `its LiveMigratable condition is False (DisksNotLiveMigratable: ${RWO.message}) and its eviction strategy ` +
          "is LiveMigrate (set on the VMI): KubeVirt never migrates it off node-1, and KubeVirt's eviction webhook " +
          'denies evicting its virt-launcher pod ("VMI db is configured with an eviction strategy but is not ' +
          'live-migratable"), so the upgrade stays at Pre-draining on node-1 until the VM is stopped',
        remedy: expect.stringContaining('Stop the VM before upgrading (virtctl stop db -n prod)') as unknown,
      },
    ]);
  });

  it('takes the eviction strategy from KubeVirt when the VMI has none', () => {
    const db = aVmi('db', { liveMigratable: RWO });
    expect(vmiLiveMigratableCondition.run(cluster([db], [aKubeVirt({ evictionStrategy: 'LiveMigrate' })]))).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: expect.stringContaining(
          "eviction strategy is LiveMigrate (KubeVirt's cluster-wide default)",
        ) as unknown,
      }),
    ]);
  });

  it('prefers the VMI strategy over the KubeVirt default', () => {
    const db = aVmi('db', { evictionStrategy: 'LiveMigrateIfPossible', liveMigratable: RWO });
    expect(vmiLiveMigratableCondition.run(cluster([db], [aKubeVirt({ evictionStrategy: 'LiveMigrate' })]))).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('eviction strategy is LiveMigrateIfPossible (set on the VMI)') as unknown,
      }),
    ]);
  });

  it('is an error for LiveMigrateIfPossible, None and External too: nothing migrates or stops the VM', () => {
    const possible = aVmi('possible', { evictionStrategy: 'LiveMigrateIfPossible', liveMigratable: RWO });
    const none = aVmi('none', { node: 'node-2', evictionStrategy: 'None', liveMigratable: RWO });
    const external = aVmi('external', { node: 'node-3', evictionStrategy: 'External', liveMigratable: RWO });
    expect(vmiLiveMigratableCondition.run(cluster([possible, none, external]))).toEqual([
      {
        check: 'vmi-live-migratable-condition',
        severity: 'error',
        object: { kind: 'VirtualMachineInstance', namespace: 'default', name: 'possible' },
        message:
          `its LiveMigratable condition is False (DisksNotLiveMigratable: ${RWO.message}) and its eviction strategy ` +
          'is LiveMigrateIfPossible (set on the VMI): KubeVirt never migrates it off node-1, so the upgrade stays at ' +
          'Pre-draining on node-1 until the VM is stopped',
        remedy: expect.stringContaining('virtctl stop possible -n default') as unknown,
      },
      expect.objectContaining({
        severity: 'error',
        message: expect.stringMatching(
          /eviction strategy is None \(set on the VMI\): KubeVirt never migrates it off node-2, so the upgrade/,
        ) as unknown,
      }),
      expect.objectContaining({
        severity: 'error',
        message: expect.stringMatching(
          /eviction strategy is External \(set on the VMI\): KubeVirt never migrates/,
        ) as unknown,
      }),
    ]);
  });

  it('treats no strategy anywhere (or no KubeVirt object) as None, and drops the trailing period of the message', () => {
    const db = aVmi('db', {
      liveMigratable: { status: 'False', reason: 'InterfaceNotLiveMigratable', message: 'cannot migrate VMI.' },
    });
    expect(vmiLiveMigratableCondition.run(snapshotOf({ vmis: [db] }))).toEqual([
      expect.objectContaining({
        severity: 'error',
        message:
          'its LiveMigratable condition is False (InterfaceNotLiveMigratable: cannot migrate VMI) and its eviction ' +
          'strategy is None (none set on the VMI or in KubeVirt): KubeVirt never migrates it off node-1, so the ' +
          'upgrade stays at Pre-draining on node-1 until the VM is stopped',
      }),
    ]);
  });

  it('ignores VMIs that are not running, or whose condition is True, Unknown or missing', () => {
    const vmis = [
      aVmi('stopping', { phase: 'Succeeded', evictionStrategy: 'LiveMigrate', liveMigratable: RWO }),
      aVmi('unknown', { evictionStrategy: 'LiveMigrate', liveMigratable: { status: 'Unknown' } }),
      aVmi('missing', { evictionStrategy: 'LiveMigrate', liveMigratable: null }),
    ];
    expect(vmiLiveMigratableCondition.run(cluster(vmis))).toEqual([]);
  });

  it("leaves out VMIs Harvester's pre-drain job shuts down itself", () => {
    const vmis = [
      aVmi('gpu', {
        evictionStrategy: 'LiveMigrate',
        hostDevices: [{ name: 'gpu1', deviceName: 'nvidia.com/TU104GL' }],
        liveMigratable: { status: 'False', reason: 'HostDeviceNotLiveMigratable' },
      }),
      aVmi('pinned', { evictionStrategy: 'LiveMigrate', nodeSelector: { zone: 'a' }, liveMigratable: RWO }),
      aVmi('local', {
        evictionStrategy: 'LiveMigrate',
        affinity: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node-1'] }] }],
        liveMigratable: RWO,
      }),
    ];
    expect(vmiLiveMigratableCondition.run(cluster(vmis))).toEqual([]);
  });

  it('still leaves out node-independent cases when the nodes could not be read', () => {
    const pinned = aVmi('pinned', {
      evictionStrategy: 'LiveMigrate',
      nodeSelector: { zone: 'a' },
      liveMigratable: RWO,
    });
    const plain = aVmi('plain', { evictionStrategy: 'LiveMigrate', liveMigratable: RWO });
    const snapshot = snapshotOf({ vmis: [pinned, plain], kubevirts: [aKubeVirt({ evictionStrategy: null })] });
    expect(vmiLiveMigratableCondition.run(snapshot).map((f) => f.object.name)).toEqual(['plain']);
  });

  describe('appliesTo', () => {
    it('applies with several VM hosts or when the nodes are unknown', () => {
      expect(vmiLiveMigratableCondition.appliesTo?.(cluster([]))).toBeUndefined();
      expect(vmiLiveMigratableCondition.appliesTo?.(snapshotOf({ vmis: [] }))).toBeUndefined();
    });

    it('is skipped when only one node can host VMs', () => {
      const nodes = [aNode('node-1'), aNode('witness', { roles: ['witness'] })];
      expect(
        vmiLiveMigratableCondition.appliesTo?.(cluster([], [aKubeVirt({ evictionStrategy: null })], nodes)),
      ).toMatch(/only one node/);
    });
  });
});
