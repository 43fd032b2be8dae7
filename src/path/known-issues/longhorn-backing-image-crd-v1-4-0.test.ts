import { expectFires, expectQuiet } from '../../../test/known-issue-scenarios.js';
import { aBackingImage } from '../../../test/longhorn-builders.js';
import { longhornBackingImageCrdV140 } from './longhorn-backing-image-crd-v1-4-0.js';

describe('longhorn-backing-image-crd-v1-4-0', () => {
  it('fires', () => {
    expectFires(longhornBackingImageCrdV140, {
      from: 'v1.3.2',
      to: 'v1.4.0',
      items: { longhornBackingImages: [aBackingImage('image-abc', 3)] },
    });
  });

  it('stays quiet', () => {
    expectQuiet(longhornBackingImageCrdV140, { from: 'v1.3.2', to: 'v1.4.0', items: { longhornBackingImages: [] } });
  });
});
