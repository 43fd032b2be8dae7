import { formatDuration, parseAge, parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['5', 5000],
    ['30s', 30_000],
    ['1m30s', 90_000],
    ['500ms', 500],
    ['2h', 7_200_000],
    ['1h2m3s', 3_723_000],
    ['1.5s', 1500],
    [' 30s ', 30_000],
  ])('reads %j as %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['0', '0s', '0m0s'])('reads %j as no timeout', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it.each(['5x', '', 's', '1.5', '-5s', '30s5x', '1 m', 'abc'])('refuses %j and names the unit it wants', (text) => {
    expect(() => parseDuration(text)).toThrow(`invalid duration "${text}"`);
    expect(() => parseDuration(text)).toThrow(/unit such as 30s/);
  });

  it.each(['1000h', '597h', '2147484s', '99999999999999999999'])(
    'refuses %j, longer than a Node timer can wait, in one line',
    (text) => {
      expect(() => parseDuration(text)).toThrow(
        `duration "${text}" is too long: at most 596h (about 24 days), or 0 for none`,
      );
    },
  );

  it.each([
    ['596h', 596 * 3_600_000],
    ['2147483s', 2_147_483_000],
  ])('accepts %j, which a timer can still wait', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
});

describe('formatDuration', () => {
  it.each([
    [120_000, '2m'],
    [30_000, '30s'],
    [1500, '1500ms'],
  ])('writes %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('parseAge', () => {
  it.each([
    ['7d', 7 * 86_400_000],
    ['36h', 36 * 3_600_000],
    ['1d12h', 36 * 3_600_000],
    ['90m', 90 * 60_000],
    ['0.5d', 43_200_000],
    [' 2d ', 2 * 86_400_000],
  ])('reads %j as %d ms', (text, ms) => {
    expect(parseAge(text)).toBe(ms);
  });

  it.each(['7', '0d', '', 'd', '7 days', '-1d', '1w'])('refuses %j', (text) => {
    expect(() => parseAge(text)).toThrow(/invalid age .*: use a positive number with a unit such as 7d/);
  });
});
