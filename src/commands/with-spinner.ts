import ora from 'ora';

/** Only a spinner that has had time to be useful is shown. */
const SHOW_AFTER_MS = 300;

/**
 * An ora spinner on stderr, only on an interactive terminal: never when stderr is piped, under CI, with
 * TERM=dumb, or for machine-readable output. stdout stays clean for `| jq`.
 */
export const withSpinner = async <T>(text: string, wanted: boolean, work: () => Promise<T>): Promise<T> => {
  const interactive = wanted && process.stderr.isTTY && !('CI' in process.env) && process.env.TERM !== 'dumb';
  if (!interactive) return work();
  const spinner = ora({ text, stream: process.stderr });
  const timer = setTimeout(() => spinner.start(), SHOW_AFTER_MS);
  try {
    return await work();
  } finally {
    clearTimeout(timer);
    spinner.stop();
  }
};
