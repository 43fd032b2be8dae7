import { HARVESTER_ISSUE, type KnownIssue, release, UPGRADE_DOC } from '../known-issue.js';

export const cosStatePassiveImageSize: KnownIssue = {
  id: 'cos-state-passive-image-size',
  title: 'passive.img is sparse before v1.4.0 → v1.4.1',
  from: release('v1.4.0'),
  to: release('v1.4.1'),
  detection: {
    kind: 'manual',
    command: 'du -sh /run/initramfs/cos-state/cOS/*',
    expect:
      'passive.img about as large as active.img (1.7G); a 3.1G passive.img can leave no room for the new image and the node stuck in Waiting Reboot',
  },
  sources: [`${UPGRADE_DOC}v1-4-0-to-v1-4-1`, `${HARVESTER_ISSUE}7457`, `${HARVESTER_ISSUE}7518`],
  remedy:
    'As root on each such node: mount -o remount,rw /run/initramfs/cos-state && fallocate --dig-holes /run/initramfs/cos-state/cOS/passive.img && mount -o remount,ro /run/initramfs/cos-state',
};
