import { aNode, snapshotOf } from '../../test/builders.js';
import { ntpAnnotation } from '../../test/rancher-builders.js';
import { nodeTimeNotSynced } from './node-time-not-synced.js';

const withNtp = (value: string) => aNode('node-1', { annotations: { 'node.harvesterhci.io/ntp-service': value } });

describe('node-time-not-synced', () => {
  it('stays quiet on synced nodes and nodes without the annotation', () => {
    const nodes = [aNode('node-1', { annotations: ntpAnnotation('synced') }), aNode('node-2')];
    expect(nodeTimeNotSynced.run(snapshotOf({ nodes }))).toEqual([]);
  });

  it('warns on an unsynced node, naming its servers', () => {
    const nodes = [
      aNode('node-2', { annotations: ntpAnnotation('unsynced', '0.suse.pool.ntp.org 1.suse.pool.ntp.org') }),
    ];
    expect(nodeTimeNotSynced.run(snapshotOf({ nodes }))).toEqual([
      {
        check: 'node-time-not-synced',
        severity: 'warning',
        object: { kind: 'Node', name: 'node-2' },
        message: 'clock is not synchronised (ntpSyncStatus unsynced, servers 0.suse.pool.ntp.org 1.suse.pool.ntp.org)',
        remedy: expect.stringContaining('timedatectl timesync-status') as unknown,
      },
    ]);
  });

  it('warns when NTP is disabled', () => {
    const nodes = [aNode('node-3', { annotations: ntpAnnotation('disabled', '') })];
    expect(nodeTimeNotSynced.run(snapshotOf({ nodes }))).toEqual([
      expect.objectContaining({ message: 'time sync is disabled (ntpSyncStatus disabled)' }),
    ]);
  });

  it('reads the shape node-manager writes ({"ntpSyncStatus":"unsynced"} without servers)', () => {
    expect(nodeTimeNotSynced.run(snapshotOf({ nodes: [withNtp('{"ntpSyncStatus":"unsynced"}')] }))).toEqual([
      expect.objectContaining({ message: 'clock is not synchronised (ntpSyncStatus unsynced)' }),
    ]);
  });

  it.each(['not json', '"synced"', 'null', '{}', '{"ntpSyncStatus":""}', '{"ntpSyncStatus":3}'])(
    'stays quiet on the unreadable value %s',
    (value) => {
      expect(nodeTimeNotSynced.run(snapshotOf({ nodes: [withNtp(value)] }))).toEqual([]);
    },
  );
});
