import { aPdb } from '../../test/builders.js';
import { withPolicy } from '../../test/drain-builders.js';
import { budgetSpecText, relaxWithFixPdb, unhealthyPodEvictionPolicyOf } from './budget-relaxation.js';

describe('relaxWithFixPdb', () => {
  it('points at fix-pdb for the budget, shell-quoting its names', () => {
    expect(relaxWithFixPdb('apps', 'db')).toBe(
      'relax it for the upgrade with a backup: kubectl harvester-upgrade fix-pdb -n apps db (shows the plan; add --yes to apply, then fix-pdb --restore puts the spec back)',
    );
    expect(relaxWithFixPdb('apps', 'a b')).toContain("fix-pdb -n apps 'a b' (");
  });
});

describe('unhealthyPodEvictionPolicyOf', () => {
  it('reads the policy the budget sets', () => {
    expect(unhealthyPodEvictionPolicyOf(withPolicy(aPdb('web'), 'AlwaysAllow'))).toBe('AlwaysAllow');
  });

  it('is IfHealthyBudget when the budget sets none', () => {
    expect(unhealthyPodEvictionPolicyOf(aPdb('web'))).toBe('IfHealthyBudget');
  });
});

describe('budgetSpecText', () => {
  it('names maxUnavailable before minAvailable', () => {
    expect(budgetSpecText(aPdb('web', { maxUnavailable: 0 }))).toBe('maxUnavailable 0');
    expect(budgetSpecText(aPdb('web', { minAvailable: '50%' }))).toBe('minAvailable 50%');
    expect(budgetSpecText(aPdb('web', { minAvailable: 1, maxUnavailable: '25%' }))).toBe('maxUnavailable 25%');
  });

  it('is undefined for a budget that sets neither', () => {
    expect(budgetSpecText({ metadata: { name: 'bare' }, spec: {} })).toBeUndefined();
  });
});
