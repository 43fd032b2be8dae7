/**
 * Suggested commands are pasted into a shell, and the names in them come from the cluster or a bundle. A custom
 * resource's name is only checked to be a path segment (no `/`, not `.` or `..`), so a Machine may be named
 * `x;touch${IFS}/tmp/p;#`; `kubectl describe machine` followed by that name is two commands. Every value placed
 * into a command goes through `sh` below, which quotes it for a POSIX shell where it needs it and leaves plain
 * names (the DNS names almost every object has) as they are.
 */

/** Characters no POSIX shell (nor bash or zsh) treats specially anywhere in a word; `=` not first (zsh's =cmd). */
const PLAIN_WORD = /^[\w@%+:,./-][\w@%+=:,./-]*$/;

/** One word for a POSIX shell: as it is when plain, else single-quoted with `'\''` for each embedded quote. */
export const shellQuote = (word: string): string => (PLAIN_WORD.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);

export type ShellValue = string | number | readonly string[];

type QuoteState = 'none' | 'single' | 'double';

/** Where a literal part of the template leaves the shell's quoting, starting from `state`. */
const after = (literal: string, state: QuoteState): QuoteState => {
  let current = state;
  for (let index = 0; index < literal.length; index += 1) {
    const char = literal.charAt(index);
    if (current === 'single') {
      if (char === "'") current = 'none';
    } else if (char === '\\') {
      index += 1;
    } else if (current === 'double') {
      if (char === '"') current = 'none';
    } else if (char === "'") {
      current = 'single';
    } else if (char === '"') {
      current = 'double';
    }
  }
  return current;
};

const inContext = (text: string, state: QuoteState): string =>
  state === 'single'
    ? text.replace(/'/g, `'\\''`)
    : state === 'double'
      ? text.replace(/[\\"$`]/g, (char) => `\\${char}`)
      : shellQuote(text);

const valueText = (value: ShellValue, state: QuoteState): string => {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return inContext(value, state);
  // A list is several words: each quoted on its own (inside quotes, one text with spaces).
  return state === 'none' ? value.map((word) => shellQuote(word)).join(' ') : inContext(value.join(' '), state);
};

/**
 * A command line from a template: the literal parts are ours and kept as written; each interpolated value is one
 * shell word (a list, several), quoted as the place it lands in needs: as a word of its own or part of one
 * (`-l app=${name}`), inside a single-quoted text (`-p '{"x":"${value}"}'`: `'\''` for a quote) or a double-quoted
 * one. The result, run by sh, passes every value to the command exactly as it is.
 */
export const sh = (literals: TemplateStringsArray, ...values: readonly ShellValue[]): string => {
  let state: QuoteState = 'none';
  let text = '';
  literals.forEach((literal, index) => {
    text += literal;
    state = after(literal, state);
    const value = values[index];
    if (value !== undefined) text += valueText(value, state);
  });
  return text;
};
