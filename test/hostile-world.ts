import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Turns a real-shaped world (the generated scenarios) into one where every name and every message is hostile: each
 * object's name, everywhere it is referenced, gets a suffix that carries what a terminal or a shell acts on; each
 * `message` field gets one too. References stay consistent (the same name always gets the same suffix), so the
 * analysis finds the same problems and suggests the same commands, now with hostile names in them.
 *
 * The same transform with tame payloads (every control or format character replaced by `_`) gives the world the
 * hostile one must look like: the same number of lines, rows and findings.
 */
export const PAYLOADS: readonly string[] = [
  '\u001b]0;pwned\u0007',
  '\u001b[2J\u001b[H',
  '\r\u001b[KFAIL',
  'ab\b\b\bxy',
  '\nforged-row   FAIL   pwned',
  '\u202eexe.txt',
  '\u009b31mred',
  'x;touch${IFS}/tmp/p;#',
  '$(id)',
  '`id`',
  "it's'q",
  '\u2066\u200b\u00ad\ufeff\u2028\u007f\u0085|&>',
];

/** Whether a character is one a terminal acts on or hides (written out by code point, apart from the escaper's). */
const isUnsafe = (char: string): boolean => {
  const code = char.codePointAt(0) ?? 0;
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    [0xad, 0x61c, 0x2028, 0x2029, 0xfeff].includes(code) ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2060 && code <= 0x2069) ||
    (code >= 0xe0000 && code <= 0xe007f) ||
    (code >= 0xd800 && code <= 0xdfff)
  );
};

/** The unsafe characters in a text, newlines (our own layout) aside, as code points. */
export const unsafeIn = (text: string): string[] =>
  Array.from(text)
    .filter((char) => char !== '\n' && isUnsafe(char))
    .map((char) => `U+${(char.codePointAt(0) ?? 0).toString(16)}`);

export const tamePayload = (payload: string): string =>
  Array.from(payload)
    .map((char) => (isUnsafe(char) ? '_' : char))
    .join('');

/** Every marker starts with this, so a test can find where a hostile value went. */
export const MARKER = 'QQ';

const SYSTEM_NAMESPACE = /-system$|^fleet-|^cattle-|^kube-|^local$/;

/** Names the code looks for by their literal (a setting, `local`, `kubevirt`): renaming those only hides the object. */
const sourceLiterals = (): Set<string> => {
  const literals = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts') && !path.endsWith('.test.ts')) {
        for (const match of readFileSync(path, 'utf8').matchAll(/['"`]([\w.-]+)['"`]/g)) literals.add(match[1] ?? '');
      }
    }
  };
  walk(join(__dirname, '..', 'src'));
  return literals;
};

let literals: Set<string> | undefined;

/** The names and user namespaces of every object in `values`, each with the suffix it gets. */
export const hostileNames = (values: readonly unknown[], tame = false): Map<string, string> => {
  literals ??= sourceLiterals();
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
    } else if (typeof value === 'object' && value !== null) {
      const metadata = (value as { metadata?: { name?: unknown; namespace?: unknown } }).metadata;
      if (typeof metadata?.name === 'string') found.add(metadata.name);
      if (typeof metadata?.namespace === 'string' && !SYSTEM_NAMESPACE.test(metadata.namespace)) {
        found.add(metadata.namespace);
      }
      for (const item of Object.values(value)) visit(item);
    }
  };
  for (const value of values) visit(value);
  const names = new Map<string, string>();
  [...found]
    .filter((name) => name.length > 2 && !literals?.has(name))
    .sort()
    .forEach((name, index) => {
      const payload = PAYLOADS[index % PAYLOADS.length] ?? '';
      names.set(name, `${name}-${MARKER}${String(index)}${tame ? tamePayload(payload) : payload}`);
    });
  return names;
};

/** `value` with every name renamed as `names` says, and every message given a hostile tail. */
export const hostileValue = (value: unknown, names: ReadonlyMap<string, string>, tame = false): unknown => {
  let messages = 0;
  const walk = (item: unknown, key: string): unknown => {
    if (typeof item === 'string') {
      const renamed = names.get(item);
      if (renamed !== undefined) return renamed;
      const provider = /^([a-z0-9]+:\/\/)(.+)$/.exec(item);
      const node = provider ? names.get(provider[2] ?? '') : undefined;
      if (provider && node !== undefined) return `${provider[1] ?? ''}${node}`;
      if (/message/i.test(key)) {
        const payload = PAYLOADS[messages % PAYLOADS.length] ?? '';
        messages += 1;
        return `${item} ${MARKER}m${tame ? tamePayload(payload) : payload}`;
      }
      return item;
    }
    if (Array.isArray(item)) return item.map((entry: unknown) => walk(entry, key));
    if (typeof item === 'object' && item !== null) {
      return Object.fromEntries(Object.entries(item).map(([field, entry]) => [field, walk(entry, field)]));
    }
    return item;
  };
  return walk(value, '');
};
