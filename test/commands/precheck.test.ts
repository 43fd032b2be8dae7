import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PrecheckResult } from '../../src/results/precheck.js';
import { itWithSharedBundle, REPO, runCli, SHARED_BUNDLE, type CliRun } from '../run-cli.js';
import { documentOf } from '../schema.js';

const SCENARIOS = join(REPO, 'test', 'fixtures', 'scenarios');
const scenario = (name: string): string => join(SCENARIOS, name);
const precheck = (run: CliRun): PrecheckResult => documentOf('PrecheckReport', run);
const failing = (result: PrecheckResult): string[] =>
  result.checks.filter((check) => check.status === 'fail' || check.status === 'warn').map((check) => check.id);

describe('precheck on the seed scenarios', () => {
  it('passes a healthy three-node cluster with exit 0; only the live-only checks are not evaluated', () => {
    const run = runCli(['precheck', '--bundle', scenario('healthy-3-node'), '-o', 'json']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const result = precheck(run);
    expect(result.findings).toEqual([]);
    expect(result.harvesterVersion).toBe('v1.5.1');
    expect(failing(result)).toEqual([]);
    expect(result.checks.filter((check) => check.status === 'not-evaluated').map((check) => check.id)).toEqual([
      'api-server-certificate-expiry',
      'rke2-certificate-expiry',
      'node-disk-space',
    ]);
  });

  it('fails a Running pod whose sidecar is not ready, naming the container, its reason and restarts', () => {
    const run = runCli(['precheck', '--bundle', scenario('unready-sidecar'), '-o', 'json']);
    expect(run.status).toBe(1);
    const result = precheck(run);
    expect(failing(result)).toEqual(['pod-containers-not-ready']);
    expect(result.findings).toEqual([
      expect.objectContaining({
        check: 'pod-containers-not-ready',
        severity: 'error',
        object: { kind: 'Pod', namespace: 'harvester-system', name: 'harvester-webhook-7d9c6f5b8-lq2zx' },
        message: expect.stringMatching(/proxy.*CrashLoopBackOff.*14 restarts/) as unknown,
      }),
    ]);
  });

  it('fails a Pending pod with its scheduling reason', () => {
    const run = runCli(['precheck', '--bundle', scenario('pending-pod'), '-o', 'json']);
    expect(run.status).toBe(1);
    const result = precheck(run);
    expect(failing(result)).toEqual(['pod-pending']);
    expect(result.findings).toEqual([
      expect.objectContaining({
        check: 'pod-pending',
        object: { kind: 'Pod', namespace: 'cattle-system', name: 'rancher-5b8c9d7f6-p4m2n' },
        message: expect.stringContaining("didn't match pod anti-affinity rules") as unknown,
      }),
    ]);
  });

  it('does not flag the failed first pod of an upgrade Job whose second pod completed', () => {
    const run = runCli(['precheck', '--bundle', scenario('suc-superseded-attempt'), '-o', 'json']);
    expect(run.status).toBe(0);
    expect(precheck(run).findings).toEqual([]);
  });

  it('names the orphan machine whose providerID points at a node that does not exist', () => {
    const run = runCli(['precheck', '--bundle', scenario('orphan-machine'), '-o', 'json']);
    expect(run.status).toBe(1);
    const result = precheck(run);
    expect(failing(result).sort()).toEqual(['machine-node-count', 'machine-not-running', 'machine-without-node']);
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        check: 'machine-without-node',
        object: { kind: 'Machine', namespace: 'fleet-local', name: 'custom-04d2794190a3' },
        message: expect.stringContaining('harv44') as unknown,
      }),
    );
  });

  it('predicts the stuck Pre-drained drain of KubeVirt 1.3 on a single control-plane node', () => {
    const run = runCli(['precheck', '--bundle', scenario('kubevirt-single-control-plane'), '-o', 'json']);
    expect(run.status).toBe(1);
    const result = precheck(run);
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        check: 'kubevirt-control-plane-placement',
        severity: 'error',
        object: { kind: 'KubeVirt', namespace: 'harvester-system', name: 'kubevirt' },
        remedy: expect.stringContaining('"nodePlacement":{}') as unknown,
      }),
    );
    expect(failing(result).sort()).toEqual(['kubevirt-control-plane-placement', 'single-control-plane']);
  });

  it('reports a node lost mid-upgrade: NotReady, its machine Provisioning, kubelets on two minors', () => {
    const run = runCli(['precheck', '--bundle', scenario('node-lost-mid-upgrade'), '-o', 'json']);
    expect(run.status).toBe(1);
    const result = precheck(run);
    expect(failing(result)).toEqual(
      expect.arrayContaining(['node-not-ready', 'machine-not-running', 'kubelet-version-skew']),
    );
    expect(result.findings).toContainEqual(
      expect.objectContaining({ check: 'node-not-ready', object: { kind: 'Node', name: 'harvester-node-2' } }),
    );
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        check: 'kubelet-version-skew',
        severity: 'error',
        message: expect.stringMatching(
          /v1\.29\.9\+rke2r1.*v1\.30\.7\+rke2r1|v1\.30\.7\+rke2r1.*v1\.29\.9\+rke2r1/,
        ) as unknown,
      }),
    );
  });
});

