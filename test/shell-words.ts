/**
 * A small POSIX shell-word reader for tests: it reads one simple command the way sh would split it, so a test can
 * tell whether a suggested command line is one command with the words we meant, or something a shell would run
 * differently. It understands single quotes, double quotes and backslashes; it stops at an unquoted operator
 * (`;`, `&`, `|`, `(`, `)`, `<`, `>`, a newline) and reports everything a shell would expand or treat specially
 * outside quotes: `$`, backquotes, globs, `#` and `~` at the start of a word, `!` (bash history). An unterminated
 * single quote ends the command: it is prose after it (`… -o yaml shows every disk's conditions`).
 */
export interface ShellCommand {
  readonly words: readonly string[];
  /** What a shell would not take literally, with where: empty for a safe command. */
  readonly unsafe: readonly string[];
  /** Index in the text just after the command (at the operator that ended it, or the end). */
  readonly end: number;
}

const OPERATORS = new Set([';', '&', '|', '(', ')', '<', '>', '\n']);
const EXPANDING = new Set(['$', '`', '*', '?', '[', '!', '{']);

export const readShellCommand = (text: string, start = 0): ShellCommand => {
  const words: string[] = [];
  const unsafe: string[] = [];
  let index = start;
  let word: string | undefined;
  const finish = (): void => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  while (index < text.length) {
    const char = text.charAt(index);
    if (char === ' ' || char === '\t') {
      finish();
      index += 1;
      continue;
    }
    if (OPERATORS.has(char)) break;
    if (word === undefined && (char === '#' || char === '~')) unsafe.push(`${char} starts a word at ${String(index)}`);
    word ??= '';
    if (char === "'") {
      const close = text.indexOf("'", index + 1);
      if (close < 0) {
        // Prose after a command (`shows every disk's conditions`): the command ended before it.
        word += text.slice(index + 1);
        index = text.length;
        break;
      }
      word += text.slice(index + 1, close);
      index = close + 1;
      continue;
    }
    if (char === '"') {
      let at = index + 1;
      for (;;) {
        const inner = text.charAt(at);
        if (at >= text.length) {
          unsafe.push(`unterminated " at ${String(index)}`);
          break;
        }
        if (inner === '"') break;
        if (inner === '$' || inner === '`') unsafe.push(`${inner} inside double quotes at ${String(at)}`);
        if (inner === '\\' && ['$', '`', '"', '\\', '\n'].includes(text.charAt(at + 1))) {
          word += text.charAt(at + 1);
          at += 2;
          continue;
        }
        word += inner;
        at += 1;
      }
      index = at + 1;
      continue;
    }
    if (char === '\\') {
      word += text.charAt(index + 1);
      index += 2;
      continue;
    }
    if (EXPANDING.has(char)) unsafe.push(`unquoted ${char} at ${String(index)}`);
    word += char;
    index += 1;
  }
  finish();
  return { words, unsafe, end: index };
};

/** Every command a text suggests: each starts at `kubectl `, `virtctl ` or `echo ` and runs to its operator. */
export const suggestedCommands = (text: string): ShellCommand[] =>
  [...text.matchAll(/(?<![\w-])(?:kubectl|virtctl|echo) /g)].map((match) => readShellCommand(text, match.index));

const stringsIn = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : Array.isArray(value)
      ? value.flatMap(stringsIn)
      : typeof value === 'object' && value !== null
        ? Object.values(value).flatMap(stringsIn)
        : [];

/** A word that is a JSON text (`echo '{…}' | kubectl create -f -`) stands for the strings in it. */
export const wordTexts = (word: string): string[] => {
  if (!word.startsWith('{')) return [word];
  try {
    return stringsIn(JSON.parse(word));
  } catch {
    return [word];
  }
};
