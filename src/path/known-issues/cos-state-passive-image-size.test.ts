import { expectFires, expectQuiet } from '../../../test/known-issue-scenarios.js';
import { cosStatePassiveImageSize } from './cos-state-passive-image-size.js';

describe('cos-state-passive-image-size', () => {
  it('fires', () => {
    expectFires(cosStatePassiveImageSize, { from: 'v1.4.0', to: 'v1.4.1' });
  });

  it('stays quiet', () => {
    expectQuiet(cosStatePassiveImageSize, { from: 'v1.4.1', to: 'v1.4.2' });
  });
});
