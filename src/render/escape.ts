/**
 * Data from a cluster or a bundle is not markup. Names, messages and Status texts can hold what a terminal acts on
 * or hides: ESC sequences (retitle the window, clear the screen, recolour), C1 controls (U+009B is a one-byte CSI),
 * `\r` and `\b` (overwrite what was printed), newlines (forge table rows, split an error line), bidi overrides and
 * other invisible format characters (make text read differently from what it is).
 *
 * kubectl escapes ESC as `^[` and `\r` as `\r` (k8s.io/cli-runtime pkg/printers/terminal.go, EscapeTerminal, after
 * kubernetes/kubernetes#101695). We escape the whole class, because the other controls do as much harm:
 * - every C0 control (U+0000–U+001F, tab and newline included: our own layout adds its newlines after escaping),
 *   DEL and every C1 control (U+0080–U+009F): Unicode category Cc;
 * - every format character, category Cf: the bidi controls U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069,
 *   zero-width characters U+200B–U+200D and U+2060, the soft hyphen U+00AD, U+FEFF; and, assigned or not, the
 *   whole blocks of invisible operators U+2060–U+206F and tag characters U+E0000–U+E007F;
 * - the line and paragraph separators U+2028 and U+2029 (some terminals and editors break lines at them);
 * - lone surrogates, which are not text and cannot be written as UTF-8.
 *
 * Each becomes visible text, and never a character of the class itself, so escaping twice changes nothing.
 * Like kubectl's, the result is for reading, not reversible (a backslash is left as it is): `-o json` and
 * `-o yaml` carry the exact strings.
 */
export const UNSAFE_TEXT = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\u2060-\u206f\u{e0000}-\u{e007f}]/gu;
const UNSAFE_ONE = new RegExp(UNSAFE_TEXT.source, 'u');

const NAMED: Readonly<Record<string, string>> = {
  '\u001b': '^[',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
  '\v': '\\v',
  '\u007f': '^?',
};

const hex = (code: number): string => code.toString(16).padStart(4, '0');

const visible = (char: string): string => {
  const named = NAMED[char];
  if (named !== undefined) return named;
  const code = char.codePointAt(0) ?? 0;
  // Caret notation for the other C0 controls, as terminals and `cat -v` show them (BEL is ^G).
  if (code < 0x20) return `^${String.fromCharCode(code + 0x40)}`;
  return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${hex(code)}`;
};

/** Whether a text holds anything escapeTerminal would change. */
export const hasUnsafeText = (text: string): boolean => UNSAFE_ONE.test(text);

/** The one escaping function: `text` made safe to print on a terminal, every unsafe character made visible. */
export const escapeTerminal = (text: string): string =>
  hasUnsafeText(text) ? text.replace(UNSAFE_TEXT, visible) : text;

/**
 * Every string in a value escaped (object keys too), for a renderer to apply to the data it is given before it adds
 * its own layout and colours. Numbers, booleans, null and undefined pass unchanged.
 */
export const escapeData = <T>(value: T): T => {
  if (typeof value === 'string') return escapeTerminal(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => escapeData(item)) as T;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]: [string, unknown]) => [escapeTerminal(key), escapeData(item)]),
    ) as T;
  }
  return value;
};

/**
 * `\uXXXX` (UTF-16, as JSON writes it) for each unsafe character left in a JSON text. JSON.stringify already
 * escapes C0 and lone surrogates, but not DEL, C1 or format characters; outside strings a JSON text holds only ASCII
 * punctuation, digits, letters and whitespace, so every such character is inside a string, where `\uXXXX` stands
 * for exactly it. The document parses to the same strings.
 */
export const jsonTerminalSafe = (json: string): string =>
  hasUnsafeText(json)
    ? json.replace(UNSAFE_TEXT, (char) =>
        char === '\n'
          ? char
          : Array.from({ length: char.length }, (_, index) => `\\u${hex(char.charCodeAt(index))}`).join(''),
      )
    : json;

/** A line for stderr: `prefix: message`, always one line, every unsafe character made visible. */
export const diagnosticLine = (prefix: 'error' | 'warning', message: string): string =>
  `${prefix}: ${escapeTerminal(message)}\n`;
