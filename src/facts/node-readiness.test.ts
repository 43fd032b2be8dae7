import { aNode } from '../../test/builders.js';
import { isNodeReady } from './node-readiness.js';

describe('isNodeReady', () => {
  it('holds when the Ready condition is True', () => {
    expect(isNodeReady(aNode('node-1'))).toBe(true);
  });

  it('does not hold when it is False or Unknown, or missing', () => {
    expect(isNodeReady(aNode('node-1', { ready: 'False' }))).toBe(false);
    expect(isNodeReady(aNode('node-1', { ready: 'Unknown' }))).toBe(false);
    expect(isNodeReady({ metadata: { name: 'bare' } })).toBe(false);
  });
});
