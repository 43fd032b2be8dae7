import { aNode } from '../../../test/builders.js';
import { aKubeVirt, aVirtHandler } from '../../../test/kubevirt-builders.js';
import { expectFires, expectQuiet, pathOn, type Scenario } from '../../../test/known-issue-scenarios.js';
import { kubevirtNotAvailableV18 } from './kubevirt-not-available-v1-8.js';

const nodes = (witness: boolean) => [
  aNode('node-1'),
  aNode('node-2'),
  witness ? aNode('node-3', { roles: ['etcd', 'witness'] }) : aNode('node-3'),
];

const scenario = (options: { witness?: boolean; annotated?: boolean }): Scenario => ({
  from: 'v1.7.1',
  to: 'v1.8.0',
  items: {
    nodes: nodes(options.witness ?? false),
    kubevirts: [aKubeVirt({ observed: 'v1.6.3', target: 'v1.6.3', available: options.annotated !== false })],
    pods: [
      aVirtHandler('virt-handler-64r9v', 'v1.6.3'),
      aVirtHandler('virt-handler-wzmdv', options.annotated === false ? null : 'v1.6.3'),
    ],
  },
});

describe('kubevirt-not-available-v1-8', () => {
  it('fires as an error when a virt-handler pod already lacks its annotations', () => {
    expectFires(kubevirtNotAvailableV18, scenario({ annotated: false }));
    expect(pathOn(kubevirtNotAvailableV18, scenario({ annotated: false })).findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        message: expect.stringContaining('virt-handler-wzmdv') as unknown,
      }),
    ]);
  });

  it('warns on a cluster with a witness node, where the race was seen', () => {
    expectFires(kubevirtNotAvailableV18, scenario({ witness: true }));
  });

  it('stays quiet on a settled KubeVirt without a witness node', () => {
    expectQuiet(kubevirtNotAvailableV18, scenario({}));
  });
});
