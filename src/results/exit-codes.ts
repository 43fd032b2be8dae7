/** The exit-code contract every command keeps (README, "Exit codes"). */
export const EXIT = {
  ok: 0,
  findings: 1,
  usage: 2,
  notEvaluated: 3,
} as const;