describe('precheck verdicts on objects as real clusters show them (issue #21)', () => {
  const findingsOf = (result: PrecheckResult, check: string) => result.findings.filter((f) => f.check === check);

  it('reports the latest Upgrade left Failed with its message and node states, not "no upgrade is in progress"', () => {
    const result = precheck(runCli(['precheck', '--bundle', scenario('node-lost-mid-upgrade'), '-o', 'json']));
    expect(result.checks).toContainEqual(expect.objectContaining({ id: 'upgrade-in-progress', status: 'warn' }));
    expect(findingsOf(result, 'upgrade-in-progress')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        object: { kind: 'Upgrade', namespace: 'harvester-system', name: 'hvst-upgrade-7xkq2' },
        message: expect.stringMatching(
          /^the latest upgrade to v1\.4\.1 failed: NodeUpgradeFailed; nodes: .*harvester-node-2 Failed \(Job has reached the specified backoff limit\)/,
        ) as unknown,
      }),
    ]);
  });

  it('during the node phase, points at explain-drain for the drained node and lets the waiting nodes lag', () => {
    const result = precheck(runCli(['precheck', '--bundle', scenario('upgrade-draining-node'), '-o', 'json']));
    const cordoned = findingsOf(result, 'node-unschedulable');
    expect(cordoned).toEqual([
      expect.objectContaining({
        severity: 'warning',
        object: { kind: 'Node', name: 'harvester-node-1' },
        message: expect.stringContaining(
          'while Upgrade hvst-upgrade-m4x2p upgrades the nodes (node state Pre-drained)',
        ) as unknown,
        remedy: expect.stringContaining('kubectl harvester-upgrade explain-drain harvester-node-1') as unknown,
      }),
    ]);
    expect(JSON.stringify(result)).not.toContain('kubectl uncordon');
    expect(findingsOf(result, 'kubelet-version-skew').map((f) => [f.object.name, f.severity])).toEqual([
      ['harvester-node-1', 'info'],
      ['harvester-node-2', 'info'],
    ]);
  });

  it('judges volumes by what they show: degraded by their own robustness, users unknown without kubernetesStatus', () => {
    const folder = mkdtempSync(join(tmpdir(), 'hu-no-replicas-'));
    try {
      cpSync(scenario('volume-without-kubernetes-status'), folder, { recursive: true });
      const whole = precheck(runCli(['precheck', '--bundle', folder, '-o', 'json']));
      rmSync(join(folder, 'replicas.json'));
      const noReplicas = precheck(runCli(['precheck', '--bundle', folder, '-o', 'json']));
      for (const result of [whole, noReplicas]) {
        expect(result.checks).toContainEqual(
          expect.objectContaining({ id: 'longhorn-volume-degraded', status: 'fail' }),
        );
        expect(findingsOf(result, 'longhorn-volume-degraded')).toEqual([
          expect.objectContaining({ message: 'robustness is degraded (state attached, PVC default/db-0-disk-0)' }),
        ]);
        expect(findingsOf(result, 'longhorn-stale-attached-volume')).toEqual([
          expect.objectContaining({
            severity: 'warning',
            message: expect.stringContaining('no kubernetesStatus, so which workloads use it is unknown') as unknown,
          }),
        ]);
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('precheck on the node-loss scenarios (issue #11)', () => {
  it('names the NotReady etcd member of three: the next reboot of another member loses quorum', () => {
    const run = runCli(['precheck', '--bundle', scenario('etcd-member-not-ready'), '-o', 'json']);
    expect(run.status).toBe(1);
    const result = precheck(run);
    expect(failing(result).sort()).toEqual([
      'etcd-quorum-at-risk',
      'longhorn-manager-not-ready',
      'node-not-ready',
      'volume-redundancy-on-node-loss',
    ]);
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        check: 'etcd-quorum-at-risk',
        severity: 'error',
        object: { kind: 'Node', name: 'harvester-node-2' },
        message: expect.stringContaining('2 of 3 etcd members are Ready and quorum needs 2') as unknown,
      }),
    );
  });

  it('names the node holding the only healthy replica of a volume', () => {
    const run = runCli(['precheck', '--bundle', scenario('last-healthy-replica'), '-o', 'json']);
    expect(run.status).toBe(1);
    const result = precheck(run);
    expect(failing(result).sort()).toEqual(['longhorn-volume-degraded', 'volume-redundancy-on-node-loss']);
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        check: 'volume-redundancy-on-node-loss',
        severity: 'error',
        object: { kind: 'Volume', namespace: 'longhorn-system', name: 'pvc-0d7c3e1a-5b2f-4c1e-9a7d-000000000001' },
        message: expect.stringMatching(/^its only healthy replica is on harvester-node-0 \(1 of 3/) as unknown,
      }),
    );
  });

  it('names the node whose VMs the others cannot absorb, and by how much', () => {
    const run = runCli(['precheck', '--bundle', scenario('no-migration-headroom'), '-o', 'json']);
    expect(run.status).toBe(0);
    const result = precheck(run);
    expect(failing(result)).toEqual(['migration-headroom']);
    expect(result.findings).toEqual([
      expect.objectContaining({
        check: 'migration-headroom',
        severity: 'warning',
        object: { kind: 'Node', name: 'harvester-node-0' },
        message: expect.stringContaining(
          '(short by 6 CPU and 24Gi memory), so default/web-1 cannot be live-migrated',
        ) as unknown,
      }),
    ]);
  });

  it('judges backup age at the time the bundle was taken, with --backup-max-age and --warn-old-backups', () => {
    const args = [
      'precheck',
      '--bundle',
      scenario('healthy-3-node'),
      '--only',
      'vm-without-recent-backup',
      '-o',
      'json',
    ];
    // The backups were taken at 02:00, the bundle at 12:00 the same day.
    expect(precheck(runCli(args)).findings).toEqual([]);
    const strict = runCli([...args, '--backup-max-age', '6h']);
    expect(strict.status).toBe(0);
    expect(
      precheck(strict).findings.map((finding) => [finding.severity, finding.object.name, finding.message]),
    ).toEqual([
      ['info', 'db-0', 'its last completed backup, db-0-nightly taken 2026-11-21T02:00:00Z, is older than 6h'],
      ['info', 'web-0', 'its last completed backup, web-0-nightly taken 2026-11-21T02:00:00Z, is older than 6h'],
    ]);
    const warned = runCli([...args, '--backup-max-age', '6h', '--warn-old-backups', '--fail-on', 'warning']);
    expect(warned.status).toBe(1);
    expect(precheck(warned).findings.map((finding) => finding.severity)).toEqual(['warning', 'warning']);
  });

  it('refuses a --backup-max-age without a unit in one line with exit 2', () => {
    const run = runCli(['precheck', '--bundle', scenario('healthy-3-node'), '--backup-max-age', '7']);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      'error: --backup-max-age: invalid age "7": use a positive number with a unit such as 7d, 36h or 1d12h',
    ]);
  });

  it('refuses an --upgrade-annotation the webhook does not read, in one line with exit 2', () => {
    for (const value of ['harvesterhci.io/skipWebhook=true', 'harvesterhci.io/skipSingleReplicaDetachedVol']) {
      const run = runCli(['precheck', '--bundle', scenario('healthy-3-node'), '--upgrade-annotation', value]);
      expect(run.status).toBe(2);
      expect(run.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(
          /^error: --upgrade-annotation: give KEY=VALUE with KEY one of harvesterhci\.io\/minFreeDiskSpaceGB, /,
        ),
      ]);
    }
  });
});

