import { applyMergePatch } from './merge-patch.js';

describe('applyMergePatch (RFC 7386)', () => {
  it('merges objects field by field and leaves the target alone', () => {
    const target = { spec: { minAvailable: 3, selector: { matchLabels: { app: 'web' } } } };
    expect(applyMergePatch(target, { spec: { minAvailable: 1 } })).toEqual({
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } },
    });
    expect(target.spec.minAvailable).toBe(3);
  });

  it('removes a field patched to null, and adds fields the target lacks', () => {
    expect(
      applyMergePatch({ spec: { minAvailable: '50%' } }, { spec: { minAvailable: null, maxUnavailable: 1 } }),
    ).toEqual({
      spec: { maxUnavailable: 1 },
    });
    expect(applyMergePatch({ spec: {} }, { spec: { infra: { nodePlacement: {} } } })).toEqual({
      spec: { infra: { nodePlacement: {} } },
    });
  });

  it('replaces arrays and scalars whole, and a non-object target by the patch', () => {
    expect(applyMergePatch({ a: [1, 2] }, { a: [3] })).toEqual({ a: [3] });
    expect(applyMergePatch('text', { a: 1 })).toEqual({ a: 1 });
    expect(applyMergePatch({ a: 1 }, 'b')).toBe('b');
  });
});
