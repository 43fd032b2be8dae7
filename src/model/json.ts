/**
 * A JSON object: what a parsed document, an API answer or a field of an object read as `unknown` must be before its
 * keys are read (not null, not an array).
 */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
