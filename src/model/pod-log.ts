/** One container's log that `status` wants: the current run, or the one before a restart (`previous`). */
export interface LogRequest {
  readonly namespace: string;
  readonly pod: string;
  readonly container: string;
  readonly previous: boolean;
}

/** The last lines of one log, or why they were not read. */
export type LogTail =
  | { readonly status: 'ok'; readonly lines: readonly string[] }
  | { readonly status: 'not-evaluated'; readonly reason: string };

/** The logs read for one run, by `logKey`; `notRead` says why none were (no RBAC rule, not asked for). */
export interface PodLogs {
  readonly tails: Readonly<Record<string, LogTail>>;
  readonly notRead?: string;
}

export const logKey = (request: LogRequest): string =>
  `${request.namespace}/${request.pod}/${request.container}${request.previous ? '/previous' : ''}`;

/** A container's log line may be anything a program wrote: at most this many characters of it are kept. */
export const MAX_LOG_LINE = 240;

/** The last `count` lines of a log text, each cut to MAX_LOG_LINE characters (the cut marked with `…`). */
export const tailOf = (text: string, count: number): string[] => {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines
    .slice(Math.max(0, lines.length - count))
    .map((line) => (line.length > MAX_LOG_LINE ? `${line.slice(0, MAX_LOG_LINE - 1)}…` : line.replace(/\r$/, '')));
};
