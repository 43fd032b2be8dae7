import { counted, type Finding } from '../model/finding.js';
import { annotationOf, nameOf } from '../model/kube-object.js';
import type { NodeFilesystem } from '../model/probes.js';
import { itemsOf, probeOf, type ClusterSnapshot } from '../model/snapshot.js';
import { atLeast, type Version } from '../model/version.js';
import { sh } from '../model/shell.js';
import type { Check, CheckOptions } from './check.js';
import { serverVersion } from '../facts/harvester-version.js';
import {
  isInvalid,
  minFreeDiskSpace,
  skipGcThresholdCheck,
  type UpgradeIntent,
  type WebhookAnnotation,
} from '../facts/webhook-annotations.js';

const ID = 'node-disk-space';
const GIB = 1024 ** 3;
/** `defaultNewImageSize`: room the new release's images take (harvester/harvester: pkg/webhook/resources/upgrade/validator.go). */
const NEW_IMAGES_BYTES = 13 * GIB;
/** The kubelet's own default for imageGCHighThresholdPercent, used when /configz cannot be read. */
const DEFAULT_IMAGE_GC_HIGH_THRESHOLD = 85;
/** The webhook dials `https://<this annotation>:<kubelet port>` (validator.go checkDiskSpace, v1.2.0 on). */
const INTERNAL_IP = 'rke2.io/internal-ip';
const UPGRADE_TO_BE = { kind: 'Upgrade', namespace: 'harvester-system', name: '(to be created)' };

const gb = (bytes: number): string => `${(bytes / 1e9).toFixed(2)} GB`;

const intentOf = (options: CheckOptions | undefined): UpgradeIntent => ({
  to: options?.to,
  upgradeAnnotations: options?.upgradeAnnotations,
});

const skipped = (version: Version | undefined, annotation: WebhookAnnotation): Finding => ({
  check: ID,
  severity: 'info',
  object: UPGRADE_TO_BE,
  message: `not checked, as the webhook does not: ${annotation.key} is "${annotation.value}" on ${annotation.where}, so Harvester ${version?.text ?? '(unknown version)'} skips its disk-space check (internal-ip, kubelet stats, image GC threshold)`,
  remedy: `Make sure each node has room for 13 GiB of new images (df -h /usr/local); preloading them on a full node may fill the disk mid-upgrade.`,
});

const refused = (invalid: string): Finding => ({
  check: ID,
  severity: 'error',
  object: UPGRADE_TO_BE,
  message: `Harvester's upgrade webhook refuses the Upgrade: ${invalid}`,
  remedy: 'Give the annotation a value the webhook accepts (true or false; a whole number of GiB), or leave it out.',
});

/** Findings for one node's stats: missing stats, the image GC threshold, and up to v1.4.x the free-space rule. */
const statsFindings = (
  fs: NodeFilesystem,
  legacy: Version | undefined,
  minFree: number,
  minFreeFrom?: WebhookAnnotation,
): Finding[] => {
  const object = { kind: 'Node', name: fs.node };
  if (fs.error !== undefined || fs.usedBytes === undefined || !fs.capacityBytes) {
    return [
      {
        check: ID,
        severity: 'error',
        object,
        message: `filesystem stats unavailable (${fs.error ?? 'the kubelet reported no node.fs'}); Harvester's upgrade webhook refuses the upgrade when it cannot read a node's kubelet stats`,
        remedy: `Make the kubelet of ${fs.node} answer (the node Ready, port 10250 reachable), and check on the node itself: df -h /usr/local should leave room for 13 GiB of images.`,
      },
    ];
  }
  const findings: Finding[] = [];
  const threshold = fs.imageGCHighThresholdPercent ?? DEFAULT_IMAGE_GC_HIGH_THRESHOLD;
  const after = ((fs.usedBytes + NEW_IMAGES_BYTES) / fs.capacityBytes) * 100;
  if (after > threshold) {
    findings.push({
      check: ID,
      severity: 'error',
      object,
      message: `will reach ${after.toFixed(2)}% after loading 13 GiB of new images, over the kubelet image GC threshold of ${String(threshold)}% (used ${gb(fs.usedBytes)} of ${gb(fs.capacityBytes)})`,
      remedy: `Free space on ${fs.node} (remove unused images: crictl rmi --prune; old logs) until used + 13 GiB stays under ${String(threshold)}%.`,
    });
  }
  if (legacy && fs.availableBytes !== undefined && fs.availableBytes < minFree) {
    const gib = String(minFree / GIB);
    findings.push({
      check: ID,
      severity: 'error',
      object,
      message: `has ${gb(fs.availableBytes)} free; Harvester ${legacy.text} requires at least ${gib} GiB free on each node${minFreeFrom ? ` (${minFreeFrom.key} on ${minFreeFrom.where})` : ''}`,
      remedy: `Free space on ${fs.node} (df -h /usr/local) until ${gib} GiB are available.`,
    });
  }
  return findings;
};