describe('precheck flags and output', () => {
  it('lists every check with --list, and as JSON', () => {
    const run = runCli(['precheck', '--list']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^GROUP\s+CHECK\s+TITLE/);
    expect(run.stdout).toContain('pod-containers-not-ready');
    const list = documentOf('CheckList', runCli(['precheck', '--list', '-o', 'json']));
    expect(list.checks.length).toBeGreaterThan(40);
    expect(list.checks.every((check) => check.description.length > 0)).toBe(true);
  });

  it('runs only the checks named by --only, and reads only what they need', () => {
    const run = runCli([
      'precheck',
      '--bundle',
      scenario('unready-sidecar'),
      '--only',
      'pod-pending,node-not-ready',
      '-o',
      'json',
    ]);
    expect(run.status).toBe(0);
    expect(precheck(run).checks.map((check) => [check.id, check.status])).toEqual([
      ['node-not-ready', 'pass'],
      ['pod-pending', 'pass'],
    ]);
  });

  it('shows checks left out with --skip as SKIP', () => {
    const run = runCli([
      'precheck',
      '--bundle',
      scenario('unready-sidecar'),
      '--skip',
      'pod-containers-not-ready',
      '-o',
      'json',
    ]);
    expect(run.status).toBe(0);
    expect(precheck(run).checks).toContainEqual(
      expect.objectContaining({ id: 'pod-containers-not-ready', status: 'skip', reason: 'left out with --skip' }),
    );
  });

  it('refuses an unknown check id in one line with exit 2', () => {
    const run = runCli(['precheck', '--bundle', scenario('healthy-3-node'), '--only', 'pods-are-fine']);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      "error: --only: unknown check id pods-are-fine; list the ids with 'kubectl harvester-upgrade precheck --list'",
    ]);
  });

  it('makes warnings fail with --fail-on warning', () => {
    const args = ['precheck', '--bundle', scenario('kubevirt-single-control-plane'), '--only', 'single-control-plane'];
    expect(runCli(args).status).toBe(0);
    expect(runCli([...args, '--fail-on', 'warning']).status).toBe(1);
  });

  it('says why a version-gated check was skipped', () => {
    const result = precheck(runCli(['precheck', '--bundle', scenario('healthy-3-node'), '-o', 'json']));
    expect(result.checks).toContainEqual(
      expect.objectContaining({
        id: 'backup-target-refresh-interval',
        status: 'skip',
        reason: expect.stringContaining('this cluster runs v1.5.1') as unknown,
      }),
    );
  });

  it('prints a table grouped by check with the object, the fact and the fix, and no colour when piped', () => {
    const run = runCli(['precheck', '--bundle', scenario('unready-sidecar')]);
    expect(run.status).toBe(1);
    expect(run.stdout).not.toContain('\u001b[');
    expect(run.stdout).toMatch(/^Harvester v1\.5\.1 · bundle /);
    expect(run.stdout).toMatch(/GROUP\s+CHECK\s+STATUS\s+DETAIL/);
    expect(run.stdout).toMatch(/Pods\s+pod-containers-not-ready\s+FAIL/);
    expect(run.stdout).toMatch(
      /Cluster\s+api-server-certificate-expiry\s+NOT EVALUATED\s+API server certificate: read live only/,
    );
    expect(run.stdout).toContain('FAIL  pod-containers-not-ready:');
    expect(run.stdout).toContain('ERROR  Pod/harvester-system/harvester-webhook-7d9c6f5b8-lq2zx:');
    expect(run.stdout).toMatch(/\n {4}fix: /);
    expect(run.stdout).toMatch(/Summary: 1 failed, 0 warned, \d+ passed, \d+ skipped, 3 not evaluated\./);
  });

  it('prints YAML with the same contract', () => {
    const run = runCli(['precheck', '--bundle', scenario('healthy-3-node'), '-o', 'yaml']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^apiVersion: harvester-upgrade.kubectl\/v1alpha1\nkind: PrecheckReport\n/);
  });

  itWithSharedBundle('reads the shared real v1.0 support bundle without failing a check on old shapes', () => {
    const run = runCli(['precheck', '--bundle', SHARED_BUNDLE, '-o', 'json']);
    expect([0, 1]).toContain(run.status);
    const result = precheck(run);
    expect(result.findings.filter((finding) => finding.check === 'check-failed')).toEqual([]);
    // A v1.0 support bundle has no settings.harvesterhci.io: the version checks say so instead of guessing.
    expect(result.harvesterVersion).toBeNull();
    expect(result.checks).toContainEqual(
      expect.objectContaining({
        id: 'harvester-version-unknown',
        status: 'not-evaluated',
        reason: 'the bundle holds no settings.harvesterhci.io',
      }),
    );
    // Its support-bundle paths hold node-disk-manager's BlockDevices and Longhorn's v1beta1 nodes (map-shaped
    // conditions, "null" strings); both are read, not reported missing, and a healthy disk passes.
    expect(result.checks).toContainEqual(expect.objectContaining({ id: 'blockdevice-unhealthy', status: 'pass' }));
    expect(result.checks).toContainEqual(expect.objectContaining({ id: 'longhorn-disk-unhealthy', status: 'pass' }));
    expect(run.stdout.length).toBeGreaterThan(0);
  });

  itWithSharedBundle('clips a huge condition message in the table and keeps it whole in JSON', () => {
    const table = runCli(['precheck', '--bundle', SHARED_BUNDLE, '--only', 'managed-chart-not-ready']).stdout;
    expect(table).toMatch(/… \(\d+ characters; see -o json\)/);
    const result = precheck(
      runCli(['precheck', '--bundle', SHARED_BUNDLE, '--only', 'managed-chart-not-ready', '-o', 'json']),
    );
    expect(Math.max(...result.findings.map((finding) => finding.message.length))).toBeGreaterThan(400);
  });
});

