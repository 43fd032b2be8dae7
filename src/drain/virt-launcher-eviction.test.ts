import { aNode, snapshotOf } from '../../test/builders.js';
import { aLauncherPod, aReplicaPod, aVmim, aVmiPdb, drainOf, ownedByVm } from '../../test/drain-builders.js';
import { aKubeVirt, aVmi, type VmiOptions } from '../../test/kubevirt-builders.js';
import type { KubeVirt, VirtualMachineInstance, VirtualMachineInstanceMigration } from '../model/kubevirt.js';
import type { Pod, PodDisruptionBudget } from '../model/pod.js';
import { virtLauncherEviction } from './virt-launcher-eviction.js';

interface World {
  readonly vmis?: VirtualMachineInstance[];
  readonly vmims?: VirtualMachineInstanceMigration[];
  readonly pdbs?: PodDisruptionBudget[];
  readonly kubevirt?: KubeVirt;
}

const explain = (pod: Pod, world: World) =>
  virtLauncherEviction(
    pod,
    drainOf(
      snapshotOf({
        nodes: [aNode('node-1'), aNode('node-2')],
        pods: [pod],
        vmis: world.vmis ?? [],
        vmims: world.vmims ?? [],
        podDisruptionBudgets: world.pdbs ?? [],
        kubevirts: [world.kubevirt ?? aKubeVirt({ evictionStrategy: null })],
      }),
    ),
  );

const NOT_SHARED = {
  status: 'False',
  reason: 'DisksNotLiveMigratable',
  message:
    'cannot migrate VMI: PVC vm-1-disk-0 is not shared, live migration requires that all PVCs must be shared (using ReadWriteMany access mode)',
};

const vm = (options: VmiOptions = {}) =>
  ownedByVm(aVmi('vm-1', { evictionStrategy: 'LiveMigrateIfPossible', ...options }), 'vm-1');

