import { RESOURCES } from './resources.js';

/**
 * A label key (an optional DNS-subdomain prefix, `/`, a name of up to 63 characters) and value, as
 * k8s.io/apimachinery pkg/util/validation IsQualifiedName and IsValidLabelValue accept them; field selectors use
 * the same `key=value` form with field paths as keys.
 */
const NAME = '[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?';
const LABEL_KEY = new RegExp(`^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?${NAME}$`);
const FIELD_KEY = /^[a-z]+(\.[a-zA-Z]+)*$/;
const VALUE = new RegExp(`^(${NAME})?$`);

/** Why `selector` is not a comma-joined list of `key=value` the API server parses as meant, or undefined. */
const badSelector = (selector: string, key: RegExp, value: RegExp): string | undefined => {
  for (const term of selector.split(',')) {
    const [k = '', v, ...rest] = term.split('=');
    if (v === undefined || rest.length > 0) return `${JSON.stringify(term)} is not key=value`;
    if (!key.test(k)) return `${JSON.stringify(k)} is not a key`;
    if (!value.test(v)) return `${JSON.stringify(v)} is not a value`;
  }
  return undefined;
};

describe('RESOURCES selectors', () => {
  it('are plain key=value terms: a label selector with valid label keys and values, a field selector on field paths', () => {
    const problems = Object.entries(RESOURCES).flatMap(([name, type]) =>
      [
        ...(type.labelSelector === undefined ? [] : [badSelector(type.labelSelector, LABEL_KEY, VALUE)]),
        // Field values are not label values (`helm.sh/release.v1` has a slash), but hold no `,` or `=` either.
        ...(type.fieldSelector === undefined ? [] : [badSelector(type.fieldSelector, FIELD_KEY, /^[^,=!()\s]+$/)]),
      ].flatMap((problem) => (problem === undefined ? [] : [`${name}: ${problem}`])),
    );
    expect(problems).toEqual([]);
  });

  it('can fail: a set-based or malformed selector is refused', () => {
    expect(badSelector('owner in (helm)', LABEL_KEY, VALUE)).toBeDefined();
    expect(badSelector('owner=helm,', LABEL_KEY, VALUE)).toBeDefined();
    expect(badSelector('owner=he lm', LABEL_KEY, VALUE)).toBeDefined();
    expect(badSelector('owner==helm', LABEL_KEY, VALUE)).toBeDefined();
  });

  it('narrow every metadata-only kind on the server, Helm releases by both their owner label and their type', () => {
    const metadataOnly = Object.entries(RESOURCES).filter(([, type]) => type.metadataOnly);
    expect(metadataOnly.filter(([, type]) => type.fieldSelector === undefined)).toEqual([]);
    expect(RESOURCES.fleetHelmReleaseSecrets).toMatchObject({
      labelSelector: 'owner=helm',
      fieldSelector: 'type=helm.sh/release.v1',
    });
  });
});
