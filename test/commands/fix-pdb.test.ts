import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FixPlanResult } from '../../src/results/fix-pdb.js';
import { REPO, runCli } from '../run-cli.js';
import { documentOf } from '../schema.js';

const DRAIN = join(REPO, 'test', 'fixtures', 'drain');
const scenario = (name: string): string => join(DRAIN, name);

const plan = (args: readonly string[]): FixPlanResult => documentOf('FixPdbPlan', runCli(['fix-pdb', ...args]));

describe('fix-pdb with --bundle (plans only)', () => {
  it('plans the KubeVirt patch for the seed case, at the upgrade node when none is named, and exits 1 (still held)', () => {
    const run = runCli(['fix-pdb', '--bundle', scenario('kubevirt-trap-pre-drained')]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('fix-pdb plan for the drain of node harvester-node-0');
    expect(run.stdout).toContain('1. patch KubeVirt harvester-system/kubevirt');
    expect(run.stdout).toContain('change  spec.infra.nodePlacement: unset → {}');
    expect(run.stdout).toContain('Plan only (from a support bundle): nothing was changed.');
  });

  it('gives the plan as JSON with the target, actions, refusals and notes', () => {
    const document = plan([
      '--bundle',
      scenario('kubevirt-trap-pre-drained'),
      '--override-operator-budgets',
      '-o',
      'json',
    ]);
    expect(document.kind).toBe('FixPdbPlan');
    expect(document.target).toEqual({ node: 'harvester-node-0' });
    expect(document.actions.map((action) => [action.kind, action.object.name])).toEqual([
      ['merge-patch', 'kubevirt'],
      ['delete', 'virt-api-pdb'],
      ['delete', 'virt-controller-pdb'],
    ]);
  });

  it('refuses the instance-manager budget guarding the last healthy replica, and exits 1', () => {
    const run = runCli([
      'fix-pdb',
      '--bundle',
      scenario('longhorn-last-replica'),
      '--node',
      'harvester-node-1',
      '--override-operator-budgets',
      '-o',
      'json',
    ]);
    expect(run.status).toBe(1);
    const document = documentOf('FixPdbPlan', run);
    expect(document.actions).toEqual([]);
    expect(document.refusals).toEqual([
      expect.objectContaining({ reason: expect.stringContaining('last healthy replica') as unknown }),
    ]);
    expect(document.findings.map((finding) => finding.check)).toEqual(['fix-pdb-refused']);
  });

  it('plans one budget named with -n', () => {
    const document = plan(['--bundle', scenario('pod-under-two-budgets'), '-n', 'default', 'web', '-o', 'json']);
    expect(document.target).toEqual({ namespace: 'default', name: 'web' });
    expect(document.actions.map((action) => [action.kind, action.object.name])).toEqual([['delete', 'web']]);
  });

  it('says there is nothing to change for a node no budget holds', () => {
    const run = runCli(['fix-pdb', '--bundle', scenario('daemonsets-only'), '--node', 'harvester-node-2']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('no PodDisruptionBudget holds a pod on harvester-node-2');
    expect(run.stdout).toContain('Nothing to change.');
  });
});

describe('fix-pdb usage errors: one line, exit 2, nothing read or written', () => {
  const bundle = 'BUNDLE';
  it.each([
    [['--bundle', bundle, '--yes'], '--yes changes a live cluster and a support bundle is a copy'],
    [['--bundle', bundle, '--node', 'a', '-n', 'default', 'web'], 'not both'],
    [['--bundle', bundle, 'web'], 'budget web: give its namespace with -n NAMESPACE'],
    [['--bundle', bundle, '-n', 'default'], '-n NAMESPACE needs the budget NAME after it'],
    [['--bundle', bundle, '--node', 'nope'], "node nope not found; list the nodes with 'kubectl get nodes'"],
    [['--bundle', bundle, '-n', 'default', 'nope'], 'PodDisruptionBudget default/nope not found'],
    [['--restore', 'x.json', '--bundle', bundle], '--restore writes to a live cluster; drop --bundle'],
    [['--restore', 'missing.json'], '--restore missing.json does not exist'],
    [['-n', 'default', '--restore=x.json'], '--restore puts back what the backup holds; drop -n, --node and NAME'],
    [['--restore', 'x.json', 'web'], '--restore puts back what the backup holds; drop -n, --node and NAME'],
    [['--restore', 'x.json', '--node', 'a'], '--restore puts back what the backup holds; drop -n, --node and NAME'],
  ])('fix-pdb %j', (args, message) => {
    const run = runCli([
      'fix-pdb',
      ...args.map((arg) => (arg === 'BUNDLE' ? scenario('kubevirt-trap-pre-drained') : arg)),
    ]);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toEqual([expect.stringContaining(message)]);
    expect(run.status).toBe(2);
  });

  it('refuses a file that is not a fix-pdb backup, or holds kinds fix-pdb never writes', () => {
    const folder = mkdtempSync(join(tmpdir(), 'hu-restore-'));
    try {
      const foreign = join(folder, 'foreign.json');
      writeFileSync(foreign, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [] }));
      const secret = join(folder, 'secret.json');
      writeFileSync(
        secret,
        JSON.stringify({
          apiVersion: 'harvester-upgrade.kubectl/v1alpha1',
          kind: 'FixPdbBackup',
          createdAt: '2026-11-22T10:00:00Z',
          context: 'local',
          server: 'https://127.0.0.1:6443',
          objects: [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'default' } }],
          writes: [],
        }),
      );
      for (const [file, message] of [
        [foreign, 'is not a fix-pdb backup: expected apiVersion harvester-upgrade.kubectl/v1alpha1, kind FixPdbBackup'],
        [secret, 'is not a fix-pdb backup: objects[0] is a Secret'],
      ] as const) {
        const run = runCli(['fix-pdb', '--restore', file]);
        expect(run.stderr.trim().split('\n')).toEqual([expect.stringContaining(message)]);
        expect(run.status).toBe(2);
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