describe('virt-launcher-eviction', () => {
  it('blocks LiveMigrate on a VMI that is not live-migratable: KubeVirt denies the eviction, shut the VM down', () => {
    const vmi = vm({ evictionStrategy: 'LiveMigrate', liveMigratable: NOT_SHARED });
    expect(explain(aLauncherPod(vmi), { vmis: [vmi] })).toEqual([
      {
        filter: 'virt-launcher-eviction',
        verdict: 'block',
        message:
          'KubeVirt denies the eviction: VMI vm-1 is not live-migratable (DisksNotLiveMigratable: cannot migrate VMI: PVC vm-1-disk-0 is not shared, live migration requires that all PVCs must be shared (using ReadWriteMany access mode)) and its evictionStrategy LiveMigrate insists on a migration',
        remedy: `Shut the VM down for the upgrade: virtctl stop vm-1 -n default, or kubectl -n default patch vm vm-1 --type merge -p '{"spec":{"runStrategy":"Halted"}}'`,
      },
    ]);
  });

  it('counts a missing LiveMigratable condition as not migratable', () => {
    const vmi = vm({ evictionStrategy: 'LiveMigrate', liveMigratable: null });
    expect(explain(aLauncherPod(vmi), { vmis: [vmi] })).toEqual([
      expect.objectContaining({
        verdict: 'block',
        message: expect.stringContaining('is not live-migratable (no LiveMigratable condition)') as unknown,
      }),
    ]);
  });

  it('blocks while a migratable VM moves, names the running migration and protects the per-VMI budget', () => {
    const vmi = vm();
    const migrations = [
      aVmim('kubevirt-evacuation-old', 'vm-1', 'Failed', { created: '2026-11-21T22:00:00Z' }),
      aVmim('kubevirt-evacuation-k8d2x', 'vm-1', 'Running'),
      aVmim('other-vm-migration', 'vm-2', 'Running'),
    ];
    expect(explain(aLauncherPod(vmi), { vmis: [vmi], vmims: migrations, pdbs: [aVmiPdb(vmi)] })).toEqual([
      {
        filter: 'virt-launcher-eviction',
        verdict: 'block',
        pdb: 'default/kubevirt-disruption-budget-x7k2p',
        message:
          'the eviction starts a live migration; the drain waits until VMI vm-1 moves (migration kubevirt-evacuation-k8d2x Running)',
        remedy: expect.stringMatching(
          /^Follow the migration \(kubectl -n default get vmim -l kubevirt.io\/vmi-name=vm-1\); if it cannot finish, shut the VM down: virtctl stop vm-1 -n default.*; do not delete default\/kubevirt-disruption-budget-x7k2p: virt-controller owns it/,
        ) as unknown,
      },
    ]);
  });

  it('says when no migration started yet, and when the last one failed', () => {
    const vmi = vm({ evictionStrategy: 'LiveMigrate' });
    expect(explain(aLauncherPod(vmi), { vmis: [vmi] })).toEqual([
      expect.objectContaining({
        message: 'the eviction starts a live migration; the drain waits until VMI vm-1 moves (no migration yet)',
      }),
    ]);
    const failed = [aVmim('kubevirt-evacuation-abc', 'vm-1', 'Failed', { labelOnly: true })];
    expect(explain(aLauncherPod(vmi), { vmis: [vmi], vmims: failed })).toEqual([
      expect.objectContaining({
        message: expect.stringContaining(
          '(no migration running; the last one, kubevirt-evacuation-abc, Failed)',
        ) as unknown,
      }),
    ]);
  });

  it('blocks External until the external controller has moved the VMI', () => {
    const vmi = vm({ evictionStrategy: 'External', liveMigratable: NOT_SHARED });
    expect(explain(aLauncherPod(vmi), { vmis: [vmi] })).toEqual([
      expect.objectContaining({
        verdict: 'block',
        message:
          'evictionStrategy External: the eviction marks VMI vm-1 for evacuation by an external controller; the drain waits until the VMI has left (no migration yet)',
      }),
    ]);
  });

  it('lets the eviction stop a VM that LiveMigrateIfPossible cannot move, or that has strategy None', () => {
    const pinned = vm({
      liveMigratable: {
        status: 'False',
        reason: 'HostDeviceNotLiveMigratable',
        message: 'VMI uses a PCI host devices',
      },
    });
    expect(explain(aLauncherPod(pinned), { vmis: [pinned] })).toEqual([
      {
        filter: 'virt-launcher-eviction',
        verdict: 'evict',
        message:
          'evictionStrategy LiveMigrateIfPossible and VMI vm-1 is not live-migratable (HostDeviceNotLiveMigratable: VMI uses a PCI host devices): the eviction goes through and the VM is stopped',
      },
    ]);
    const none = vm({ evictionStrategy: 'None' });
    expect(explain(aLauncherPod(none), { vmis: [none] })).toEqual([
      expect.objectContaining({
        verdict: 'evict',
        message: 'evictionStrategy None: the eviction goes through and the VM is stopped',
      }),
    ]);
  });

  it("falls back to KubeVirt's default strategy, and to none at all", () => {
    const plain = aVmi('vm-1');
    const withoutOwn: VirtualMachineInstance = { ...plain, spec: { ...plain.spec, evictionStrategy: null } };
    expect(
      explain(aLauncherPod(withoutOwn), {
        vmis: [withoutOwn],
        kubevirt: aKubeVirt({ evictionStrategy: 'LiveMigrate' }),
      }),
    ).toEqual([expect.objectContaining({ verdict: 'block' })]);
    expect(
      explain(aLauncherPod(withoutOwn), { vmis: [withoutOwn], kubevirt: aKubeVirt({ evictionStrategy: null }) }),
    ).toEqual([
      expect.objectContaining({
        verdict: 'evict',
        message:
          'no evictionStrategy (neither the VMI nor KubeVirt sets one): the eviction goes through and the VM is stopped',
      }),
    ]);
    const strict = { ...withoutOwn, status: { ...withoutOwn.status, conditions: [] } };
    expect(
      explain(aLauncherPod(strict), { vmis: [strict], kubevirt: aKubeVirt({ evictionStrategy: 'LiveMigrate' }) }),
    ).toEqual([
      expect.objectContaining({
        message: expect.stringContaining(
          "and its evictionStrategy LiveMigrate (KubeVirt's default) insists",
        ) as unknown,
      }),
    ]);
  });

  it('lets the pod a finished migration left behind go', () => {
    const vmi = vm({ node: 'node-2' });
    expect(explain(aLauncherPod(vmi, { node: 'node-1' }), { vmis: [vmi] })).toEqual([
      {
        filter: 'virt-launcher-eviction',
        verdict: 'evict',
        message: 'VMI vm-1 already runs on node-2; this pod is what its migration left here',
      },
    ]);
  });

  it('finds the VMI by the kubevirt.io/created-by UID when the pod has no VMI owner', () => {
    const vmi = vm({ evictionStrategy: 'LiveMigrate', liveMigratable: NOT_SHARED });
    expect(explain(aLauncherPod(vmi, { owned: false }), { vmis: [vmi] })).toEqual([
      expect.objectContaining({ verdict: 'block', message: expect.stringContaining('VMI vm-1 is not') as unknown }),
    ]);
  });

  it('blocks a launcher pod whose VMI is gone: the webhook cannot read it', () => {
    expect(explain(aLauncherPod(vm()), { vmis: [] })).toEqual([
      {
        filter: 'virt-launcher-eviction',
        verdict: 'block',
        message: 'KubeVirt denies the eviction: VMI vm-1 does not exist (kubevirt failed getting the vmi)',
        remedy: 'The VM is gone; delete its leftover pod: kubectl -n default delete pod virt-launcher-vm-1-abcde',
      },
    ]);
  });

  it('stays quiet for other pods, for launcher pods the webhook passes, and when VMIs were not read', () => {
    expect(explain(aReplicaPod('web-1'), { vmis: [vm()] })).toEqual([]);
    const launcher = aLauncherPod(vm());
    const withoutDomain: Pod = { ...launcher, metadata: { ...launcher.metadata, annotations: {} } };
    expect(explain(withoutDomain, { vmis: [] })).toEqual([]);
    const unread = snapshotOf({ nodes: [aNode('node-1')], pods: [launcher] });
    expect(virtLauncherEviction(launcher, drainOf(unread))).toEqual([]);
  });
});
