import { formatBytes, formatMillicores, isQuantity, quantityMilliValue, quantityValue } from './quantity.js';

describe('quantityMilliValue (CPU)', () => {
  it.each<[string, number]>([
    ['500m', 500],
    ['2', 2000],
    ['0.5', 500],
    ['.5', 500],
    ['1.', 1000],
    ['0.1', 100],
    ['+1', 1000],
    ['100u', 1],
    ['1n', 1],
    ['2k', 2_000_000],
    ['1e-3', 1],
    ['1E2', 100_000],
    ['0', 0],
  ])('%s is %d millicores', (text, expected) => {
    expect(quantityMilliValue(text)).toBe(expected);
  });
});

describe('quantityValue (memory)', () => {
  it.each<[string, number]>([
    ['64Gi', 64 * 2 ** 30],
    ['512Mi', 512 * 2 ** 20],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['128974848', 128974848],
    ['129e6', 129_000_000],
    ['1e3', 1000],
    ['1k', 1000],
    ['123M', 123_000_000],
    ['1Ki', 1024],
    ['1Ti', 2 ** 40],
    ['2G', 2_000_000_000],
    ['1500m', 2],
    ['-1Ki', -1024],
  ])('%s is %d', (text, expected) => {
    expect(quantityValue(text)).toBe(expected);
  });

  it('is undefined for an absent value', () => {
    expect(quantityValue(undefined)).toBeUndefined();
    expect(quantityMilliValue(undefined)).toBeUndefined();
  });
});

describe('isQuantity', () => {
  it.each(['', '.', 'Mi', '1K', '1mi', '1 Gi', ' 1Mi', '1e', '1e1.5', '1GiB', 'abc', '--1', '1.2.3'])(
    'refuses %p',
    (text) => {
      expect(isQuantity(text)).toBe(false);
      expect(quantityValue(text)).toBeUndefined();
    },
  );

  it.each(['1', '1Gi', '250m', '1e9', '+0.5', '-2'])('accepts %p', (text) => {
    expect(isQuantity(text)).toBe(true);
  });
});

describe('formatting', () => {
  it.each<[number, string]>([
    [500, '500m'],
    [2000, '2'],
    [2500, '2500m'],
    [0, '0'],
  ])('%d millicores read %s', (millicores, expected) => {
    expect(formatMillicores(millicores)).toBe(expected);
  });

  it.each<[number, string]>([
    [512 * 2 ** 20, '512Mi'],
    [1.5 * 2 ** 30, '1.5Gi'],
    [64 * 2 ** 30, '64Gi'],
    [2 ** 40, '1Ti'],
    [1536, '1.5Ki'],
    [900, '900'],
    [-(2 ** 30), '-1Gi'],
  ])('%d bytes read %s', (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected);
  });
});
