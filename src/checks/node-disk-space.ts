import type { Finding } from '../model/finding.js';
import { nameOf } from '../model/kube-object.js';
import { itemsOf, probeOf } from '../model/snapshot.js';
import { atLeast } from '../model/version.js';
import type { Check } from './check.js';
import { serverVersion } from '../facts/harvester-version.js';

const GIB = 1024 ** 3;
/** `defaultNewImageSize`: room the new release's images take (harvester/harvester: pkg/webhook/resources/upgrade/validator.go). */
const NEW_IMAGES_BYTES = 13 * GIB;
/** The kubelet's own default for imageGCHighThresholdPercent, used when /configz cannot be read. */
const DEFAULT_IMAGE_GC_HIGH_THRESHOLD = 85;
/** Up to v1.4.x the webhook also wanted 30 GiB free (removed by harvester/harvester commit d3f5e9363, v1.5.0). */
const LEGACY_MIN_FREE_BYTES = 30 * GIB;

const gb = (bytes: number): string => `${(bytes / 1e9).toFixed(2)} GB`;

/**
 * Preloading the new images must not push the kubelet's filesystem past its image GC high threshold, or the
 * kubelet starts deleting images mid-upgrade; Harvester's webhook refuses the upgrade in that case.
 */
export const nodeDiskSpace: Check = {
  id: 'node-disk-space',
  title: 'Nodes have room for the new images',
  description:
    "Each node's kubelet filesystem must stay under the kubelet's image garbage-collection threshold after 13 GiB of new images are loaded (read through nodes/proxy: /stats/summary and /configz).",
  needs: ['nodeFilesystems', 'nodes'],
  optional: ['harvesterSettings'],
  run: (snapshot) => {
    const version = serverVersion(snapshot);
    const legacy = version !== undefined && !atLeast(version, 1, 5, 0);
    const known = new Set(itemsOf(snapshot, 'nodes').map(nameOf));
    return (probeOf(snapshot, 'nodeFilesystems') ?? [])
      .filter((fs) => known.has(fs.node))
      .flatMap((fs): Finding[] => {
        const object = { kind: 'Node', name: fs.node };
        if (fs.error !== undefined || fs.usedBytes === undefined || !fs.capacityBytes) {
          return [
            {
              check: 'node-disk-space',
              severity: 'warning',
              object,
              message: `filesystem stats unavailable (${fs.error ?? 'the kubelet reported no node.fs'})`,
              remedy: `Check on the node itself: df -h /usr/local on ${fs.node} should leave room for 13 GiB of images.`,
            },
          ];
        }
        const findings: Finding[] = [];
        const threshold = fs.imageGCHighThresholdPercent ?? DEFAULT_IMAGE_GC_HIGH_THRESHOLD;
        const after = ((fs.usedBytes + NEW_IMAGES_BYTES) / fs.capacityBytes) * 100;
        if (after > threshold) {
          findings.push({
            check: 'node-disk-space',
            severity: 'error',
            object,
            message: `will reach ${after.toFixed(2)}% after loading 13 GiB of new images, over the kubelet image GC threshold of ${String(threshold)}% (used ${gb(fs.usedBytes)} of ${gb(fs.capacityBytes)})`,
            remedy: `Free space on ${fs.node} (remove unused images: crictl rmi --prune; old logs) until used + 13 GiB stays under ${String(threshold)}%.`,
          });
        }
        if (legacy && fs.availableBytes !== undefined && fs.availableBytes < LEGACY_MIN_FREE_BYTES) {
          findings.push({
            check: 'node-disk-space',
            severity: 'error',
            object,
            message: `has ${gb(fs.availableBytes)} free; Harvester ${version.text} requires at least 30 GiB free on each node`,
            remedy: `Free space on ${fs.node} (df -h /usr/local) until 30 GiB are available.`,
          });
        }
        return findings;
      });
  },
};
