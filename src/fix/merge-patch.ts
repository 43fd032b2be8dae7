import type { JsonValue, MergePatch } from './fix-types.js';
import { isRecord } from '../model/json.js';

/**
 * What the API server makes of `target` under a JSON merge patch (RFC 7386, what `kubectl patch --type merge`
 * sends): objects merge field by field, `null` removes a field, anything else replaces the value whole (arrays
 * too). fix-pdb uses it to recognise an object its own patch left as it is, even when a crash kept the write from
 * being recorded. Pure; returns a new value.
 */
export const applyMergePatch = (target: unknown, patch: JsonValue | MergePatch): unknown => {
  if (!isRecord(patch)) return patch;
  const result = new Map(Object.entries(isRecord(target) ? target : {}));
  for (const [field, value] of Object.entries(patch)) {
    if (value === null) result.delete(field);
    else result.set(field, applyMergePatch(result.get(field), value));
  }
  return Object.fromEntries(result);
};
