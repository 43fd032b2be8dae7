import { aNode } from '../../../test/builders.js';
import { expectInforms, expectQuiet } from '../../../test/known-issue-scenarios.js';
import { imagesPreloadedStuckV190 } from './images-preloaded-stuck-v1-9-0.js';

describe('images-preloaded-stuck-v1-9-0', () => {
  it('fires on a multi-node cluster upgrading to v1.9.0', () => {
    expectInforms(imagesPreloadedStuckV190, { from: 'v1.8.1', to: 'v1.9.0' });
  });

  it('stays quiet on a single node, and toward v1.8.2', () => {
    expectQuiet(imagesPreloadedStuckV190, { from: 'v1.8.1', to: 'v1.9.0', items: { nodes: [aNode('node-1')] } });
    expectQuiet(imagesPreloadedStuckV190, { from: 'v1.8.1', to: 'v1.8.2' });
  });
});
