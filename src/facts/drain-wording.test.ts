import { aPdb } from '../../test/builders.js';
import { backupCommand, budgetName, listedAtMost, nonEmpty } from './drain-wording.js';

describe('drain wording', () => {
  it('lists at most the limit, then says how many more', () => {
    expect(listedAtMost(['a', 'b', 'c'], 2)).toBe('a, b, and 1 more');
    expect(listedAtMost(['a', 'b'], 2)).toBe('a, b');
  });

  it('takes an empty string for none', () => {
    expect(nonEmpty('')).toBeUndefined();
    expect(nonEmpty('x')).toBe('x');
  });

  it('names a budget by namespace and name, and quotes its backup command for the shell', () => {
    const pdb = aPdb('web pdb', { namespace: 'team-a' });
    expect(budgetName(pdb)).toBe('team-a/web pdb');
    expect(backupCommand(pdb)).toBe("kubectl -n team-a get pdb 'web pdb' -o yaml > pdb-team-a-'web pdb'.yaml");
  });
});
