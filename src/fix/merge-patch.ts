import type { JsonValue, MergePatch } from './fix-types.js';

const isObject = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What the API server makes of `target` under a JSON merge patch (RFC 7386, what `kubectl patch --type merge`
 * sends): objects merge field by field, `null` removes a field, anything else replaces the value whole (arrays
 * too). fix-pdb uses it to recognise an object its own patch left as it is, even when a crash kept the write from
 * being recorded. Pure; returns a new value.
 */
export const applyMergePatch = (target: unknown, patch: JsonValue | MergePatch): unknown => {
  if (!isObject(patch)) return patch;
  const result = new Map(Object.entries(isObject(target) ? target : {}));
  for (const [field, value] of Object.entries(patch)) {
    if (value === null) result.delete(field);
    else result.set(field, applyMergePatch(result.get(field), value));
  }
  return Object.fromEntries(result);
};
