import { isRecord, parseJson } from './json.js';

describe('isRecord', () => {
  it('accepts a JSON object, including an empty one', () => {
    expect(isRecord({ kind: 'Pod' })).toBe(true);
    expect(isRecord({})).toBe(true);
  });

  it('refuses what a parsed document may hold instead: null, arrays, strings, numbers', () => {
    for (const value of [null, undefined, [], [{}], 'Pod', 0, true]) expect(isRecord(value)).toBe(false);
  });
});

describe('parseJson', () => {
  it('reads any JSON value, null included', () => {
    expect(parseJson('{"ntpSyncStatus":"synced"}')).toEqual({ ntpSyncStatus: 'synced' });
    expect(parseJson('[1]')).toEqual([1]);
    expect(parseJson('null')).toBeNull();
  });

  it('gives undefined for text that is not JSON, instead of throwing', () => {
    for (const text of ['', '{', 'synced', '{"a":1}}']) expect(parseJson(text)).toBeUndefined();
  });
});
