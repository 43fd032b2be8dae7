import { plural } from './text.js';

describe('plural', () => {
  it('counts one thing in the singular and every other count in the plural', () => {
    expect(plural(1, 'disruption')).toBe('1 disruption');
    expect(plural(0, 'disruption')).toBe('0 disruptions');
    expect(plural(2, 'plan secret')).toBe('2 plan secrets');
  });
});
