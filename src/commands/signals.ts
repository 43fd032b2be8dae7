/** The signals that end a run, and the exit code a shell reports for each: 128 + the signal number. */
export const STOP_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;
export type StopSignal = keyof typeof STOP_EXIT;

const cleanups = new Set<() => void>();
let deferral: ((signal: StopSignal) => void) | undefined;
let installed = false;

/**
 * Installed once when the CLI starts. Ctrl-C or SIGTERM ends any command at once with 130 or 143, after putting
 * back what the terminal was given (the spinner's hidden cursor, raw stdin), except inside a deferred section
 * (fix-pdb's writes), which is told and stops by itself after the write under way.
 */
export const installStopHandlers = (): void => {
  if (installed) return;
  installed = true;
  for (const signal of Object.keys(STOP_EXIT) as StopSignal[]) {
    process.on(signal, () => {
      if (deferral) {
        deferral(signal);
        return;
      }
      for (const cleanup of cleanups) {
        try {
          cleanup();
        } catch {
          // The exit comes first: a terminal that cannot be written to any more is no reason to stay.
        }
      }
      process.exit(STOP_EXIT[signal]);
    });
  }
};

/** Runs `cleanup` if a signal ends the run before the returned function is called. */
export const onStop = (cleanup: () => void): (() => void) => {
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
  };
};

/** Until the returned function is called, a signal is handed to `handler` instead of ending the run. */
export const deferStop = (handler: (signal: StopSignal) => void): (() => void) => {
  const previous = deferral;
  deferral = handler;
  return () => {
    deferral = previous;
  };
};
