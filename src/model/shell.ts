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
 * A value that stands as a word of its own where the command reads arguments, not after a flag that takes it:
 * there a word that starts with `-` is an option however it is quoted (a PDB or a custom resource may be named
 * `--all`: its name only has to be a path segment), so `kubectl delete pod --all` would delete every pod.
 */
const isOptionLike = (value: string | readonly string[], text: string, state: QuoteState): boolean => {
  if (state !== 'none') return false;
  if (text !== '' && !/\s$/.test(text)) return false;
  const previous = text.trimEnd().split(/\s+/).at(-1) ?? '';
  // After `-n`, `--namespace` and the like the word is that flag's value: kubectl's flag parser takes the next
  // argument as it is (spf13/pflag flag.go parseShortArg, parseLongArg).
  if (/^-[\w-]+$/.test(previous) && !previous.includes('=')) return false;
  return (typeof value === 'string' ? [value] : value).some((word) => word.startsWith('-'));
};

/** What stands instead of a command that a name would turn into something else. */
const optionLikeText = (value: string | readonly string[]): string =>
  `(no command shown: ${JSON.stringify(typeof value === 'string' ? value : value.join(' '))} starts with "-", and the command would read it as an option)`;

/**
 * A command line from a template: the literal parts are ours and kept as written; each interpolated value is one
 * shell word (a list, several), quoted as the place it lands in needs: as a word of its own or part of one
 * (`-l app=${name}`), inside a single-quoted text (`-p '{"x":"${value}"}'`: `'\''` for a quote) or a double-quoted
 * one. The result, run by sh, passes every value to the command exactly as it is. A command in which a value that
 * starts with `-` would stand as an argument is not given at all (isOptionLike).
 */
export const sh = (literals: TemplateStringsArray, ...values: readonly ShellValue[]): string => {
  let state: QuoteState = 'none';
  let text = '';
  let optionLike: string | readonly string[] | undefined;
  literals.forEach((literal, index) => {
    text += literal;
    state = after(literal, state);
    const value = values[index];
    if (value === undefined) return;
    if (optionLike === undefined && typeof value !== 'number' && isOptionLike(value, text, state)) optionLike = value;
    text += valueText(value, state);
  });
  return optionLike === undefined ? text : optionLikeText(optionLike);
};
