import { aSetting, snapshotOf } from '../../test/builders.js';
import { aLonghornNode } from '../../test/longhorn-builders.js';
import type { LonghornNode } from '../model/longhorn.js';
import { longhornEvictionRequested } from './longhorn-eviction-requested.js';

const withNodes = (nodes: LonghornNode[], version?: string) =>
  snapshotOf({
    longhornNodes: nodes,
    ...(version ? { harvesterSettings: [aSetting('server-version', version)] } : {}),
  });

const disk = (evictionRequested: boolean) => ({ path: '/var/lib/harvester/extra-disks/x', evictionRequested });

describe('longhorn-eviction-requested', () => {
  it('stays quiet when nothing is being evicted', () => {
    expect(
      longhornEvictionRequested.run(withNodes([aLonghornNode('node-1'), aLonghornNode('node-2')], 'v1.4.2')),
    ).toEqual([]);
  });

  it('errs on v1.4.x, naming the node and the disks', () => {
    const node = aLonghornNode('node-1', {
      evictionRequested: true,
      disks: { 'default-disk-1': disk(false), 'extra-b': disk(true), 'extra-a': disk(true) },
    });
    expect(longhornEvictionRequested.run(withNodes([node], 'v1.4.1'))).toEqual([
      {
        check: 'longhorn-eviction-requested',
        severity: 'error',
        object: { kind: 'Node', namespace: 'longhorn-system', name: 'node-1' },
        message:
          'eviction is requested on the node and disks extra-a, extra-b (v1.4.1: longhorn-manager may crash during the upgrade)',
        remedy: expect.stringContaining(
          `kubectl -n longhorn-system patch nodes.longhorn.io node-1 --type merge -p '{"spec":{"evictionRequested":false,"disks":{"extra-a":{"evictionRequested":false},"extra-b":{"evictionRequested":false}}}}'`,
        ) as unknown,
      },
    ]);
  });

  it('warns on other versions and names a single disk', () => {
    const node = aLonghornNode('node-2', { disks: { 'extra-disk': disk(true) } });
    expect(longhornEvictionRequested.run(withNodes([node], 'v1.5.1'))).toEqual([
      expect.objectContaining({
        severity: 'warning',
        object: { kind: 'Node', namespace: 'longhorn-system', name: 'node-2' },
        message: 'eviction is requested on disk extra-disk',
        remedy: expect.stringContaining(
          `-p '{"spec":{"disks":{"extra-disk":{"evictionRequested":false}}}}'`,
        ) as unknown,
      }),
    ]);
  });

  it('warns when the version is unknown', () => {
    expect(longhornEvictionRequested.run(withNodes([aLonghornNode('node-3', { evictionRequested: true })]))).toEqual([
      expect.objectContaining({ severity: 'warning', message: 'eviction is requested on the node' }),
    ]);
  });

  it('reads nodes without disks or spec', () => {
    const bare: LonghornNode = { kind: 'Node', metadata: { name: 'bare', namespace: 'longhorn-system' } };
    expect(longhornEvictionRequested.run(withNodes([bare], 'v1.4.2'))).toEqual([]);
  });
});
