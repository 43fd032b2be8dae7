import { spinnerWanted } from './with-spinner.js';

describe('spinnerWanted', () => {
  it('draws on an interactive terminal that says how wide it is', () => {
    expect(spinnerWanted(true, { isTTY: true, columns: 80 }, {})).toBe(true);
  });

  it.each([
    ['a terminal that reports 0 columns', { isTTY: true, columns: 0 }, {}],
    ['a terminal without a width', { isTTY: true }, {}],
    ['a pipe', { isTTY: false, columns: 80 }, {}],
    ['CI', { isTTY: true, columns: 80 }, { CI: 'true' }],
    ['TERM=dumb', { isTTY: true, columns: 80 }, { TERM: 'dumb' }],
  ])('never draws on %s', (_what, stream, env) => {
    expect(spinnerWanted(true, stream, env)).toBe(false);
  });

  it('never draws for machine-readable output', () => {
    expect(spinnerWanted(false, { isTTY: true, columns: 80 }, {})).toBe(false);
  });
});
