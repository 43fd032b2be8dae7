import { itemsOf } from '../../model/snapshot.js';
import { type KnownIssue, minorOf, release, UPGRADE_DOC } from '../known-issue.js';

export const longhornBackingImageCrdV140: KnownIssue = {
  id: 'longhorn-backing-image-crd-v1-4-0',
  title: 'The BackingImage CRD is updated before v1.4.0',
  from: minorOf('v1.3'),
  to: release('v1.4.0'),
  detection: {
    kind: 'check',
    needs: ['longhornBackingImages'],
    // harvester/docs docs/upgrade/v1-3-2-to-v1-4-0.md: without Longhorn v1.7.2's BackingImage CRD applied first,
    // backing images (VM images) may be corrupted (longhorn/longhorn#10644). Only clusters with images are at risk;
    // whether the CRD was already updated is not visible in a snapshot.
    problem: () => 'The BackingImage CRD is not updated before v1.4.0',
    run: (snapshot) => {
      const images = itemsOf(snapshot, 'longhornBackingImages');
      if (images.length === 0) return [];
      return [
        {
          check: 'longhorn-backing-image-crd-v1-4-0',
          severity: 'warning',
          object: { kind: 'CustomResourceDefinition', name: 'backingimages.longhorn.io' },
          message: `${String(images.length)} backing image(s) exist, and unless the BackingImage CRD is updated to Longhorn v1.7.2's before the upgrade to v1.4.0 they may be corrupted`,
          remedy: `Update the CRD first as described in ${UPGRADE_DOC}v1-3-2-to-v1-4-0 ("Preventing Corruption of VM Images During Upgrade").`,
        },
      ];
    },
  },
  sources: [`${UPGRADE_DOC}v1-3-2-to-v1-4-0`, 'https://github.com/longhorn/longhorn/issues/10644'],
  remedy: "Apply Longhorn v1.7.2's BackingImage CRD before upgrading to v1.4.0.",
};
