/** Damage for the property tests: where a JSON value can be broken, and a copy broken there. */

/** Every path into a JSON value (field names and array indexes), for picking where to break it. */
export const pathsOf = (value: unknown, prefix: readonly (string | number)[] = []): (string | number)[][] => {
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => [[...prefix, index], ...pathsOf(item, [...prefix, index])]);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([field, item]) => [[...prefix, field], ...pathsOf(item, [...prefix, field])]);
  }
  return [];
};

/** A deep copy with the value at `path` replaced (or removed when `replacement` is undefined). */
export const broken = (value: unknown, path: readonly (string | number)[], replacement: unknown): unknown => {
  const [head, ...rest] = path;
  if (head === undefined) return replacement;
  if (Array.isArray(value)) {
    return (value as unknown[]).flatMap((item, index): unknown[] =>
      index !== head ? [item] : rest.length === 0 && replacement === undefined ? [] : [broken(item, rest, replacement)],
    );
  }
  if (typeof value === 'object' && value !== null) {
    const copy: Record<string, unknown> = { ...value };
    if (rest.length === 0 && replacement === undefined)
      return Object.fromEntries(Object.entries(copy).filter(([key]) => key !== head));
    copy[String(head)] = broken(copy[String(head)], rest, replacement);
    return copy;
  }
  return value;
};
