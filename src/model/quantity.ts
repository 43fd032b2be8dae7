/**
 * Kubernetes resource quantities (apimachinery pkg/api/resource/quantity.go): an optionally signed decimal number
 * followed by a binary-SI suffix (`Ki` … `Ei`), a decimal-SI suffix (`n`, `u`, `m`, none, `k`, `M` … `E`) or a
 * decimal exponent (`e3`, `E-2`). Parsed exactly as a fraction so that `0.1` cores is 100 millicores, not 99.
 */
interface Fraction {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

const DECIMAL_SUFFIXES: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

const BINARY_SUFFIXES: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

const QUANTITY = /^([+-]?)(\d*)(?:\.(\d*))?(.*)$/;
const EXPONENT = /^[eE]([+-]?\d+)$/;

const power = (base: bigint, exponent: number): bigint => base ** BigInt(exponent);

/** The value as an exact fraction, or undefined when the text is not a quantity. */
const parseFraction = (text: string): Fraction | undefined => {
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const [, sign = '', whole = '', fractional = '', suffix = ''] = match;
  if (whole === '' && fractional === '') return undefined;
  let numerator = BigInt(`${whole}${fractional}` || '0');
  let denominator = power(10n, fractional.length);
  const binary = BINARY_SUFFIXES[suffix];
  const decimal = DECIMAL_SUFFIXES[suffix];
  const exponent = EXPONENT.exec(suffix)?.[1];
  const tens = binary !== undefined ? 0 : (decimal ?? (exponent ? Number(exponent) : undefined));
  if (tens === undefined) return undefined;
  if (binary !== undefined) numerator *= power(2n, binary);
  if (tens >= 0) numerator *= power(10n, tens);
  else denominator *= power(10n, -tens);
  return { numerator: sign === '-' ? -numerator : numerator, denominator };
};

/** Go's Quantity rounds away from zero when asked for an integer (ScaledValue uses ceiling for positive values). */
const ceilDivide = (numerator: bigint, denominator: bigint): bigint => {
  const quotient = numerator / denominator;
  return numerator % denominator > 0n ? quotient + 1n : quotient;
};

/** Whether `text` is a valid quantity. */
export const isQuantity = (text: string): boolean => parseFraction(text) !== undefined;

/** `Quantity.Value()`: the integer value rounded up (bytes for memory), or undefined when unparseable. */
export const quantityValue = (text: string | undefined): number | undefined => {
  const fraction = text === undefined ? undefined : parseFraction(text);
  return fraction ? Number(ceilDivide(fraction.numerator, fraction.denominator)) : undefined;
};

/** `Quantity.MilliValue()`: thousandths rounded up (millicores for CPU), or undefined when unparseable. */
export const quantityMilliValue = (text: string | undefined): number | undefined => {
  const fraction = text === undefined ? undefined : parseFraction(text);
  return fraction ? Number(ceilDivide(fraction.numerator * 1000n, fraction.denominator)) : undefined;
};

/** Millicores as kubectl writes them: `500m`, `2`, `2500m`. */
export const formatMillicores = (millicores: number): string =>
  millicores % 1000 === 0 ? String(millicores / 1000) : `${String(millicores)}m`;

const BYTE_UNITS: readonly (readonly [string, number])[] = [
  ['Ti', 2 ** 40],
  ['Gi', 2 ** 30],
  ['Mi', 2 ** 20],
  ['Ki', 2 ** 10],
];

/** Bytes in the largest binary unit they reach, with at most one decimal: `512Mi`, `1.5Gi`, `900`. */
export const formatBytes = (bytes: number): string => {
  const sign = bytes < 0 ? '-' : '';
  const magnitude = Math.abs(bytes);
  for (const [unit, size] of BYTE_UNITS) {
    if (magnitude >= size) return `${sign}${String(Math.round((magnitude / size) * 10) / 10)}${unit}`;
  }
  return `${sign}${String(magnitude)}`;
};
