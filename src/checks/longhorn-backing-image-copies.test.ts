import { aSetting, snapshotOf } from '../../test/builders.js';
import { aBackingImage } from '../../test/longhorn-builders.js';
import type { BackingImage } from '../model/longhorn.js';
import { longhornBackingImageCopies } from './longhorn-backing-image-copies.js';

const withImages = (images: BackingImage[], version = 'v1.4.2') =>
  snapshotOf({ longhornBackingImages: images, harvesterSettings: [aSetting('server-version', version)] });

describe('longhorn-backing-image-copies', () => {
  it('stays quiet when every image keeps three copies or more', () => {
    expect(
      longhornBackingImageCopies.run(withImages([aBackingImage('image-a', 3), aBackingImage('image-b', 5)])),
    ).toEqual([]);
  });

  it('errs on an image with minNumberOfCopies 0', () => {
    expect(longhornBackingImageCopies.run(withImages([aBackingImage('default-image-x7k2p', 0)]))).toEqual([
      {
        check: 'longhorn-backing-image-copies',
        severity: 'error',
        object: { kind: 'BackingImage', namespace: 'longhorn-system', name: 'default-image-x7k2p' },
        message: 'minNumberOfCopies is 0, so Longhorn keeps no required copy',
        remedy: expect.stringContaining(
          `kubectl -n longhorn-system patch backingimages.longhorn.io default-image-x7k2p --type merge -p '{"spec":{"minNumberOfCopies":3}}'`,
        ) as unknown,
      },
    ]);
  });

  it('errs on an image without the field, which Longhorn reads as 0', () => {
    expect(longhornBackingImageCopies.run(withImages([aBackingImage('old-image')]))).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: 'minNumberOfCopies is not set, so Longhorn keeps no required copy',
      }),
    ]);
  });

  it('warns about an image with fewer than three copies', () => {
    expect(
      longhornBackingImageCopies.run(withImages([aBackingImage('image-c', 1), aBackingImage('image-d', 2)])),
    ).toEqual([
      expect.objectContaining({
        severity: 'warning',
        object: { kind: 'BackingImage', namespace: 'longhorn-system', name: 'image-c' },
        message: 'minNumberOfCopies is 1, fewer than the 3 recommended',
      }),
      expect.objectContaining({ severity: 'warning', message: 'minNumberOfCopies is 2, fewer than the 3 recommended' }),
    ]);
  });

  it('applies from Harvester v1.4.0', () => {
    expect(longhornBackingImageCopies.appliesTo?.(withImages([], 'v1.3.2'))).toBe(
      'applies to Harvester >= v1.4.0; this cluster runs v1.3.2',
    );
    expect(longhornBackingImageCopies.appliesTo?.(withImages([], 'v1.4.0-rc1'))).toBeUndefined();
    expect(longhornBackingImageCopies.appliesTo?.(withImages([], 'v1.6.0'))).toBeUndefined();
    expect(longhornBackingImageCopies.appliesTo?.(snapshotOf({ harvesterSettings: [] }))).toMatch(/version is unknown/);
  });
});
