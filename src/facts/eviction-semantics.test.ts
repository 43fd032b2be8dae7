import { aPod } from '../../test/builders.js';
import { deletedAt } from '../../test/drain-builders.js';
import { evictionIgnoresBudgets, isPodReady } from './eviction-semantics.js';

describe('evictionIgnoresBudgets', () => {
  it('knows which pods the eviction API deletes without weighing budgets (canIgnorePDB)', () => {
    expect(evictionIgnoresBudgets(aPod('a', { phase: 'Succeeded' }))).toBe(true);
    expect(evictionIgnoresBudgets(aPod('b', { phase: 'Failed' }))).toBe(true);
    expect(evictionIgnoresBudgets(aPod('c', { phase: 'Pending' }))).toBe(true);
    expect(evictionIgnoresBudgets(deletedAt(aPod('d'), '2026-11-22T00:00:00Z'))).toBe(true);
  });

  it('weighs the budgets of a running pod, and of one without a phase', () => {
    expect(evictionIgnoresBudgets(aPod('e'))).toBe(false);
    expect(evictionIgnoresBudgets(aPod('f', { phase: 'Unknown' }))).toBe(false);
    expect(evictionIgnoresBudgets({ metadata: { name: 'no-status' } })).toBe(false);
  });
});

describe('isPodReady', () => {
  it('is true when the Ready condition is True', () => {
    expect(isPodReady(aPod('web-1'))).toBe(true);
  });

  it('is false when a container is not ready, and for a pod without conditions', () => {
    expect(isPodReady(aPod('web-1', { containers: [{ name: 'main', ready: false }] }))).toBe(false);
    expect(isPodReady({ metadata: { name: 'no-status' } })).toBe(false);
  });
});
