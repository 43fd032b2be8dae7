import { aNode, aSetting, snapshotOf, withProbe } from '../../test/builders.js';
import type { NodeFilesystem } from '../model/probes.js';
import { nodeDiskSpace } from './node-disk-space.js';

const GIB = 1024 ** 3;
const withStats = (stats: readonly NodeFilesystem[], version = 'v1.5.1') =>
  withProbe(
    snapshotOf({ nodes: [aNode('node-1'), aNode('node-2')], harvesterSettings: [aSetting('server-version', version)] }),
    'nodeFilesystems',
    stats,
  );

describe('node-disk-space', () => {
  it('needs the kubelet stats probe and the nodes', () => {
    expect(nodeDiskSpace.id).toBe('node-disk-space');
    expect(nodeDiskSpace.needs).toEqual(['nodeFilesystems', 'nodes']);
  });

  it('stays quiet when used + 13 GiB stays under the threshold', () => {
    const stats = [
      { node: 'node-1', usedBytes: 50 * GIB, capacityBytes: 200 * GIB, availableBytes: 150 * GIB },
      { node: 'node-2', usedBytes: 100 * GIB, capacityBytes: 200 * GIB, imageGCHighThresholdPercent: 85 },
    ];
    expect(nodeDiskSpace.run(withStats(stats))).toEqual([]);
  });

  it('fires with the percentage and the threshold read from /configz', () => {
    const stats = [{ node: 'node-2', usedBytes: 60 * GIB, capacityBytes: 100 * GIB, imageGCHighThresholdPercent: 70 }];
    expect(nodeDiskSpace.run(withStats(stats))).toEqual([
      {
        check: 'node-disk-space',
        severity: 'error',
        object: { kind: 'Node', name: 'node-2' },
        message:
          'will reach 73.00% after loading 13 GiB of new images, over the kubelet image GC threshold of 70% (used 64.42 GB of 107.37 GB)',
        remedy: expect.stringContaining('crictl rmi --prune') as unknown,
      },
    ]);
  });

  it('uses the kubelet default of 85% when /configz was not readable', () => {
    const stats = [{ node: 'node-1', usedBytes: 75 * GIB, capacityBytes: 100 * GIB }];
    expect(nodeDiskSpace.run(withStats(stats))).toEqual([
      expect.objectContaining({ message: expect.stringContaining('threshold of 85%') as unknown }),
    ]);
  });

  it('turns a node whose stats are missing into a warning, never a pass', () => {
    expect(nodeDiskSpace.run(withStats([{ node: 'node-1', error: 'node is not Ready' }]))).toEqual([
      expect.objectContaining({
        severity: 'warning',
        object: { kind: 'Node', name: 'node-1' },
        message: 'filesystem stats unavailable (node is not Ready)',
      }),
    ]);
  });

  it('also wants 30 GiB free on Harvester v1.4.x and older, as the webhook did then', () => {
    const stats = [{ node: 'node-1', usedBytes: 10 * GIB, capacityBytes: 100 * GIB, availableBytes: 20 * GIB }];
    expect(nodeDiskSpace.run(withStats(stats, 'v1.5.0'))).toEqual([]);
    expect(nodeDiskSpace.run(withStats(stats, 'v1.4.3'))).toEqual([
      expect.objectContaining({
        message: 'has 21.47 GB free; Harvester v1.4.3 requires at least 30 GiB free on each node',
      }),
    ]);
  });

  it('ignores stats of nodes that are not in the node list', () => {
    const stats = [{ node: 'gone', usedBytes: 99 * GIB, capacityBytes: 100 * GIB }];
    expect(nodeDiskSpace.run(withStats(stats))).toEqual([]);
  });
});
