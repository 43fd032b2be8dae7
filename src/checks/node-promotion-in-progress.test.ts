import { aNode, snapshotOf } from '../../test/builders.js';
import { nodePromotionInProgress } from './node-promotion-in-progress.js';

const promoting = (name: string, status: string) =>
  aNode(name, { roles: ['worker'], unschedulable: true, annotations: { 'harvesterhci.io/promote-status': status } });

describe('node-promotion-in-progress', () => {
  it('stays quiet on complete promotions and nodes never promoted', () => {
    const done = aNode('node-1', { annotations: { 'harvesterhci.io/promote-status': 'complete' } });
    expect(nodePromotionInProgress.run(snapshotOf({ nodes: [done, aNode('node-2')] }))).toEqual([]);
  });

  it('reports a running promotion and says to wait', () => {
    expect(nodePromotionInProgress.run(snapshotOf({ nodes: [promoting('node-4', 'running')] }))).toEqual([
      {
        check: 'node-promotion-in-progress',
        severity: 'error',
        object: { kind: 'Node', name: 'node-4' },
        message: 'promotion to the management role is running and keeps the node cordoned',
        remedy: expect.stringContaining(
          'kubectl -n harvester-system get jobs -l harvesterhci.io/promote-node=node-4',
        ) as unknown,
      },
    ]);
  });

  it.each(['failed', 'unknown'])('reports a %s promotion and points at the promote Job', (status) => {
    expect(nodePromotionInProgress.run(snapshotOf({ nodes: [promoting('node-4', status)] }))).toEqual([
      expect.objectContaining({
        message: `promotion to the management role ended ${status} and left the node cordoned`,
        remedy: expect.stringContaining(
          'kubectl -n harvester-system logs -l harvesterhci.io/promote-node=node-4',
        ) as unknown,
      }),
    ]);
  });
});
