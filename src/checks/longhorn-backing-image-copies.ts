import { counted, type Finding } from '../model/finding.js';
import { nameOf, refOf } from '../model/kube-object.js';
import { LONGHORN_NAMESPACE } from '../model/longhorn.js';
import { itemsOf } from '../model/snapshot.js';
import { atLeast } from '../model/version.js';
import type { Check } from './check.js';
import { whenVersion } from '../facts/harvester-version.js';
import { sh } from '../model/shell.js';

/** The upgrade-helpers script recommends at least this many copies (pre-check/v1.x/check.sh `check_images`). */
const RECOMMENDED_BACKING_IMAGE_COPIES = 3;

/**
 * Backing images (VM images) are files Longhorn keeps on some disks; `spec.minNumberOfCopies` is how many ready
 * copies it maintains on distinct disks. With fewer, a node rebooting during its upgrade can leave the image with
 * no ready copy to create volumes or rebuild replicas from. The upgrade-helpers script fails 0 and warns below 3
 * from v1.4.0 (pre-check/v1.x/check.sh `check_images`, commits 1b6d363, 250de67); its jsonpath filter skips images
 * without the field, which longhorn-manager reads as 0 (a Go zero value), so this check reports them too.
 */
export const longhornBackingImageCopies: Check = {
  id: 'longhorn-backing-image-copies',
  title: 'Backing images keep enough copies',
  problem: (findings) => counted(findings, 'backing image has too few copies', 'backing images have too few copies'),
  description: `Every Longhorn backing image (VM image) should keep at least ${String(RECOMMENDED_BACKING_IMAGE_COPIES)} copies (spec.minNumberOfCopies) so that the nodes rebooting one by one never take the only copy offline.`,
  needs: ['longhornBackingImages', 'harvesterSettings'],
  appliesTo: whenVersion((version) => atLeast(version, 1, 4, 0), '>= v1.4.0'),
  run: (snapshot) =>
    itemsOf(snapshot, 'longhornBackingImages').flatMap((image): Finding[] => {
      const copies = image.spec?.minNumberOfCopies;
      if (copies !== undefined && copies >= RECOMMENDED_BACKING_IMAGE_COPIES) return [];
      const remedy = sh`kubectl -n ${image.metadata?.namespace ?? LONGHORN_NAMESPACE} patch backingimages.longhorn.io ${nameOf(image)} --type merge -p '{"spec":{"minNumberOfCopies":${RECOMMENDED_BACKING_IMAGE_COPIES}}}'`;
      if (copies === undefined || copies <= 0) {
        return [
          {
            check: 'longhorn-backing-image-copies',
            severity: 'error',
            object: refOf('BackingImage', image),
            message:
              copies === undefined
                ? 'minNumberOfCopies is not set, so Longhorn keeps no required copy'
                : `minNumberOfCopies is ${String(copies)}, so Longhorn keeps no required copy`,
            remedy,
          },
        ];
      }
      return [
        {
          check: 'longhorn-backing-image-copies',
          severity: 'warning',
          object: refOf('BackingImage', image),
          message: `minNumberOfCopies is ${String(copies)}, fewer than the ${String(RECOMMENDED_BACKING_IMAGE_COPIES)} recommended`,
          remedy,
        },
      ];
    }),
};
