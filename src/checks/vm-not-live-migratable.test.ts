import { aNode, aSetting, snapshotOf } from '../../test/builders.js';
import { aVmi } from '../../test/kubevirt-builders.js';
import type { VirtualMachineInstance } from '../model/kubevirt.js';
import type { Node } from '../model/node.js';
import { vmNotLiveMigratable } from './vm-not-live-migratable.js';

const threeNodes = [aNode('node-1'), aNode('node-2'), aNode('node-3')];

const cluster = (
  vmis: VirtualMachineInstance[],
  options: { version?: string; restoreVM?: boolean; nodes?: Node[] } = {},
) =>
  snapshotOf({
    vmis,
    nodes: options.nodes ?? threeNodes,
    harvesterSettings: [
      ...(options.version === '' ? [] : [aSetting('server-version', options.version ?? 'v1.6.0')]),
      aSetting('upgrade-config', JSON.stringify({ restoreVM: options.restoreVM ?? false })),
    ],
  });

const onlyOn = (node: string) => [
  { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [node] }] },
];

describe('vm-not-live-migratable', () => {
  it('stays quiet when every VMI can move to another node', () => {
    const vmis = [aVmi('web'), aVmi('db', { node: 'node-2', affinity: onlyOn('node-3') })];
    expect(vmNotLiveMigratable.run(cluster(vmis))).toEqual([]);
  });

  it('reports a VMI with a nodeSelector, whatever it selects', () => {
    const pinned = aVmi('pinned', { namespace: 'prod', nodeSelector: { 'kubernetes.io/hostname': 'node-1' } });
    expect(vmNotLiveMigratable.run(cluster([aVmi('web'), pinned]))).toEqual([
      {
        check: 'vm-not-live-migratable',
        severity: 'error',
        object: { kind: 'VirtualMachineInstance', namespace: 'prod', name: 'pinned' },
        message: 'cannot be live-migrated by Harvester: it has a nodeSelector (kubernetes.io/hostname=node-1)',
        remedy: expect.stringContaining('virtctl stop pinned -n prod') as unknown,
      },
    ]);
    expect(vmNotLiveMigratable.run(cluster([aVmi('any', { nodeSelector: {} })]))).toEqual([
      expect.objectContaining({ message: 'cannot be live-migrated by Harvester: it has a nodeSelector (empty)' }),
    ]);
  });

  it('offers restoreVM in the remedy from v1.6.0 on, when the webhook honours it', () => {
    const pinned = aVmi('pinned', { nodeSelector: { zone: 'a' } });
    const [recent] = vmNotLiveMigratable.run(cluster([pinned], { version: 'v1.6.0' }));
    expect(recent?.remedy).toEqual(expect.stringContaining('"restoreVM": true'));
    expect(recent?.remedy).toEqual(
      expect.stringContaining('https://docs.harvesterhci.io/v1.6/advanced/index/#upgrade-config'),
    );
    const [older] = vmNotLiveMigratable.run(cluster([pinned], { version: 'v1.5.1' }));
    expect(older?.remedy).not.toEqual(expect.stringContaining('restoreVM'));
  });

  it('reports host devices by device name; vGPUs in `gpus` are not part of the rule', () => {
    const passthrough = aVmi('gpu-vm', { hostDevices: [{ name: 'hostdevice1', deviceName: 'nvidia.com/TU104GL' }] });
    const vgpu = aVmi('vgpu-vm', { gpus: [{ name: 'vgpu1', deviceName: 'nvidia.com/GRID_T4-1Q' }] });
    expect(vmNotLiveMigratable.run(cluster([passthrough, vgpu]))).toEqual([
      expect.objectContaining({
        object: { kind: 'VirtualMachineInstance', namespace: 'default', name: 'gpu-vm' },
        message: 'cannot be live-migrated by Harvester: it has host devices passed through (nvidia.com/TU104GL)',
      }),
    ]);
  });

  it('reports a required node affinity that only the current node satisfies', () => {
    const vmi = aVmi('local', { node: 'node-1', affinity: onlyOn('node-1') });
    expect(vmNotLiveMigratable.run(cluster([vmi]))).toEqual([
      expect.objectContaining({
        message:
          'cannot be live-migrated by Harvester: its required node affinity matches no other schedulable non-witness node',
      }),
    ]);
  });

  it('does not count an unschedulable node as a target', () => {
    const nodes = [aNode('node-1'), aNode('node-2', { unschedulable: true }), aNode('node-3')];
    const vmi = aVmi('db', { node: 'node-1', affinity: onlyOn('node-2') });
    expect(vmNotLiveMigratable.run(cluster([vmi], { nodes }))).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('required node affinity matches no other') as unknown,
      }),
    ]);
    const cordoned = [aNode('node-1'), aNode('node-2', { unschedulable: true })];
    expect(vmNotLiveMigratable.run(cluster([aVmi('web')], { nodes: cordoned }))).toEqual([
      expect.objectContaining({
        message: 'cannot be live-migrated by Harvester: no other schedulable non-witness node is left to migrate it to',
      }),
    ]);
  });

  it('does not count a witness node as a target from v1.6.0, but did before', () => {
    const nodes = [aNode('node-1'), aNode('node-2'), aNode('witness', { roles: ['etcd', 'witness'] })];
    const vmi = aVmi('db', { node: 'node-1', affinity: onlyOn('witness') });
    expect(vmNotLiveMigratable.run(cluster([vmi], { nodes, version: 'v1.6.1' }))).toHaveLength(1);
    expect(vmNotLiveMigratable.run(cluster([vmi], { nodes, version: 'v1.5.2' }))).toEqual([]);
  });

  it('reports a VMI with a required affinity with no terms, which matches no node', () => {
    const vmi = aVmi('nowhere', { affinity: [] });
    expect(vmNotLiveMigratable.run(cluster([vmi]))).toEqual([
      expect.objectContaining({ message: expect.stringContaining('required node affinity') as unknown }),
    ]);
  });

  it('counts CD-ROM disks and container disks from v1.4.1 to v1.7.x only', () => {
    const cdrom = aVmi('installer', { cdrom: true });
    const container = aVmi('ephemeral', { containerDisk: true });
    expect(vmNotLiveMigratable.run(cluster([cdrom, container], { version: 'v1.7.3' }))).toEqual([
      expect.objectContaining({ message: 'cannot be live-migrated by Harvester: it has a CD-ROM disk (cdrom-disk)' }),
      expect.objectContaining({
        message: 'cannot be live-migrated by Harvester: it has a container-disk volume (container)',
      }),
    ]);
    expect(vmNotLiveMigratable.run(cluster([cdrom, container], { version: 'v1.4.1' }))).toHaveLength(2);
    expect(vmNotLiveMigratable.run(cluster([cdrom, container], { version: 'v1.4.0' }))).toEqual([]);
    expect(vmNotLiveMigratable.run(cluster([cdrom, container], { version: 'v1.8.0' }))).toEqual([]);
    expect(vmNotLiveMigratable.run(cluster([cdrom, container], { version: '' }))).toEqual([]);
  });

  it('counts VMIs in every phase, as the webhook does', () => {
    const pending = aVmi('pending', { phase: 'Scheduling', node: null, nodeSelector: { zone: 'a' } });
    expect(vmNotLiveMigratable.run(cluster([pending]))).toHaveLength(1);
  });

  it('is an error from v1.2.2, where the webhook first refuses it', () => {
    const pinned = aVmi('pinned', { nodeSelector: { zone: 'a' } });
    expect(vmNotLiveMigratable.run(cluster([pinned], { version: 'v1.2.2' }))).toEqual([
      expect.objectContaining({ severity: 'error' }),
    ]);
    expect(vmNotLiveMigratable.run(cluster([pinned], { version: 'v1.3.2' }))).toEqual([
      expect.objectContaining({ severity: 'error' }),
    ]);
  });

  it('is a warning before v1.2.2, where the webhook does not check it and the pre-drain job stops the VM', () => {
    const pinned = aVmi('pinned', { nodeSelector: { zone: 'a' } });
    expect(vmNotLiveMigratable.run(cluster([pinned], { version: 'v1.2.1' }))).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message:
          'cannot be live-migrated by Harvester (it has a nodeSelector (zone=a)), so the pre-drain job shuts it down during the upgrade',
        remedy: 'Plan the downtime, or shut it down yourself before upgrading (virtctl stop pinned -n default).',
      }),
    ]);
  });

  it('is an error when the version is unknown', () => {
    const pinned = aVmi('pinned', { nodeSelector: { zone: 'a' } });
    expect(vmNotLiveMigratable.run(cluster([pinned], { version: '' }))).toEqual([
      expect.objectContaining({ severity: 'error' }),
    ]);
  });

  describe('appliesTo', () => {
    it('applies to a multi-node cluster without restoreVM', () => {
      expect(vmNotLiveMigratable.appliesTo?.(cluster([]))).toBeUndefined();
    });

    it('is skipped when restoreVM is true on v1.6.0 or later, or on an unknown version', () => {
      expect(vmNotLiveMigratable.appliesTo?.(cluster([], { restoreVM: true }))).toMatch(/restoreVM is true/);
      expect(vmNotLiveMigratable.appliesTo?.(cluster([], { restoreVM: true, version: '' }))).toMatch(/restoreVM/);
      expect(vmNotLiveMigratable.appliesTo?.(cluster([], { restoreVM: true, version: 'v1.5.2' }))).toBeUndefined();
    });

    it('is skipped when only one node can host VMs', () => {
      const single = [aNode('node-1')];
      const withWitness = [aNode('node-1'), aNode('witness', { roles: ['witness'] })];
      expect(vmNotLiveMigratable.appliesTo?.(cluster([], { nodes: single }))).toMatch(/only one node/);
      expect(vmNotLiveMigratable.appliesTo?.(cluster([], { nodes: withWitness }))).toMatch(/only one node/);
      // Before v1.6.0 the witness node counted as a node.
      expect(vmNotLiveMigratable.appliesTo?.(cluster([], { nodes: withWitness, version: 'v1.5.0' }))).toBeUndefined();
    });
  });
});
