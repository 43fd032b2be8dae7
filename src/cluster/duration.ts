const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * The longest a Node timer can wait (2^31-1 ms, about 24.8 days): a longer one fires at once, with only a
 * TimeoutOverflowWarning to say so (nodejs.org/api/timers.html, setTimeout).
 */
export const MAX_DURATION_MS = 2 ** 31 - 1;

const bounded = (text: string, ms: number): number => {
  if (ms > MAX_DURATION_MS) {
    throw new Error(`duration "${text}" is too long: at most 596h (about 24 days), or 0 for none`);
  }
  return ms;
};

/**
 * kubectl's `--request-timeout` syntax: a Go duration (`30s`, `1m30s`, `500ms`), a bare integer meaning seconds,
 * and `0` meaning no timeout. Returns milliseconds, or undefined for "no timeout"; throws on anything else.
 */
export const parseDuration = (text: string): number | undefined => {
  const value = text.trim();
  if (/^\d+$/.test(value)) {
    const seconds = Number(value);
    return seconds === 0 ? undefined : bounded(text, seconds * 1000);
  }
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== value) {
    throw new Error(`invalid duration "${text}": use a number with a unit such as 30s, 2m or 1h (0 means none)`);
  }
  const total = parts.reduce((sum, part) => sum + Number(part[1]) * (UNIT_MS[part[2] ?? 's'] ?? 0), 0);
  return total === 0 ? undefined : bounded(text, total);
};

export const formatDuration = (ms: number): string =>
  ms % 60_000 === 0 ? `${String(ms / 60_000)}m` : ms % 1000 === 0 ? `${String(ms / 1000)}s` : `${String(ms)}ms`;

const AGE_UNIT_MS: Readonly<Record<string, number>> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000 };

/**
 * An age such as `7d`, `36h` or `1d12h` (days, hours, minutes, seconds): Go durations stop at hours, but backup ages
 * are counted in days. Returns milliseconds, above 0; throws on anything else.
 */
export const parseAge = (text: string): number => {
  const value = text.trim();
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(d|h|m|s)/g)];
  const total = parts.reduce((sum, part) => sum + Number(part[1]) * (AGE_UNIT_MS[part[2] ?? 'd'] ?? 0), 0);
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== value || total <= 0) {
    throw new Error(`invalid age "${text}": use a positive number with a unit such as 7d, 36h or 1d12h`);
  }
  return total;
};
