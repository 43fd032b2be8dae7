import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, type CliRun } from '../run-cli.js';
import type { Api } from './api.js';
import { apiServerRunning, kubeconfigYaml, restartApiServer, startApiServer, stopApiServer } from './control-plane.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';
import { loadFixture } from './load-fixture.js';
import { describeLive, liveEnv } from './live-env.js';

/**
 * fix-pdb and its restore across real restarts of kube-apiserver: the test kills the shared control plane's
 * kube-apiserver with SIGKILL, as a crash would, and starts it again with the same arguments (same port, etcd,
 * tokens and serving certificate), while fix-pdb is stopped at a named step (HU_TEST_KILL_AT with SIGSTOP) or while
 * a write is in flight (the fault proxy holds the server's answer). etcd keeps running, so every write the server
 * acknowledged to etcd survives, as in a real cluster. Each test leaves the API server serving, even when it fails.
 */
const SEED = join(REPO, 'test', 'fixtures', 'drain', 'kubevirt-trap-pre-drained');
const NODE = 'harvester-node-0';
const NS = 'harvester-system';
const KUBEVIRT = `/apis/kubevirt.io/v1/namespaces/${NS}/kubevirts/kubevirt`;
const BUDGETS = ['virt-api-pdb', 'virt-controller-pdb'].map(
  (name) => `/apis/policy/v1/namespaces/${NS}/poddisruptionbudgets/${name}`,
);
const ALL = [KUBEVIRT, ...BUDGETS];
const APPLY = ['fix-pdb', '--node', NODE, '--override-operator-budgets', '--yes'];
/** A restart takes a few seconds, and the refused write's retries 3.5 s: more than Jest's default of 5 s. */
const TIMEOUT = 120_000;

/** The specs exactly as the API server serialises them: what "byte-identical after restore" compares. */
const specs = async (api: Api, paths: readonly string[]): Promise<(string | undefined)[]> =>
  Promise.all(
    paths.map(async (path) => {
      const answer = await api.call('GET', path);
      return answer.status === 200 ? JSON.stringify((answer.body as { spec?: unknown }).spec) : undefined;
    }),
  );

/** `T` in /proc/<pid>/stat: stopped by SIGSTOP. kubectl execs the plugin (k8s.io/kubectl: pkg/cmd/cmd.go, syscall.Exec), so the pid is the plugin's. */
const stateOf = (pid: number): string => {
  try {
    return readFileSync(`/proc/${String(pid)}/stat`, 'utf8')
      .replace(/^.*\) /s, '')
      .charAt(0);
  } catch {
    return '';
  }
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Running {
  readonly pid: number;
  readonly done: Promise<CliRun>;
  /** Resolves once the plugin has stopped itself at a step (SIGSTOP); rejects if it ended instead. */
  stopped(): Promise<void>;
  resume(): void;
}

/** One line on stderr, `error: …`, no stack trace. */
const oneLineError = (run: CliRun): string => {
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  return lines[0] ?? '';
};

