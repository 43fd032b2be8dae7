import { aNode } from '../../../test/builders.js';
import { expectFires, expectQuiet } from '../../../test/known-issue-scenarios.js';
import { aKubeVirt } from '../../../test/kubevirt-builders.js';
import { kubevirtPlacementArrives } from './kubevirt-placement-arrives.js';

const oneControlPlane = [
  aNode('cp-1'),
  aNode('worker-1', { roles: ['worker'] }),
  aNode('worker-2', { roles: ['worker'] }),
];

describe('kubevirt-placement-arrives', () => {
  it('fires', () => {
    expectFires(kubevirtPlacementArrives, {
      from: 'v1.4.1',
      to: 'v1.4.2-rc1',
      items: { nodes: oneControlPlane, kubevirts: [aKubeVirt({ observed: 'v1.2.2' })] },
    });
  });

  it('stays quiet', () => {
    expectQuiet(kubevirtPlacementArrives, {
      from: 'v1.4.1',
      to: 'v1.4.2',
      items: { nodes: oneControlPlane, kubevirts: [aKubeVirt({ observed: 'v1.2.2' })] },
    });
  });
});
