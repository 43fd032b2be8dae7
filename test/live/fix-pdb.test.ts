import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, type CliRun } from '../run-cli.js';
import { MERGE_PATCH, type Api } from './api.js';
import {
  createBlockingPod,
  dryRunEviction,
  grantLimitedReader,
  markPodRunningReady,
  setBudgetStatus,
} from './kube-status.js';
import { loadFixture } from './load-fixture.js';
import { describeLive, liveEnv, uniqueName, type LiveEnv } from './live-env.js';

/** The seed case: KubeVirt 1.3 on the one control-plane node, harvester-node-0, cordoned and stuck Pre-drained. */
const SEED = join(REPO, 'test', 'fixtures', 'drain', 'kubevirt-trap-pre-drained');
const NODE = 'harvester-node-0';
const NS = 'harvester-system';
const KUBEVIRT = `/apis/kubevirt.io/v1/namespaces/${NS}/kubevirts/kubevirt`;
const BUDGETS = ['virt-api-pdb', 'virt-controller-pdb'].map(
  (name) => `/apis/policy/v1/namespaces/${NS}/poddisruptionbudgets/${name}`,
);
const RUNNING_VIRT_API = 'virt-api-6c9f7d8b5-r1x1';
const PENDING_VIRT_API = 'virt-api-6c9f7d8b5-p2z2';

interface Outcome {
  readonly object: { readonly kind: string; readonly name: string };
  readonly action: string;
  readonly result: string;
}

const parsed = (run: CliRun): unknown => {
  try {
    return JSON.parse(run.stdout) as unknown;
  } catch {
    throw new Error(`not JSON (exit ${String(run.status)}): ${run.stdout}\n${run.stderr}`);
  }
};

/** The specs exactly as the API server serialises them: what "byte-identical after restore" compares. */
const specs = async (api: Api, paths: readonly string[]): Promise<(string | undefined)[]> =>
  Promise.all(
    paths.map(async (path) => {
      const answer = await api.call('GET', path);
      return answer.status === 200 ? JSON.stringify((answer.body as { spec?: unknown }).spec) : undefined;
    }),
  );

const backupIn = (folder: string): string => {
  const files = readdirSync(folder).filter((file) => file.endsWith('.json'));
  if (files.length !== 1) throw new Error(`expected one backup in ${folder}, found ${files.join(', ') || 'none'}`);
  return join(folder, files[0] ?? '');
};