describe('precheck --to: the upgrade path', () => {
  const PATH_SCENARIO = scenario('path-to-v1-4-2-rc1');

  it('takes the newest Version object and predicts the Pre-drained drain KubeVirt 1.3.1 brings to one control-plane node', () => {
    const run = runCli(['precheck', '--bundle', PATH_SCENARIO, '-o', 'json']);
    expect(run.status).toBe(1);
    const result = precheck(run);
    expect(result.path).toMatchObject({
      from: 'v1.4.1',
      to: 'v1.4.2-rc1',
      target: 'newest-version',
      minUpgradableVersion: 'v1.4.1',
    });
    expect(result.path?.entries).toContainEqual({
      id: 'kubevirt-placement-arrives',
      source: 'https://github.com/harvester/harvester/issues/7647',
      status: 'fail',
    });
    expect(result.path?.entries).toContainEqual(
      expect.objectContaining({ id: 'harvester-version-guard', status: 'pass' }),
    );
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        check: 'kubevirt-placement-arrives',
        severity: 'error',
        object: { kind: 'KubeVirt', namespace: 'harvester-system', name: 'kubevirt' },
        path: { from: 'v1.4.1', to: 'v1.4.2-rc1' },
      }),
    );
    // Today's KubeVirt 1.2.2 is not affected: only the path is.
    expect(result.findings.filter((finding) => finding.check === 'kubevirt-control-plane-placement')).toEqual([]);
  });

  it('stays quiet about the placement for a target whose chart sets nodePlacement, and asks for its Version object', () => {
    const run = runCli(['precheck', '--bundle', PATH_SCENARIO, '--to', 'v1.4.2', '-o', 'json']);
    const result = precheck(run);
    expect(result.path).toMatchObject({ from: 'v1.4.1', to: 'v1.4.2', target: 'flag', minUpgradableVersion: null });
    expect(result.path?.entries).toContainEqual(
      expect.objectContaining({ id: 'kubevirt-placement-arrives', status: 'pass' }),
    );
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        check: 'harvester-version-guard',
        severity: 'warning',
        message: expect.stringContaining('no Version object v1.4.2') as unknown,
      }),
    );
  });

  it('prints the PATH section with the version pair, the entry and its fix', () => {
    const run = runCli(['precheck', '--bundle', PATH_SCENARIO]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('PATH v1.4.1 → v1.4.2-rc1');
    expect(run.stdout).toContain('FAIL  kubevirt-placement-arrives (v1.4.1 → v1.4.2-rc1)');
    expect(run.stdout).toContain('patch kubevirt kubevirt --type merge -p \'{"spec":{"infra":{"nodePlacement":{}}}}\'');
  });

  it('refuses a downgrade typed with --to as a usage error', () => {
    const run = runCli(['precheck', '--bundle', PATH_SCENARIO, '--to', 'v1.4.0']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      'error: --to v1.4.0: this cluster runs v1.4.1, and Harvester refuses downgrades (downgrading is prohibited)\n',
    );
  });

  it('refuses a --to that names no version before anything is read', () => {
    // The bundle does not exist: the --to mistake is found first, as every flag's is.
    const run = runCli(['precheck', '--bundle', 'no-such-bundle', '--to=']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('error: --to: give the version to upgrade to, such as v1.5.0\n');
    expect(run.stdout).toBe('');
  });

  it('flags a Kubernetes minor skip and a path the docs do not list', () => {
    const run = runCli(['precheck', '--bundle', scenario('healthy-3-node'), '--to', 'v1.7.0', '-o', 'json']);
    expect(run.status).toBe(1);
    const result = precheck(run);
    expect(result.path?.entries.map((entry) => [entry.id, entry.status])).toEqual(
      expect.arrayContaining([
        ['kubernetes-minor-skip', 'fail'],
        ['undocumented-upgrade-path', 'warn'],
      ]),
    );
  });

  it('counts the path entries in the summary and lists them among the checks, where a jq filter finds a failed one', () => {
    const args = ['precheck', '--bundle', scenario('healthy-3-node'), '--to', 'v1.7.0'];
    const result = precheck(runCli([...args, '-o', 'json']));
    const notPassing = result.checks.filter((check) => check.status !== 'pass');
    expect(notPassing).toEqual(
      expect.arrayContaining([
        { id: 'kubernetes-minor-skip', title: expect.any(String) as unknown, group: 'Path', status: 'fail' },
        { id: 'undocumented-upgrade-path', title: expect.any(String) as unknown, group: 'Path', status: 'warn' },
      ]),
    );
    const count = (status: string) => result.checks.filter((check) => check.status === status).length;
    expect(result.summary).toMatch(
      new RegExp(`^${String(count('fail'))} failed, ${String(count('warn'))} warned, ${String(count('pass'))} passed`),
    );
    // The check rows alone would give one failure fewer: kubernetes-minor-skip is a path entry.
    expect(count('fail')).toBe(result.checks.filter((c) => c.group !== 'Path' && c.status === 'fail').length + 1);
    expect(runCli(args).stdout).toContain(`Summary: ${result.summary}.`);
  });

  it('names the docs known issue of v1.6.x → v1.7.x that the cluster shows: fleet left pending-upgrade (#9738)', () => {
    const run = runCli(['precheck', '--bundle', scenario('helm-release-pending'), '--to', 'v1.7.0', '-o', 'json']);
    expect(run.status).toBe(1);
    const result = precheck(run);
    expect(result.path?.entries).toContainEqual(
      expect.objectContaining({ id: 'fleet-pending-upgrade-v1-7', status: 'fail' }),
    );
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        check: 'fleet-pending-upgrade-v1-7',
        object: { kind: 'Secret', namespace: 'cattle-fleet-system', name: 'sh.helm.release.v1.fleet.v3' },
        message: expect.stringContaining('the upgrade script of v1.7.0 never rolls it back') as unknown,
        path: { from: 'v1.6.1', to: 'v1.7.0' },
      }),
    );
    // The check says the same without the path, and the healthy cluster shows neither.
    expect(result.findings.filter((finding) => finding.check === 'helm-release-pending')).toHaveLength(1);
    const healthy = precheck(
      runCli(['precheck', '--bundle', scenario('healthy-3-node'), '--to', 'v1.7.0', '-o', 'json']),
    );
    expect(healthy.path?.entries).not.toContainEqual(expect.objectContaining({ id: 'fleet-pending-upgrade-v1-7' }));
  });

  it('says why no path was evaluated when no Version object is newer and --to is not given', () => {
    const run = runCli(['precheck', '--bundle', scenario('healthy-3-node')]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(
      'PATH not evaluated: no Version object in harvester-system is newer than v1.5.1; pass --to VERSION',
    );
    expect(precheck(runCli(['precheck', '--bundle', scenario('healthy-3-node'), '-o', 'json'])).path).toBeNull();
  });
});
