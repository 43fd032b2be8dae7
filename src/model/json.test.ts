import { isRecord } from './json.js';

describe('isRecord', () => {
  it('accepts a JSON object, including an empty one', () => {
    expect(isRecord({ kind: 'Pod' })).toBe(true);
    expect(isRecord({})).toBe(true);
  });

  it('refuses what a parsed document may hold instead: null, arrays, strings, numbers', () => {
    for (const value of [null, undefined, [], [{}], 'Pod', 0, true]) expect(isRecord(value)).toBe(false);
  });
});