describeLive('fix-pdb against a real API server', () => {
  const env = liveEnv();
  if (!env) return;
  const { admin } = env;
  const ALL = [KUBEVIRT, ...BUDGETS];

  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'hu-fix-backups-'));
  });
  afterEach(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  const withSeed = async (body: () => Promise<void>): Promise<void> => {
    const loaded = await loadFixture(admin, SEED);
    try {
      await body();
    } finally {
      await loaded.unload();
    }
  };

  const fix = (args: readonly string[], extra: NodeJS.ProcessEnv = {}): CliRun =>
    env.plugin(['fix-pdb', ...args, '--backup-dir', folder], extra);
  /** fix-pdb through the live tests' CLI, which stops itself at the write step HU_TEST_KILL_AT names. */
  const fixAt = (args: readonly string[], extra: NodeJS.ProcessEnv): CliRun =>
    env.plugin(['fix-pdb', ...args, '--backup-dir', folder], extra, 'steps');

  it('unblocks the seed drain with the KubeVirt patch: 429 before, 201 once virt-api runs elsewhere, exact restore', () =>
    withSeed(async () => {
      const before = await specs(admin, ALL);
      expect((await dryRunEviction(admin, NS, RUNNING_VIRT_API)).status).toBe(429);

      const plan = fix(['--node', NODE]);
      expect(plan.status).toBe(1);
      expect(plan.stdout).toContain('1. patch KubeVirt harvester-system/kubevirt');
      expect(plan.stdout).toContain('Plan only: nothing was changed. Apply it with --yes.');
      expect(await specs(admin, ALL)).toEqual(before);

      const run = fix(['--node', NODE, '--yes', '-o', 'json']);
      expect(run.status).toBe(0);
      const result = parsed(run) as { outcomes: Outcome[]; backupFile: string; restoreCommand: string };
      expect(result.outcomes).toEqual([
        expect.objectContaining({
          object: expect.objectContaining({ kind: 'KubeVirt' }) as unknown,
          result: 'applied',
        }),
      ]);
      expect(result.backupFile).toBe(backupIn(folder));
      expect(result.restoreCommand).toBe(
        `kubectl harvester-upgrade fix-pdb --restore ${result.backupFile} --context admin`,
      );
      const kubevirt = (await admin.must('GET', KUBEVIRT)) as { spec: { infra?: { nodePlacement?: unknown } } };
      expect(kubevirt.spec.infra?.nodePlacement).toEqual({});

      // What virt-operator, the scheduler, the kubelet and the disruption controller do next, played by the test:
      // the Pending virt-api replica lands on another node and turns Ready, and the budget then allows one eviction.
      await admin.must('POST', `/api/v1/namespaces/${NS}/pods/${PENDING_VIRT_API}/binding`, {
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name: PENDING_VIRT_API, namespace: NS },
        target: { apiVersion: 'v1', kind: 'Node', name: 'harvester-node-1' },
      });
      await markPodRunningReady(admin, NS, PENDING_VIRT_API);
      await setBudgetStatus(admin, NS, 'virt-api-pdb', {
        expectedPods: 2,
        currentHealthy: 2,
        desiredHealthy: 1,
        disruptionsAllowed: 1,
      });
      expect((await dryRunEviction(admin, NS, RUNNING_VIRT_API)).status).toBe(201);

      const restore = env.plugin(['fix-pdb', '--restore', result.backupFile]);
      expect(restore.stderr).toBe('');
      expect(restore.status).toBe(0);
      expect(restore.stdout).toMatch(/KubeVirt harvester-system\/kubevirt\s+revert\s+done/);
      expect(await specs(admin, ALL)).toEqual(before);

      // Idempotent: a second restore finds everything as backed up.
      const again = env.plugin(['fix-pdb', '--restore', result.backupFile, '-o', 'json']);
      expect(again.status).toBe(0);
      expect((parsed(again) as { steps: { outcome: string }[] }).steps.map((step) => step.outcome)).toEqual([
        'identical',
      ]);
    }));

  it('leaves the virt-operator budgets, labelled as every supported KubeVirt labels them, alone without the override', () =>
    withSeed(async () => {
      const budgets = async (): Promise<{ labels?: Record<string, string>; resourceVersion?: string }[]> =>
        Promise.all(
          BUDGETS.map(
            async (path) =>
              (
                (await admin.must('GET', path)) as {
                  metadata: { labels?: Record<string, string>; resourceVersion?: string };
                }
              ).metadata,
          ),
        );
      const before = await budgets();
      // What the API server holds, as virt-operator labels it from KubeVirt v0.49.0.
      expect(before.map((meta) => meta.labels?.['app.kubernetes.io/managed-by'])).toEqual([
        'virt-operator',
        'virt-operator',
      ]);

      const run = fix(['--node', NODE, '--yes', '-o', 'json']);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const result = parsed(run) as { outcomes: Outcome[] };
      expect(result.outcomes.map((outcome) => outcome.object.kind)).toEqual(['KubeVirt']);
      // Not written at all: the resourceVersion of each budget is the one it had.
      expect(await budgets()).toEqual(before);

      // With KubeVirt patched the placement no longer holds them, and they are virt-operator's to keep: refused.
      const plan = fix(['--node', NODE, '-o', 'json']);
      expect(plan.status).toBe(1);
      const document = parsed(plan) as {
        actions: unknown[];
        refusals: { object: { name: string }; reason: string }[];
      };
      expect(document.actions).toEqual([]);
      expect(document.refusals.map((refusal) => [refusal.object.name, refusal.reason])).toEqual(
        ['virt-api-pdb', 'virt-controller-pdb'].map((name) => [
          name,
          'virt-operator manages it and recreates it when deleted; fix-pdb deletes operator-managed budgets only with --override-operator-budgets',
        ]),
      );
      expect(await budgets()).toEqual(before);
    }));

  it('with --override-operator-budgets deletes both virt-operator budgets (201 at once) and recreates them exactly', () =>
    withSeed(async () => {
      const before = await specs(admin, ALL);
      const run = fix(['--node', NODE, '--override-operator-budgets', '--yes', '-o', 'json']);
      expect(run.status).toBe(0);
      const result = parsed(run) as { outcomes: Outcome[]; backupFile: string };
      expect(result.outcomes.map((outcome) => [outcome.action, outcome.object.name, outcome.result])).toEqual([
        ['merge-patch', 'kubevirt', 'applied'],
        ['delete', 'virt-api-pdb', 'applied'],
        ['delete', 'virt-controller-pdb', 'applied'],
      ]);
      expect((await dryRunEviction(admin, NS, RUNNING_VIRT_API)).status).toBe(201);

      const restore = env.plugin(['fix-pdb', '--restore', result.backupFile, '-o', 'json']);
      expect(restore.status).toBe(0);
      expect((parsed(restore) as { steps: { outcome: string }[] }).steps.map((step) => step.outcome)).toEqual([
        'revert',
        'recreate',
        'recreate',
      ]);
      expect(await specs(admin, ALL)).toEqual(before);
    }));

  const STEPS = [
    'dry-run-done',
    'backup-written',
    ...[1, 2, 3].flatMap((n) => [`before-write-${String(n)}`, `after-write-${String(n)}`, `after-record-${String(n)}`]),
  ];

  it.each(STEPS)('recovers every object exactly when killed at %s', (step) =>
    withSeed(async () => {
      const before = await specs(admin, ALL);
      const run = fixAt(['--node', NODE, '--override-operator-budgets', '--yes'], { HU_TEST_KILL_AT: step });
      expect(run.status).toBeNull(); // killed by SIGKILL
      if (step === 'dry-run-done') {
        // Killed before the backup: nothing was written anywhere.
        expect(readdirSync(folder)).toEqual([]);
        expect(await specs(admin, ALL)).toEqual(before);
        return;
      }
      const restore = env.plugin(['fix-pdb', '--restore', backupIn(folder)]);
      expect(restore.stderr).toBe('');
      expect(restore.status).toBe(0);
      expect(await specs(admin, ALL)).toEqual(before);
    }),
  );

  it('stops after the current write on Ctrl-C (exit 130), prints the restore command, and the restore recovers', () =>
    withSeed(async () => {
      const before = await specs(admin, ALL);
      const run = fixAt(['--node', NODE, '--override-operator-budgets', '--yes'], {
        HU_TEST_KILL_AT: 'before-write-1',
        HU_TEST_SIGNAL: 'SIGINT',
      });
      expect(run.status).toBe(130);
      expect(run.stderr).toContain('stopping after the current write (Ctrl-C)');
      expect(run.stdout).toContain('patched KubeVirt harvester-system/kubevirt');
      // Signal delivery is asynchronous: the write under way when it lands may be the first or the second.
      expect(run.stdout).toMatch(/not changed PodDisruptionBudget harvester-system\/virt-\w+-pdb: not attempted/);
      expect(run.stdout).toContain('Stopped: interrupted (Ctrl-C): the remaining changes were not made');
      expect(run.stdout).toContain(`Restore with: kubectl harvester-upgrade fix-pdb --restore ${backupIn(folder)}`);
      expect((await admin.call('GET', BUDGETS[1] ?? '')).status).toBe(200);
      expect(env.plugin(['fix-pdb', '--restore', backupIn(folder)]).status).toBe(0);
      expect(await specs(admin, ALL)).toEqual(before);
    }));

  it('stops after the current write on SIGTERM too (exit 143), and the restore recovers', () =>
    withSeed(async () => {
      const before = await specs(admin, ALL);
      const run = fixAt(['--node', NODE, '--override-operator-budgets', '--yes'], {
        HU_TEST_KILL_AT: 'before-write-1',
        HU_TEST_SIGNAL: 'SIGTERM',
      });
      expect(run.status).toBe(143);
      expect(run.stderr).toContain('stopping after the current write (SIGTERM)');
      expect(run.stdout).toContain('patched KubeVirt harvester-system/kubevirt');
      expect(run.stdout).toContain('Stopped: interrupted (SIGTERM): the remaining changes were not made');
      expect(run.stdout).toContain(`Restore with: kubectl harvester-upgrade fix-pdb --restore ${backupIn(folder)}`);
      expect(env.plugin(['fix-pdb', '--restore', backupIn(folder)]).status).toBe(0);
      expect(await specs(admin, ALL)).toEqual(before);
    }));

  it('changes nothing when the backup cannot be written', () =>
    withSeed(async () => {
      const before = await specs(admin, ALL);
      const notAFolder = join(folder, 'file');
      writeFileSync(notAFolder, '');
      const run = env.plugin(['fix-pdb', '--node', NODE, '--yes', '--backup-dir', notAFolder]);
      expect(run.status).toBe(3);
      expect(run.stderr).toMatch(
        /^error: cannot write the backup file .*: nothing was changed \(choose a writable folder with --backup-dir\)\n$/,
      );
      expect(await specs(admin, ALL)).toEqual(before);
    }));

  /** fix-pdb at a terminal (through script(1)): `answer` is typed at the prompt once `meanwhile` has run. */
  const atTerminal = (args: readonly string[], meanwhile: () => Promise<void>, answer: string): Promise<CliRun> =>
    new Promise((resolve, reject) => {
      const command = ['kubectl', 'harvester-upgrade', 'fix-pdb', ...args, '--backup-dir', folder].join(' ');
      const child = spawn('script', ['-qec', command, '/dev/null'], { env: terminalEnv(env) });
      let stdout = '';
      let answered = false;
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        if (!answered && stdout.includes('[y/N]')) {
          answered = true;
          meanwhile().then(
            () => child.stdin.write(`${answer}\n`),
            (error: unknown) => {
              child.kill();
              reject(error instanceof Error ? error : new Error(String(error)));
            },
          );
        }
      });
      child.on('error', reject);
      child.on('close', (status) => {
        resolve({ status, stdout, stderr: '' });
      });
    });

  it('asks at a terminal, and changes nothing on "n"', () =>
    withSeed(async () => {
      const before = await specs(admin, ALL);
      const run = await atTerminal(['--node', NODE], () => Promise.resolve(), 'n');
      expect(run.stdout).toContain('Apply 1 change(s) to context admin, with a backup first? [y/N]');
      expect(run.stdout).toContain('Plan only: nothing was changed.');
      expect(run.stdout.split('fix-pdb plan for the drain of node').length).toBe(2);
      expect(run.status).toBe(1);
      expect(readdirSync(folder)).toEqual([]);
      expect(await specs(admin, ALL)).toEqual(before);
    }));

  it('takes Ctrl-C at the prompt as a no, with exit 130', () =>
    withSeed(async () => {
      const before = await specs(admin, ALL);
      const run = await atTerminal(['--node', NODE], () => Promise.resolve(), '\u0003');
      expect(run.stdout).toContain('Plan only: nothing was changed.');
      expect(run.status).toBe(130);
      expect(await specs(admin, ALL)).toEqual(before);
    }));

  it('detects an edit made between the plan and "y" and overwrites nothing', () =>
    withSeed(async () => {
      const edit = { spec: { configuration: { developerConfiguration: { featureGates: ['LiveMigration'] } } } };
      const run = await atTerminal(
        ['--node', NODE],
        async () => {
          await admin.must('PATCH', KUBEVIRT, edit, MERGE_PATCH);
        },
        'y',
      );
      expect(run.status).toBe(3);
      expect(run.stdout).toContain(
        'KubeVirt harvester-system/kubevirt was edited (generation 1 → 2) since the plan was read',
      );
      expect(run.stdout).toContain('nothing was changed');
      const kubevirt = (await admin.must('GET', KUBEVIRT)) as { spec: { infra?: unknown; configuration?: unknown } };
      expect(kubevirt.spec.configuration).toMatchObject(edit.spec.configuration);
      expect(kubevirt.spec.infra).toBeUndefined();
      expect(readdirSync(folder)).toEqual([]);
    }));

  it('goes through when only a budget status changed between the plan and "y" (the disruption controller)', () =>
    withSeed(async () => {
      const run = await atTerminal(
        ['--node', NODE, '--override-operator-budgets'],
        () =>
          setBudgetStatus(admin, NS, 'virt-api-pdb', {
            expectedPods: 2,
            currentHealthy: 1,
            desiredHealthy: 1,
            disruptionsAllowed: 0,
          }),
        'y',
      );
      expect(run.stdout).toContain('deleted PodDisruptionBudget harvester-system/virt-api-pdb');
      expect(run.status).toBe(0);
      expect((await admin.call('GET', BUDGETS[0] ?? '')).status).toBe(404);
      expect(env.plugin(['fix-pdb', '--restore', backupIn(folder)]).status).toBe(0);
    }));

  it('reports, and does not overwrite, an object someone changed after fix-pdb wrote it', () =>
    withSeed(async () => {
      const run = fix(['--node', NODE, '--yes', '-o', 'json']);
      expect(run.status).toBe(0);
      const edited = { spec: { infra: { nodePlacement: { nodeSelector: { zone: 'a' } } } } };
      await admin.must('PATCH', KUBEVIRT, edited, MERGE_PATCH);
      const restore = env.plugin(['fix-pdb', '--restore', backupIn(folder)]);
      expect(restore.status).toBe(1);
      expect(restore.stdout).toMatch(/KubeVirt harvester-system\/kubevirt\s+changed-since\s+skipped/);
      const kubevirt = (await admin.must('GET', KUBEVIRT)) as { spec: { infra?: unknown } };
      expect(kubevirt.spec.infra).toEqual(edited.spec.infra);
    }));

  it('relaxes a user budget (429 → 201) and restores its spec exactly', async () => {
    const namespace = uniqueName('fix-user');
    await admin.must('POST', '/api/v1/namespaces', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: namespace },
    });
    const budget = `/apis/policy/v1/namespaces/${namespace}/poddisruptionbudgets/db-0`;
    const loaded = await loadFixture(admin, join(REPO, 'test', 'fixtures', 'drain', 'daemonsets-only'));
    try {
      await createBlockingPod(admin, namespace, 'db-0', 'harvester-node-2');
      const before = await specs(admin, [budget]);
      expect((await dryRunEviction(admin, namespace, 'db-0')).status).toBe(429);
      const run = fix(['-n', namespace, 'db-0', '--yes']);
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      expect(run.stdout).toContain(`patched PodDisruptionBudget ${namespace}/db-0: spec.minAvailable: 1 → 0`);
      await setBudgetStatus(admin, namespace, 'db-0', {
        expectedPods: 1,
        currentHealthy: 1,
        desiredHealthy: 0,
        disruptionsAllowed: 1,
      });
      expect((await dryRunEviction(admin, namespace, 'db-0')).status).toBe(201);
      const restore = env.plugin(['fix-pdb', '--restore', backupIn(folder)]);
      expect(restore.status).toBe(0);
      expect(await specs(admin, [budget])).toEqual(before);
    } finally {
      await admin.call('DELETE', `/api/v1/namespaces/${namespace}/pods/db-0?gracePeriodSeconds=0`);
      await admin.call('DELETE', budget);
      await loaded.unload();
    }
  });

  it('changes nothing for a user who may read but not write, and names the verb and resource', () =>
    withSeed(async () => {
      const reader = [
        {
          apiGroups: ['', 'policy', 'kubevirt.io', 'longhorn.io', 'batch', 'cluster.x-k8s.io'],
          resources: ['*'],
          verbs: ['get', 'list'],
        },
        { apiGroups: ['harvesterhci.io', 'provisioning.cattle.io'], resources: ['*'], verbs: ['get', 'list'] },
      ];
      // Allowed to patch KubeVirt but not to delete budgets: every write is dry-run before the first real one.
      const revoke = await grantLimitedReader(admin, uniqueName('fix-reader'), [
        ...reader,
        { apiGroups: ['kubevirt.io'], resources: ['kubevirts'], verbs: ['patch'] },
      ]);
      try {
        const before = await specs(admin, ALL);
        const run = fix(['--node', NODE, '--override-operator-budgets', '--yes', '--context', 'limited']);
        expect(run.status).toBe(3);
        expect(run.stderr).toBe(
          "error: forbidden: delete poddisruptionbudgets.policy harvester-system/virt-api-pdb: nothing was changed (server-side dry run) (ask for 'delete' on poddisruptionbudgets.policy in namespace harvester-system)\n",
        );
        expect(readdirSync(folder)).toEqual([]);
        expect(await specs(admin, ALL)).toEqual(before);
      } finally {
        await revoke();
      }
    }));
});

/** script(1) runs the command through a shell: the same PATH and kubeconfig as the plugin helper, no colour. */
const terminalEnv = (env: LiveEnv): NodeJS.ProcessEnv => ({ ...env.environment, TERM: 'dumb' });
