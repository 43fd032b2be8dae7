import { didYouMean, editDistance, planArgv, suggestionsFor } from './argv.js';

const COMMANDS = ['explain-drain', 'fix-pdb', 'machines', 'precheck'];
const BIN = 'kubectl harvester-upgrade';
const plan = (...argv: string[]) => planArgv(argv, COMMANDS, BIN);

describe('editDistance and suggestions', () => {
  it('counts inserts, deletes and substitutions', () => {
    expect(editDistance('prechek', 'precheck')).toBe(1);
    expect(editDistance('machnies', 'machines')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('suggests within two edits or by prefix, closest first, and nothing for a stranger', () => {
    expect(suggestionsFor('prechek', COMMANDS)).toEqual(['precheck']);
    expect(suggestionsFor('fix', COMMANDS)).toEqual(['fix-pdb']);
    expect(suggestionsFor('status', COMMANDS)).toEqual([]);
    expect(didYouMean('--onl', ['--only', '--output'], '')).toBe('; did you mean --only?');
    expect(didYouMean('zzzz', COMMANDS)).toBe('');
  });
});

describe('planArgv', () => {
  it('turns -h into --help, before -- only', () => {
    expect(plan('precheck', '-h')).toEqual({ argv: ['precheck', '--help'] });
    expect(plan('-h')).toEqual({ argv: ['--help'] });
    expect(plan('precheck', '--', '-h')).toEqual({ argv: ['precheck', '--', '-h'] });
  });

  it('reads help [command] and version as kubectl does', () => {
    expect(plan('help')).toEqual({ argv: ['--help'] });
    expect(plan('help', 'machines')).toEqual({ argv: ['machines', '--help'] });
    expect(plan('version')).toEqual({ argv: ['--version'] });
  });

  it('answers an unknown command, or help for one, with a suggestion', () => {
    expect(plan('prechek', '-o', 'json')).toEqual({
      usage: `unknown command "prechek" for "${BIN}"; did you mean "precheck"? (see '${BIN} --help')`,
    });
    expect(plan('help', 'machine')).toEqual({
      usage: `unknown command "machine" for "${BIN}"; did you mean "machines"? (see '${BIN} --help')`,
    });
    expect(plan('help', 'precheck', 'machines')).toEqual({
      usage: `help takes one command, not 2 (see '${BIN} --help')`,
    });
  });

  it('passes known commands, flags first and shell completion through', () => {
    expect(plan('machines', '-o', 'json')).toEqual({ argv: ['machines', '-o', 'json'] });
    expect(plan('--version')).toEqual({ argv: ['--version'] });
    expect(plan('__complete', 'pre')).toEqual({ argv: ['__complete', 'pre'] });
    expect(plan()).toEqual({ argv: [] });
  });
});
