import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PRECHECK_GROUPS } from '../../src/checks/precheck-checks.js';

const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

describe('README', () => {
  it('documents every precheck check id', () => {
    const missing = PRECHECK_GROUPS.flatMap((group) => group.checks)
      .map((check) => check.id)
      .filter((id) => !readme.includes(`\`${id}\``));
    expect(missing).toEqual([]);
  });
});
