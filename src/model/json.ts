/**
 * A JSON object: what a parsed document, an API answer or a field of an object read as `unknown` must be before its
 * keys are read (not null, not an array).
 */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The value of a JSON text, or undefined when it is not JSON: annotations and settings hold JSON that people and
 * older controllers write by hand, and a broken one is a fact to report, not an error to throw.
 */
export const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};
