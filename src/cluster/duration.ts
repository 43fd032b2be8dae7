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
 * kubectl's `--request-timeout` syntax: a Go duration (`30s`, `1m30s`, `500ms`), a bare integer meaning seconds,
 * and `0` meaning no timeout. Returns milliseconds, or undefined for "no timeout"; throws on anything else.
 */
export const parseDuration = (text: string): number | undefined => {
  const value = text.trim();
  if (/^\d+$/.test(value)) {
    const seconds = Number(value);
    return seconds === 0 ? undefined : seconds * 1000;
  }
  const parts = [...value.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== value) {
    throw new Error(`invalid duration "${text}": use a number with a unit such as 30s, 2m or 1h (0 means none)`);
  }
  const total = parts.reduce((sum, part) => sum + Number(part[1]) * (UNIT_MS[part[2] ?? 's'] ?? 0), 0);
  return total === 0 ? undefined : total;
};

export const formatDuration = (ms: number): string =>
  ms % 60_000 === 0 ? `${String(ms / 60_000)}m` : ms % 1000 === 0 ? `${String(ms / 1000)}s` : `${String(ms)}ms`;
