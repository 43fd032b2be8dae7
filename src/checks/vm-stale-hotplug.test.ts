import { aNode, aSetting, snapshotOf } from '../../test/builders.js';
import { aVm, aVmi } from '../../test/kubevirt-builders.js';
import type { VirtualMachine, VirtualMachineInstance } from '../model/kubevirt.js';
import type { Node } from '../model/node.js';
import { vmStaleHotplug } from './vm-stale-hotplug.js';

const hotplug = (name: string) => ({ name, persistentVolumeClaim: { claimName: name, hotpluggable: true } });

const cluster = (
  virtualMachines: VirtualMachine[],
  vmis: VirtualMachineInstance[],
  options: { version?: string; restoreVM?: boolean; nodes?: Node[] } = {},
) =>
  snapshotOf({
    virtualMachines,
    vmis,
    nodes: options.nodes ?? [aNode('node-1'), aNode('node-2'), aNode('node-3')],
    harvesterSettings: [
      aSetting('server-version', options.version ?? 'v1.9.0'),
      aSetting('upgrade-config', JSON.stringify({ restoreVM: options.restoreVM ?? false })),
    ],
  });

describe('vm-stale-hotplug', () => {
  it('stays quiet when hot-plugged volumes are in the VM spec and nothing is pending', () => {
    const vm = aVm('db', { volumes: [hotplug('db-data')] });
    const vmi = aVmi('db', { volumes: [hotplug('db-data')] });
    expect(vmStaleHotplug.run(cluster([vm, aVm('web')], [vmi, aVmi('web')]))).toEqual([]);
  });

  it('reports a VM with pending volume requests', () => {
    const vm = aVm('db', {
      namespace: 'prod',
      volumeRequests: [{ addVolumeOptions: { name: 'db-data' } }, { removeVolumeOptions: { name: 'old' } }],
    });
    expect(vmStaleHotplug.run(cluster([vm], []))).toEqual([
      {
        check: 'vm-stale-hotplug',
        severity: 'error',
        object: { kind: 'VirtualMachine', namespace: 'prod', name: 'db' },
        message:
          'has pending volume hotplug requests in status.volumeRequests (add db-data, remove old), which declarative hotplug no longer processes',
        remedy: 'Stop and start the VM before upgrading (virtctl stop db -n prod, then virtctl start db -n prod).',
      },
    ]);
  });

  it('reports a running VMI with hot-plugged volumes its VM spec does not list', () => {
    const vmi = aVmi('db', {
      volumes: [
        hotplug('scratch'),
        { name: 'data', dataVolume: { name: 'data', hotpluggable: true } },
        hotplug('kept'),
      ],
    });
    const vm = aVm('db', { volumes: [hotplug('kept')] });
    expect(vmStaleHotplug.run(cluster([vm], [vmi]))).toEqual([
      {
        check: 'vm-stale-hotplug',
        severity: 'error',
        object: { kind: 'VirtualMachineInstance', namespace: 'default', name: 'db' },
        message:
          'has hot-plugged volumes that its VM spec does not list (scratch, data), which declarative hotplug unplugs',
        remedy: expect.stringContaining('virtctl removevolume db -n default --volume-name=scratch') as unknown,
      },
    ]);
  });

  it('ignores VMIs that are not running or have no VM, and volumes that are not hotpluggable', () => {
    const stopped = aVmi('stopped', { phase: 'Succeeded', volumes: [hotplug('x')] });
    const standalone = aVmi('standalone', { volumes: [hotplug('y')] });
    const plain = aVmi('plain', { volumes: [{ name: 'extra', persistentVolumeClaim: { claimName: 'extra' } }] });
    expect(vmStaleHotplug.run(cluster([aVm('stopped'), aVm('plain')], [stopped, standalone, plain]))).toEqual([]);
  });

  it('matches a VMI to the VM of the same namespace and name', () => {
    const vmi = aVmi('db', { namespace: 'prod', volumes: [hotplug('db-data')] });
    const sameNameElsewhere = aVm('db', { namespace: 'dev', volumes: [hotplug('db-data')] });
    expect(vmStaleHotplug.run(cluster([sameNameElsewhere], [vmi]))).toEqual([]);
    const own = aVm('db', { namespace: 'prod' });
    expect(vmStaleHotplug.run(cluster([sameNameElsewhere, own], [vmi]))).toHaveLength(1);
  });

  it.each([
    ['v1.8.2', 'error'],
    ['v1.8.3', 'error'],
    ['v1.9.0-rc4', 'error'],
    ['v1.10.0', 'error'],
    ['v1.8.2-rc1', 'warning'],
    ['v1.8.1', 'warning'],
    ['v1.9.0-rc3', 'warning'],
    ['v1.7.1', 'warning'],
  ])('on %s gives severity %s', (version, severity) => {
    const vm = aVm('db', { volumeRequests: [{ addVolumeOptions: { name: 'db-data' } }] });
    expect(vmStaleHotplug.run(cluster([vm], [], { version }))).toEqual([expect.objectContaining({ severity })]);
  });

  it('is a warning when the version is unknown', () => {
    const vm = aVm('db', { volumeRequests: [{ addVolumeOptions: { name: 'db-data' } }] });
    const snapshot = snapshotOf({ virtualMachines: [vm], vmis: [] });
    expect(vmStaleHotplug.run(snapshot)).toEqual([expect.objectContaining({ severity: 'warning' })]);
  });

  describe('appliesTo', () => {
    it('applies on a multi-node cluster without restoreVM, and when settings and nodes are unknown', () => {
      expect(vmStaleHotplug.appliesTo?.(cluster([], []))).toBeUndefined();
      expect(vmStaleHotplug.appliesTo?.(snapshotOf({ virtualMachines: [], vmis: [] }))).toBeUndefined();
    });

    it('is skipped with restoreVM, as the webhook skips it', () => {
      expect(vmStaleHotplug.appliesTo?.(cluster([], [], { restoreVM: true }))).toMatch(/restoreVM is true/);
    });

    it('is skipped when only one node can host VMs', () => {
      const nodes = [aNode('node-1'), aNode('witness', { roles: ['witness'] })];
      expect(vmStaleHotplug.appliesTo?.(cluster([], [], { nodes }))).toMatch(/only one node/);
    });
  });
});
