import { aNode, aSetting, snapshotOf, withProbe } from '../../test/builders.js';
import type { Version } from '../model/harvester.js';
import type { NodeFilesystem } from '../model/probes.js';
import { nodeDiskSpace } from './node-disk-space.js';

const GIB = 1024 ** 3;
const ip = (name: string, address: string) => aNode(name, { annotations: { 'rke2.io/internal-ip': address } });
const aVersionObject = (name: string, annotations: Record<string, string>): Version => ({
  apiVersion: 'harvesterhci.io/v1beta1',
  kind: 'Version',
  metadata: { name, namespace: 'harvester-system', annotations },
  spec: { isoURL: `https://example/${name}.iso` },
});
const withStats = (
  stats: readonly NodeFilesystem[],
  version = 'v1.5.1',
  nodes = [ip('node-1', '10.0.0.11'), ip('node-2', '10.0.0.12')],
  versions: readonly Version[] = [],
) =>
  withProbe(
    snapshotOf({ nodes, versions, harvesterSettings: [aSetting('server-version', version)] }),
    'nodeFilesystems',
    stats,
  );
const roomy = { usedBytes: 10 * GIB, capacityBytes: 100 * GIB, availableBytes: 90 * GIB };

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

  it('fails a node whose stats are missing, as the webhook refuses an upgrade it cannot measure', () => {
    expect(nodeDiskSpace.run(withStats([{ node: 'node-1', error: 'node is not Ready' }]))).toEqual([
      {
        check: 'node-disk-space',
        severity: 'error',
        object: { kind: 'Node', name: 'node-1' },
        message:
          "filesystem stats unavailable (node is not Ready); Harvester's upgrade webhook refuses the upgrade when it cannot read a node's kubelet stats",
        remedy: expect.stringContaining('df -h /usr/local') as unknown,
      },
    ]);
  });

  it('fails a node without the rke2.io/internal-ip annotation, through which the webhook reaches its kubelet', () => {
    const nodes = [ip('node-1', '10.0.0.11'), aNode('node-2')];
    const stats = [
      { node: 'node-1', ...roomy },
      { node: 'node-2', ...roomy },
    ];
    expect(nodeDiskSpace.run(withStats(stats, 'v1.8.2', nodes))).toEqual([
      {
        check: 'node-disk-space',
        severity: 'error',
        object: { kind: 'Node', name: 'node-2' },
        message:
          "has no rke2.io/internal-ip annotation, so Harvester's upgrade webhook cannot reach its kubelet and refuses the upgrade",
        remedy: expect.stringContaining('rke2-server') as unknown,
      },
    ]);
  });

  it('quotes the node name in the command it suggests for a missing rke2.io/internal-ip', () => {
    const hostile = 'node-2;reboot';
    const findings = nodeDiskSpace.run(withStats([{ node: hostile, ...roomy }], 'v1.8.2', [aNode(hostile)]));
    expect(findings[0]?.remedy).toContain("kubectl get node 'node-2;reboot' -o jsonpath={.metadata.annotations}");
  });

  describe('skipGarbageCollectionThresholdCheck', () => {
    const full = [
      { node: 'node-1', usedBytes: 95 * GIB, capacityBytes: 100 * GIB },
      { node: 'node-2', error: 'x' },
    ];

    it('from v1.5.1, on the Upgrade: true skips the whole disk check and says so', () => {
      const findings = nodeDiskSpace.run(withStats(full, 'v1.8.2', [ip('node-1', 'a'), aNode('node-2')]), {
        backupMaxAgeMs: 1,
        oldBackupSeverity: 'info',
        upgradeAnnotations: { 'harvesterhci.io/skipGarbageCollectionThresholdCheck': 'true' },
      });
      expect(findings).toEqual([
        {
          check: 'node-disk-space',
          severity: 'info',
          object: { kind: 'Upgrade', namespace: 'harvester-system', name: '(to be created)' },
          message:
            'not checked, as the webhook does not: harvesterhci.io/skipGarbageCollectionThresholdCheck is "true" on the Upgrade (--upgrade-annotation), so Harvester v1.8.2 skips its disk-space check (internal-ip, kubelet stats, image GC threshold)',
          remedy: expect.stringContaining('may fill the disk') as unknown,
        },
      ]);
    });

    it('false, or the annotation on a Version object from v1.5.1, changes nothing', () => {
      const options = {
        backupMaxAgeMs: 1,
        oldBackupSeverity: 'info' as const,
        upgradeAnnotations: { 'harvesterhci.io/skipGarbageCollectionThresholdCheck': 'false' },
      };
      expect(nodeDiskSpace.run(withStats(full, 'v1.8.2'), options)).toHaveLength(2);
      const versions = [aVersionObject('v1.9.0', { 'harvesterhci.io/skipGarbageCollectionThresholdCheck': 'true' })];
      expect(nodeDiskSpace.run(withStats(full, 'v1.8.2', undefined, versions))).toHaveLength(2);
    });

    it('in v1.5.0, on the target Version object', () => {
      const versions = [aVersionObject('v1.5.1', { 'harvesterhci.io/skipGarbageCollectionThresholdCheck': 'true' })];
      expect(nodeDiskSpace.run(withStats(full, 'v1.5.0', undefined, versions))).toEqual([
        expect.objectContaining({
          severity: 'info',
          message: expect.stringContaining('is "true" on Version v1.5.1, so Harvester v1.5.0 skips') as unknown,
        }),
      ]);
    });

    it('a value Go cannot parse as a bool is refused by the webhook', () => {
      const findings = nodeDiskSpace.run(withStats(full, 'v1.8.2'), {
        backupMaxAgeMs: 1,
        oldBackupSeverity: 'info',
        upgradeAnnotations: { 'harvesterhci.io/skipGarbageCollectionThresholdCheck': 'yes' },
      });
      expect(findings[0]).toMatchObject({
        severity: 'error',
        message:
          "Harvester's upgrade webhook refuses the Upgrade: invalid value yes for harvesterhci.io/skipGarbageCollectionThresholdCheck annotation",
      });
    });
  });

  it('takes minFreeDiskSpaceGB of the target Version object over 30 GiB on v1.4.x and older', () => {
    const stats = [{ node: 'node-1', usedBytes: 10 * GIB, capacityBytes: 100 * GIB, availableBytes: 20 * GIB }];
    const relaxed = [aVersionObject('v1.4.3', { 'harvesterhci.io/minFreeDiskSpaceGB': '15' })];
    expect(nodeDiskSpace.run(withStats(stats, 'v1.4.2', undefined, relaxed))).toEqual([]);
    const strict = [aVersionObject('v1.4.3', { 'harvesterhci.io/minFreeDiskSpaceGB': '25' })];
    expect(nodeDiskSpace.run(withStats(stats, 'v1.4.2', undefined, strict))).toEqual([
      expect.objectContaining({
        message:
          'has 21.47 GB free; Harvester v1.4.2 requires at least 25 GiB free on each node (harvesterhci.io/minFreeDiskSpaceGB on Version v1.4.3)',
      }),
    ]);
    // Not read from v1.5.0 on, where the 30 GiB rule is gone.
    expect(nodeDiskSpace.run(withStats(stats, 'v1.5.0', undefined, strict))).toEqual([]);
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
