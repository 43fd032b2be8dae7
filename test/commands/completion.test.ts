import { runCli } from '../run-cli.js';

/** The hidden command kubectl_complete-harvester_upgrade calls, on the real command and flag metadata. */
const complete = (...words: string[]): string[] => {
  const run = runCli(['__complete', '--', ...words]);
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return run.stdout.trimEnd().split('\n');
};

describe('__complete', () => {
  it('offers every visible command, never itself, and no file completion', () => {
    const lines = complete('');
    expect(lines.map((line) => line.split('\t')[0])).toEqual([
      'explain-drain',
      'fix-pdb',
      'machines',
      'precheck',
      'status',
      ':4',
    ]);
  });

  it("offers a command's own and kubectl's flags, and their values", () => {
    expect(complete('precheck', '--fail')).toEqual([expect.stringMatching(/^--fail-on\t/) as unknown, ':4']);
    expect(complete('precheck', '--fail-on', '')).toEqual(['error', 'warning', ':4']);
    expect(complete('explain-drain', '--req')).toEqual([
      expect.stringMatching(/^--request-timeout\t/) as unknown,
      ':4',
    ]);
    expect(complete('precheck', '--only', 'kubevirt-control')).toEqual(['kubevirt-control-plane-placement', ':6']);
    expect(complete('fix-pdb', '--restore', '')).toEqual([':0']);
  });

  it('answers a typed --help or --version as words to complete, not as its own flags', () => {
    expect(complete('--help')).toEqual(['--help\tShow help.', ':4']);
    expect(complete('machines', '--version')).toEqual([':4']);
  });

  it('stays out of the help', () => {
    expect(runCli(['--help']).stdout).not.toContain('__complete');
  });
});
