import { repeatedFlag, type FlagShape } from './repeated-flag.js';

const FLAGS: Record<string, FlagShape> = {
  context: { type: 'option' },
  output: { type: 'option', char: 'o' },
  'no-headers': { type: 'boolean' },
  only: { type: 'option', multiple: true },
};

describe('repeatedFlag', () => {
  it.each([
    [['--context', 'a', '--context', 'b'], 'context'],
    [['--context=a', '--context', 'b'], 'context'],
    [['-o', 'json', '-o', 'yaml'], 'output'],
    [['-ojson', '--output=yaml'], 'output'],
    [['--no-headers', 'x', '--no-headers'], 'no-headers'],
  ])('finds the repeated flag in %j', (argv, name) => {
    expect(repeatedFlag(argv, FLAGS)).toBe(name);
  });

  it.each([
    [['--context', 'a', '-o', 'json']],
    // A value that looks like the flag's own name is a value.
    [['--context', '--context']],
    [['--only', 'a', '--only', 'b']],
    [['--context', 'a', '--', '--context', 'b']],
    [['--unknown', '--unknown']],
  ])('stays quiet for %j', (argv) => {
    expect(repeatedFlag(argv, FLAGS)).toBeUndefined();
  });
});