describeLive('fix-pdb across a real kube-apiserver restart', () => {
  const env = liveEnv();
  if (!env) return;
  const { admin, plane } = env;
  let folder: string;
  let proxy: FaultProxy;
  let proxyConfig: string;

  beforeAll(async () => {
    proxy = await startFaultProxy(plane.server, plane.caFile);
  });
  afterAll(async () => {
    await proxy.close();
  });
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'hu-restart-'));
    proxyConfig = join(folder, 'proxy-config');
    writeFileSync(proxyConfig, kubeconfigYaml(proxy.url, plane.caFile, { admin: plane.adminToken }));
    proxy.rule = () => undefined;
    proxy.seen.length = 0;
  });
  /** Plugins this file started; a failed test may leave one stopped (SIGSTOP), which would hold Jest open. */
  const started: { readonly pid: number; ended: boolean }[] = [];
  afterEach(() => {
    for (const child of started.splice(0)) {
      if (!child.ended) process.kill(child.pid, 'SIGKILL');
    }
    rmSync(folder, { recursive: true, force: true });
  });

  /** Loads the seed; whatever happens, the API server is serving again and the seed is gone afterwards. */
  const withSeed = async (body: () => Promise<void>): Promise<void> => {
    const loaded = await loadFixture(admin, SEED);
    try {
      await body();
    } finally {
      if (!apiServerRunning(plane)) await startApiServer(plane);
      await loaded.unload();
    }
  };

  const backup = (): string => {
    const files = readdirSync(folder).filter((file) => file.startsWith('fix-pdb-'));
    if (files.length !== 1) throw new Error(`expected one backup in ${folder}, found ${files.join(', ') || 'none'}`);
    return join(folder, files[0] ?? '');
  };

  const fix = (args: readonly string[], extra: NodeJS.ProcessEnv = {}): Promise<CliRun> =>
    env.pluginAsync([...args, '--backup-dir', folder], extra);

  /** The plugin as a child process the test can stop and resume; `steps` are where it stops itself. */
  const start = (args: readonly string[], steps: readonly string[]): Running => {
    const child = spawn(env.kubectl, ['harvester-upgrade', ...args], {
      env: { ...env.stepsEnvironment, HU_TEST_KILL_AT: steps.join(','), HU_TEST_SIGNAL: 'SIGSTOP' },
    });
    let stdout = '';
    let stderr = '';
    const pid = child.pid ?? 0;
    const record = { pid, ended: false };
    started.push(record);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const done = new Promise<CliRun>((resolve) => {
      child.on('exit', () => {
        record.ended = true;
      });
      child.on('close', (status) => {
        resolve({ status, stdout, stderr });
      });
    });
    return {
      pid,
      done,
      stopped: async () => {
        while (stateOf(pid) !== 'T') {
          if (record.ended)
            throw new Error(`the plugin ended instead of stopping at ${steps.join(' or ')}:\n${stdout}\n${stderr}`);
          await sleep(50);
        }
      },
      resume: () => {
        process.kill(pid, 'SIGCONT');
      },
    };
  };

  it(
    'a: a write the server applied, then died before answering: "maybe changed", exit 3; the restore recovers after the restart',
    () =>
      withSeed(async () => {
        const before = await specs(admin, ALL);
        // The real DELETE of virt-api-pdb (its dry run goes first and through): forwarded, applied, and then the API
        // server is killed before the proxy relays the answer, which cuts the plugin's connection as the dying
        // server's own socket would.
        let dryRunSeen = false;
        proxy.rule = (request) => {
          if (request.method !== 'DELETE' || !(request.url ?? '').includes('virt-api-pdb')) return undefined;
          if (!dryRunSeen) {
            dryRunSeen = true;
            return undefined;
          }
          return { kind: 'drop-after', meanwhile: () => stopApiServer(plane) };
        };
        const run = await fix([...APPLY, '--kubeconfig', proxyConfig]);
        expect(proxy.actionErrors).toEqual([]);
        expect(apiServerRunning(plane)).toBe(false);
        expect(run.status).toBe(3);
        expect(run.stdout).toContain('patched KubeVirt harvester-system/kubevirt');
        expect(run.stdout).toContain('maybe changed PodDisruptionBudget harvester-system/virt-api-pdb');
        expect(run.stdout).toContain(
          'not changed PodDisruptionBudget harvester-system/virt-controller-pdb: not attempted',
        );
        expect(run.stdout).toContain(`Restore with: kubectl harvester-upgrade fix-pdb --restore ${backup()}`);
        expect(oneLineError(run)).toMatch(
          /^error: delete PodDisruptionBudget harvester-system\/virt-api-pdb did not finish \(.*\); whatever it changed is in the backup$/,
        );

        await startApiServer(plane);
        // The server had applied it: the budget is gone after the restart.
        expect((await admin.call('GET', BUDGETS[0] ?? '')).status).toBe(404);
        proxy.rule = () => undefined;
        const restore = await env.pluginAsync([
          'fix-pdb',
          '--restore',
          backup(),
          '--kubeconfig',
          proxyConfig,
          '-o',
          'json',
        ]);
        expect(restore.stderr).toBe('');
        expect(restore.status).toBe(0);
        expect(
          (JSON.parse(restore.stdout) as { steps: { outcome: string }[] }).steps.map((step) => step.outcome),
        ).toEqual(['revert', 'recreate', 'identical']);
        expect(await specs(admin, ALL)).toEqual(before);
      }),
    TIMEOUT,
  );

  it(
    'b: restarted between two writes while fix-pdb waits: the next write goes on a new connection, and fix-pdb completes',
    () =>
      withSeed(async () => {
        const before = await specs(admin, ALL);
        const plugin = start([...APPLY, '--backup-dir', folder], ['after-record-1']);
        await plugin.stopped();
        const certificate = readFileSync(plane.caFile, 'utf8');
        const [etcd, apiserver] = plane.pids;
        await restartApiServer(plane);
        // The same serving certificate (the kubeconfig's CA), and the new process recorded where global teardown and
        // .ci/run's stop_leftovers look for what to kill.
        expect(readFileSync(plane.caFile, 'utf8')).toBe(certificate);
        expect(plane.pids).toHaveLength(2);
        expect(plane.pids[0]).toBe(etcd);
        expect(plane.pids[1]).not.toBe(apiserver);
        const state = JSON.parse(readFileSync(process.env.HU_LIVE_STATE ?? '', 'utf8')) as {
          plane: { pids: number[] };
        };
        expect(state.plane.pids).toEqual(plane.pids);
        plugin.resume();
        const run = await plugin.done;
        // On the kept-alive connection of the dead server this write failed with "socket hang up" and was reported
        // "maybe changed" although it never left this machine; each write now opens its own connection.
        expect(run.stderr).toBe('');
        expect(run.status).toBe(0);
        expect(run.stdout).toContain('patched KubeVirt harvester-system/kubevirt');
        expect(run.stdout).toContain('deleted PodDisruptionBudget harvester-system/virt-api-pdb');
        expect(run.stdout).toContain('deleted PodDisruptionBudget harvester-system/virt-controller-pdb');
        expect(await specs(admin, BUDGETS)).toEqual([undefined, undefined]);
        const restore = await env.pluginAsync(['fix-pdb', '--restore', backup()]);
        expect(restore.status).toBe(0);
        expect(await specs(admin, ALL)).toEqual(before);
      }),
    TIMEOUT,
  );

  it(
    'c: still down when fix-pdb resumes: the refused write is tried 4 times, then reported not sent; exit 3; the restore recovers once it is back',
    () =>
      withSeed(async () => {
        const before = await specs(admin, ALL);
        const plugin = start([...APPLY, '--backup-dir', folder], ['after-record-1']);
        await plugin.stopped();
        await stopApiServer(plane);
        plugin.resume();
        const run = await plugin.done;
        expect(run.status).toBe(3);
        expect(run.stdout).toContain('patched KubeVirt harvester-system/kubevirt');
        expect(run.stdout).toContain(
          'not changed PodDisruptionBudget harvester-system/virt-api-pdb: not sent: the API server refused the connection',
        );
        expect(run.stdout).toContain(
          'not changed PodDisruptionBudget harvester-system/virt-controller-pdb: not attempted',
        );
        expect(run.stdout).toContain(
          `Restore with: kubectl harvester-upgrade fix-pdb --restore ${backup()} --context admin`,
        );
        expect(oneLineError(run)).toMatch(
          /^error: delete PodDisruptionBudget harvester-system\/virt-api-pdb was not sent \(cannot reach the API server at https:\/\/127\.0\.0\.1:\d+: connect ECONNREFUSED [\d.:]+, refused 4 times in 3\.5s \(check --context and that the cluster is up\)\): it changed nothing, and the backup restores the changes before it$/,
        );

        // A restore while it is still down: one line, nothing half-done.
        const early = await env.pluginAsync(['fix-pdb', '--restore', backup()]);
        expect(early.status).toBe(3);
        expect(oneLineError(early)).toMatch(/^error: cannot reach the API server at .*ECONNREFUSED/);

        await startApiServer(plane);
        // The refused write never reached the server.
        expect((await admin.call('GET', BUDGETS[0] ?? '')).status).toBe(200);
        const restore = await env.pluginAsync(['fix-pdb', '--restore', backup(), '-o', 'json']);
        expect(restore.status).toBe(0);
        expect(
          (JSON.parse(restore.stdout) as { steps: { outcome: string }[] }).steps.map((step) => step.outcome),
        ).toEqual(['revert', 'identical', 'identical']);
        expect(await specs(admin, ALL)).toEqual(before);
      }),
    TIMEOUT,
  );

  it(
    'c: sends a refused write again once the API server is back, and completes',
    () =>
      withSeed(async () => {
        const before = await specs(admin, ALL);
        const plugin = start([...APPLY, '--backup-dir', folder], ['after-record-1', 'refused-write-2']);
        await plugin.stopped();
        await stopApiServer(plane);
        plugin.resume();
        // Refused once; stopped again before the second try, which the test lets go once the server serves.
        await plugin.stopped();
        await startApiServer(plane);
        plugin.resume();
        const run = await plugin.done;
        expect(run.stderr).toBe('');
        expect(run.status).toBe(0);
        expect(run.stdout).toContain('deleted PodDisruptionBudget harvester-system/virt-api-pdb');
        expect(run.stdout).toContain('deleted PodDisruptionBudget harvester-system/virt-controller-pdb');
        const restore = await env.pluginAsync(['fix-pdb', '--restore', backup()]);
        expect(restore.status).toBe(0);
        expect(await specs(admin, ALL)).toEqual(before);
      }),
    TIMEOUT,
  );

  it(
    'killed in the middle of a restore: names each object not restored in one line, exit 3; the next restore completes exactly',
    () =>
      withSeed(async () => {
        const before = await specs(admin, ALL);
        const run = await fix(APPLY);
        expect(run.status).toBe(0);
        const file = backup();

        const plugin = start(['fix-pdb', '--restore', file], ['restore-before-2']);
        await plugin.stopped();
        await stopApiServer(plane);
        plugin.resume();
        const restore = await plugin.done;
        expect(restore.status).toBe(3);
        expect(restore.stdout).toMatch(/KubeVirt harvester-system\/kubevirt\s+revert\s+done/);
        expect(restore.stdout).toMatch(/PodDisruptionBudget harvester-system\/virt-api-pdb\s+recreate\s+failed/);
        expect(restore.stdout).toMatch(/PodDisruptionBudget harvester-system\/virt-controller-pdb\s+recreate\s+failed/);
        const lines = restore.stderr.trim().split('\n');
        expect(lines).toHaveLength(2);
        expect(lines[0]).toMatch(
          /^error: PodDisruptionBudget harvester-system\/virt-api-pdb: not restored: the write was not sent \(cannot reach the API server at .*ECONNREFUSED.*, refused 4 times in 3\.5s .*\); run --restore again once the API server answers$/,
        );
        expect(lines[1]).toMatch(
          /^error: PodDisruptionBudget harvester-system\/virt-controller-pdb: not restored: not attempted after the API server at https:\/\/127\.0\.0\.1:\d+ refused the connection; run --restore again once it answers$/,
        );

        await startApiServer(plane);
        const again = await env.pluginAsync(['fix-pdb', '--restore', file, '-o', 'json']);
        expect(again.stderr).toBe('');
        expect(again.status).toBe(0);
        expect(
          (JSON.parse(again.stdout) as { steps: { outcome: string }[] }).steps.map((step) => step.outcome),
        ).toEqual(['identical', 'recreate', 'recreate']);
        expect(await specs(admin, ALL)).toEqual(before);
      }),
    TIMEOUT,
  );
});
