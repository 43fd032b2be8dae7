import { formatDuration } from '../cluster/duration.js';
import { ClusterError, mayHeal } from '../cluster/errors.js';
import type { SnapshotFollower } from '../cluster/follow-snapshot.js';
import type { ClusterSnapshot } from '../model/snapshot.js';
import { escapeTerminal } from '../render/escape.js';
import { EXIT } from '../results/exit-codes.js';

/** What a command's analysis says of one tick: its lines, and whether the watched thing has ended. */
export interface WatchAnalysis {
  readonly lines: readonly string[];
  readonly outcome?: 'succeeded' | 'failed';
}

export interface WatchLoopOptions {
  /** Time between ticks. */
  readonly interval: number;
  /** Give up after this long (exit 1); undefined never. */
  readonly timeout: number | undefined;
  /** Where lines go: stdout unless a test takes them. */
  readonly write?: (text: string) => void;
  readonly now?: () => Date;
  readonly sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The printing side of the loop: a timestamp before each line, cluster text escaped, a repeated notice once. */
const printer = (options: WatchLoopOptions) => {
  const write = options.write ?? ((text: string) => process.stdout.write(text));
  const now = options.now ?? (() => new Date());
  let notice: string | undefined;
  const line = (text: string): void => {
    write(`${now().toISOString()}  ${escapeTerminal(text)}\n`);
  };
  return {
    line,
    /** A retry notice, printed when it differs from the last one; cleared once reads work again. */
    notice: (text: string | undefined): void => {
      if (text !== undefined && text !== notice) line(text);
      notice = text;
    },
  };
};

/**
 * The first read, tried again every interval while it fails for a reason that heals (an API server that restarts);
 * what cannot heal by waiting (credentials, RBAC, a certificate) is thrown, one line and exit 3, as every command.
 * Undefined when the deadline came first.
 */
const firstRead = async (
  start: () => Promise<SnapshotFollower>,
  options: WatchLoopOptions,
  out: ReturnType<typeof printer>,
  deadline: number | undefined,
): Promise<SnapshotFollower | undefined> => {
  const sleep = options.sleep ?? defaultSleep;
  for (;;) {
    try {
      return await start();
    } catch (error) {
      if (!(error instanceof ClusterError) || !mayHeal(error)) throw error;
      out.notice(`read failed, retrying: ${error.oneLine()}`);
    }
    if (deadline !== undefined && Date.now() + options.interval > deadline) return undefined;
    await sleep(options.interval);
  }
};

/** The lines of this tick that the last tick did not print: every line the first time, then only what changed. */
export const changedLines = (previous: ReadonlySet<string> | undefined, lines: readonly string[]): string[] =>
  lines.filter((text) => !previous?.has(text));

/**
 * `--watch` for any command: one list of each kind, then watches (cluster/follow-snapshot.ts), and every
 * `interval` the command's `analyse` over the snapshot as it is now. Prints what changed, each line with a
 * timestamp. Exit 0 when the analysis says succeeded, 1 when it says failed or `timeout` passes, 3 when the
 * cluster can no longer be read. While a watch reconnects the snapshot may lag: nothing is judged until it is
 * current again, and the reason is printed once.
 */
export const runWatchLoop = async (
  start: () => Promise<SnapshotFollower>,
  analyse: (snapshot: ClusterSnapshot, now: Date) => WatchAnalysis,
  options: WatchLoopOptions,
): Promise<number> => {
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? (() => new Date());
  const deadline = options.timeout === undefined ? undefined : Date.now() + options.timeout;
  const out = printer(options);
  const timedOut = (): number => {
    out.line(`timed out after ${formatDuration(options.timeout ?? 0)}`);
    return EXIT.findings;
  };
  const follower = await firstRead(start, options, out, deadline);
  if (!follower) return timedOut();
  let previous: ReadonlySet<string> | undefined;
  try {
    for (;;) {
      const state = follower.state();
      if (state.kind === 'unreadable') {
        out.line(`cannot read on: ${state.error.oneLine()}`);
        return EXIT.notEvaluated;
      }
      out.notice(state.kind === 'behind' ? `read failed, retrying: ${state.reason}` : undefined);
      if (state.kind === 'current') {
        const analysis = analyse(follower.snapshot(), now());
        for (const text of changedLines(previous, analysis.lines)) out.line(text);
        previous = new Set(analysis.lines);
        if (analysis.outcome !== undefined) return analysis.outcome === 'succeeded' ? EXIT.ok : EXIT.findings;
      }
      if (deadline !== undefined && Date.now() + options.interval > deadline) return timedOut();
      await sleep(options.interval);
    }
  } finally {
    follower.close();
  }
};
