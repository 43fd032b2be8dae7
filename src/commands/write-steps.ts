/**
 * The seam of fix-pdb's writes (src/cluster/fix-writes.ts `FixHooks.step`): called at each named step of an apply
 * or a restore. The shipped CLI leaves it doing nothing; the live tests' entry point (test/live/cli-with-steps.ts,
 * bundled as dist/cli-with-steps.cjs) installs a hook that stops or kills the process at a step, to prove that a
 * crash, Ctrl-C or an API server restart anywhere still leaves a backup that restores.
 */
let hook: (name: string) => void = () => undefined;

export const setWriteStepHook = (next: (name: string) => void): void => {
  hook = next;
};

export const writeStep = (name: string): void => {
  hook(name);
};
