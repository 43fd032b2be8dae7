import type { FixPlan } from '../fix/fix-types.js';
import { renderApplied, renderPlan, renderRestore } from './fix-report.js';

const plain = { color: false, headers: true };
const budget = { kind: 'PodDisruptionBudget', namespace: 'default', name: 'web' };

const plan: FixPlan = {
  actions: [
    {
      kind: 'merge-patch',
      resource: 'podDisruptionBudgets',
      object: budget,
      patch: { spec: { minAvailable: 1 } },
      change: 'spec.minAvailable: 2 → 1',
      reason: 'it holds web-0',
      expectedOwnership: '{}',
    },
  ],
  refusals: [{ object: { ...budget, name: 'db' }, reason: 'stale status', remedy: 'wait' }],
  notes: ['a note'],
};

describe('fix-pdb rendering', () => {
  it('numbers the changes, then lists what is not changed and the notes', () => {
    expect(renderPlan(plain, 'plan for node n1', plan).split('\n')).toEqual([
      'plan for node n1',
      '',
      'Changes (1, in this order):',
      '  1. patch PodDisruptionBudget default/web',
      '     change  spec.minAvailable: 2 → 1',
      '     why     it holds web-0',
      '',
      'Not changed (still holding the drain):',
      '  - PodDisruptionBudget default/db',
      '     why     stale status',
      '     fix     wait',
      '',
      'Notes:',
      '  - a note',
    ]);
  });

  it('shows the backup, each outcome, why it stopped, and the restore command', () => {
    const text = renderApplied(plain, {
      backupFile: 'b.json',
      restoreCommand: 'kubectl harvester-upgrade fix-pdb --restore b.json --context local',
      outcomes: [
        { object: budget, action: 'delete', result: 'applied', message: 'deletes web' },
        { object: { ...budget, name: 'db' }, action: 'merge-patch', result: 'not-applied', message: 'not attempted' },
      ],
      stopped: 'interrupted (Ctrl-C)',
    });
    expect(text.split('\n')).toEqual([
      '',
      'Backup: b.json (synced to disk before the first change)',
      '  deleted PodDisruptionBudget default/web: deletes web',
      '  not changed PodDisruptionBudget default/db: not attempted',
      'Stopped: interrupted (Ctrl-C)',
      'Restore with: kubectl harvester-upgrade fix-pdb --restore b.json --context local',
    ]);
  });

  it('tables the restore, one row per object', () => {
    const text = renderRestore(plain, 'b.json', {
      steps: [{ object: budget, outcome: 'recreate', result: 'done', message: 'created again from the backup' }],
    });
    expect(text).toContain('OBJECT');
    expect(text).toMatch(/PodDisruptionBudget default\/web\s+recreate\s+done\s+created again from the backup/);
  });
});
