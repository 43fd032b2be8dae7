/**
 * kubectl's habits on the command line, before oclif sees it (cobra's behaviour, spf13/cobra command.go and
 * args.go): `-h` is `--help`, `help [command]` prints that command's help, `version` is `--version`, and an unknown
 * command gets a "did you mean" from the commands within two edits or sharing its prefix.
 */

/** Edit distance between two words (insert, delete, substitute), as cobra's ld() for suggestions. */
export const editDistance = (a: string, b: string): number => {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitute = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitute));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
};

/** cobra's SuggestionsMinimumDistance default. */
const SUGGESTION_DISTANCE = 2;

/** The candidates a mistyped word most likely meant, closest first. */
export const suggestionsFor = (word: string, candidates: readonly string[]): string[] =>
  candidates
    .map((candidate) => ({ candidate, distance: editDistance(word.toLowerCase(), candidate.toLowerCase()) }))
    .filter(({ candidate, distance }) => distance <= SUGGESTION_DISTANCE || candidate.startsWith(word.toLowerCase()))
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .map(({ candidate }) => candidate);

/** `; did you mean "precheck"?` or nothing. */
export const didYouMean = (word: string, candidates: readonly string[], quote = '"'): string => {
  const [best] = suggestionsFor(word, candidates);
  return best === undefined ? '' : `; did you mean ${quote}${best}${quote}?`;
};

export type ArgvPlan = { readonly argv: readonly string[] } | { readonly usage: string };

/**
 * The argv oclif should run, or the usage error to print instead. `commands` are the user-facing command ids;
 * everything after `--` is left alone.
 */
export const planArgv = (argv: readonly string[], commands: readonly string[], bin: string): ArgvPlan => {
  const end = argv.indexOf('--');
  const head = (end === -1 ? argv : argv.slice(0, end)).map((arg) => (arg === '-h' ? '--help' : arg));
  const rest = end === -1 ? [] : argv.slice(end);
  const [first, ...others] = head;
  if (first === 'version' && others.length === 0 && rest.length === 0) return { argv: ['--version'] };
  if (first === 'help') {
    const [topic, ...extra] = others;
    if (topic === undefined) return { argv: ['--help'] };
    if (!commands.includes(topic)) return { usage: unknownCommand(topic, commands, bin) };
    return extra.length > 0
      ? { usage: `help takes one command, not ${String(others.length)} (see '${bin} --help')` }
      : { argv: [topic, '--help'] };
  }
  if (first !== undefined && !first.startsWith('-') && !commands.includes(first) && first !== '__complete') {
    return { usage: unknownCommand(first, commands, bin) };
  }
  return { argv: [...head, ...rest] };
};

const unknownCommand = (word: string, commands: readonly string[], bin: string): string =>
  `unknown command ${JSON.stringify(word)} for "${bin}"${didYouMean(word, commands)} (see '${bin} --help')`;
