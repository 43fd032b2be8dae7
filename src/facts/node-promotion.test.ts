import { aNode } from '../../test/builders.js';
import { promotionUnfinished } from './node-promotion.js';

const promoting = (name: string, status: string) =>
  aNode(name, { roles: ['worker'], unschedulable: true, annotations: { 'harvesterhci.io/promote-status': status } });

describe('promotionUnfinished', () => {
  it('holds while the promotion is running, failed or unknown', () => {
    expect(promotionUnfinished(promoting('n', 'running'))).toBe(true);
    expect(promotionUnfinished(promoting('n', 'failed'))).toBe(true);
    expect(promotionUnfinished(promoting('n', 'unknown'))).toBe(true);
  });

  it('does not hold once it is complete, or for a node never promoted', () => {
    expect(promotionUnfinished(promoting('n', 'complete'))).toBe(false);
    expect(promotionUnfinished(aNode('n'))).toBe(false);
  });
});