const withoutInternalIp = (snapshot: ClusterSnapshot): Finding[] =>
  itemsOf(snapshot, 'nodes')
    .filter((node) => annotationOf(node, INTERNAL_IP) === undefined)
    .map((node) => ({
      check: ID,
      severity: 'error',
      object: { kind: 'Node', name: nameOf(node) },
      message: `has no ${INTERNAL_IP} annotation, so Harvester's upgrade webhook cannot reach its kubelet and refuses the upgrade`,
      remedy: `RKE2 writes it when its agent starts: restart rke2-server (or rke2-agent) on ${nameOf(node)} and check ${sh`kubectl get node ${nameOf(node)} -o jsonpath={.metadata.annotations}`}.`,
    }));

/**
 * Preloading the new images must not push the kubelet's filesystem past its image GC high threshold, or the
 * kubelet starts deleting images mid-upgrade. Harvester's webhook (validator.go checkNodes → checkDiskSpace) refuses
 * the upgrade then, and also when a node lacks `rke2.io/internal-ip` or its kubelet's stats cannot be read; up to
 * v1.4.x it also wanted 30 GiB free (or the Version's minFreeDiskSpaceGB; removed by d3f5e9363, v1.5.0). The
 * skipGarbageCollectionThresholdCheck annotation skips all of it (src/facts/webhook-annotations.ts says where the
 * running release reads it). Where a failed /configz read cannot be told from an unset threshold, 85 % is used.
 */
export const nodeDiskSpace: Check = {
  id: ID,
  title: 'Nodes have room for the new images',
  problem: (findings) =>
    counted(findings, 'node has no room for the new images', 'nodes have no room for the new images'),
  description:
    "Each node's kubelet filesystem must stay under the kubelet's image garbage-collection threshold after 13 GiB of new images are loaded (read through nodes/proxy: /stats/summary and /configz); the webhook also refuses a node it cannot measure.",
  needs: ['nodeFilesystems', 'nodes'],
  optional: ['harvesterSettings', 'versions'],
  run: (snapshot, options) => {
    const version = serverVersion(snapshot);
    const intent = intentOf(options);
    const skip = skipGcThresholdCheck(snapshot, intent);
    if (skip && isInvalid(skip)) return [refused(skip.invalid)];
    if (skip?.skip) return [skipped(version, skip)];
    const legacy = version !== undefined && !atLeast(version, 1, 5, 0) ? version : undefined;
    const minFree = minFreeDiskSpace(snapshot, intent);
    if (legacy && isInvalid(minFree)) return [refused(minFree.invalid)];
    const free = isInvalid(minFree) ? { bytes: 30 * GIB } : minFree;
    const known = new Set(itemsOf(snapshot, 'nodes').map(nameOf));
    return [
      ...withoutInternalIp(snapshot),
      ...(probeOf(snapshot, 'nodeFilesystems') ?? [])
        .filter((fs) => known.has(fs.node))
        .flatMap((fs) => statsFindings(fs, legacy, free.bytes, free.from)),
    ];
  },
};
