import { onStop } from './signals.js';

/** Only a spinner that has had time to be useful is shown. */
const SHOW_AFTER_MS = 300;

/**
 * Whether a spinner may be drawn: an interactive terminal that says how wide it is. Never when stderr is piped,
 * under CI, with TERM=dumb, or for machine-readable output. A terminal that reports 0 columns (serial consoles,
 * `script` or `ssh -t` fed from a pipe) would make ora divide by it and clear an infinite number of lines, without
 * end and without answering signals (ora's #computeLineCountFrom).
 */
export const spinnerWanted = (
  wanted: boolean,
  stream: { readonly isTTY?: boolean; readonly columns?: number },
  env: NodeJS.ProcessEnv,
): boolean =>
  wanted &&
  stream.isTTY === true &&
  typeof stream.columns === 'number' &&
  stream.columns > 0 &&
  !('CI' in env) &&
  env.TERM !== 'dumb';

/** An ora spinner on stderr when spinnerWanted; stdout stays clean for `| jq`. */
export const withSpinner = async <T>(text: string, wanted: boolean, work: () => Promise<T>): Promise<T> => {
  if (!spinnerWanted(wanted, process.stderr, process.env)) return work();
  // Loaded only when it will be drawn (a pipe or -o json never pays for it).
  const { default: ora } = await import('ora');
  // discardStdin puts the terminal in raw mode, where Ctrl-C is a byte that only stdin-discarder turns back into a
  // SIGINT, and only while something reads stdin (a bare ora script ignores Ctrl-C that way). In cooked mode the
  // terminal itself sends SIGINT, and nothing is left to restore if the process ends abruptly.
  const spinner = ora({ text, stream: process.stderr, discardStdin: false });
  const timer = setTimeout(() => spinner.start(), SHOW_AFTER_MS);
  // Ctrl-C or SIGTERM while it spins: the cursor is shown again and stdin leaves raw mode before the exit.
  const forget = onStop(() => {
    clearTimeout(timer);
    spinner.stop();
  });
  try {
    return await work();
  } finally {
    forget();
    clearTimeout(timer);
    spinner.stop();
  }
};
