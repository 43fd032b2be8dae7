import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StatusResult } from '../../src/results/status.js';
import { REPO, runCli, type CliRun } from '../run-cli.js';
import { documentOf } from '../schema.js';

const STATUS = join(REPO, 'test', 'fixtures', 'status');
const statusJson = (run: CliRun): StatusResult => documentOf('StatusReport', run);
const status = (scenario: string, ...args: string[]): CliRun =>
  runCli(['status', '--bundle', join(STATUS, scenario), ...args]);

/** Each scenario's phase in progress, the object and field it waits on, and the words that say so. */
const WAITS: readonly (readonly [string, string, string, string, string])[] = [
  [
    'preload-suc-plan-stuck',
    'preload',
    'Plan cattle-system/hvst-upgrade-s7k2m-prepare',
    'status.applying',
    'image preload is waiting for Plan cattle-system/hvst-upgrade-s7k2m-prepare to finish on harvester-node-1 (its Job apply-hvst-upgrade-s7k2m-prepare-on-harvester-node-1-with-aaad0 failed)',
  ],
  [
    'manifests-kubevirt',
    'system-services',
    'KubeVirt harvester-system/kubevirt',
    'status.phase, status.observedKubeVirtVersion',
    'apply-manifests is waiting for KubeVirt harvester-system/kubevirt to reach phase Deployed at v1.4.1: phase Deploying, observedKubeVirtVersion v1.4.0, virt-handler 2/3 ready',
  ],
  [
    'manifests-helm-pending',
    'system-services',
    'Secret cattle-fleet-system/sh.helm.release.v1.fleet.v3',
    'metadata.labels[status]',
    'apply-manifests is waiting for the Helm release cattle-fleet-system/fleet to leave pending-upgrade (revision 3, since 2026-11-21T10:02:00Z; last deployed 2)',
  ],
  [
    'manifests-managed-chart',
    'system-services',
    'ManagedChart fleet-local/harvester',
    'status.conditions[Ready]',
    'apply-manifests is waiting for ManagedChart fleet-local/harvester to be Ready: condition Ready is False (ErrApplied: helm upgrade failed: another operation is in progress)',
  ],
  [
    'node-pre-drained',
    'node/harvester-node-1',
    'Secret fleet-local/custom-04d2794190a1-machine-plan',
    'metadata.annotations[rke.cattle.io/drain-done]',
    'Rancher is draining harvester-node-1: waiting for annotation rke.cattle.io/drain-done on Secret fleet-local/custom-04d2794190a1-machine-plan; last drain error: error when evicting pods/"virt-launcher-db-0-q8x1z"',
  ],
  [
    'post-drain-repo',
    'node/harvester-node-1',
    'Deployment harvester-system/upgrade-repo-hvst-upgrade-s7k2m',
    'status.conditions[Available]',
    'post-drain is waiting for Deployment harvester-system/upgrade-repo-hvst-upgrade-s7k2m to be Available: Available False, MinimumReplicasUnavailable, 0/1 ready',
  ],
  [
    'node-lost',
    'node/harvester-node-1',
    'Node harvester-node-1',
    'status.nodeInfo.osImage',
    'waiting for Node harvester-node-1 to reboot into Harvester v1.6.0: status.nodeInfo.osImage is Harvester v1.5.1',
  ],
];

const refText = (wait: StatusResult['waitingFor'][number]): string =>
  `${wait.object.kind} ${wait.object.namespace ? `${wait.object.namespace}/` : ''}${wait.object.name}`;

describe('status on bundles', () => {
  it.each(WAITS)(
    '%s: the phase in progress names what it waits for, stalled, exit 1',
    (scenario, phase, object, field, text) => {
      const run = status(scenario, '-o', 'json');
      const result = statusJson(run);
      expect(result.waitingFor).toHaveLength(1);
      const [wait] = result.waitingFor;
      expect(wait && [wait.phase, refText(wait), wait.field, wait.stalled]).toEqual([phase, object, field, true]);
      expect(wait?.text.startsWith(text)).toBe(true);
      expect(result.phases.find((p) => p.id === phase)?.state).toBe('running');
      expect(result.verdict).toBe('stalled');
      expect(result.findings.map((finding) => finding.check)).toContain('upgrade-stalled');
      expect(run.status).toBe(1);
      // The table says the same words.
      expect(status(scenario).stdout).toContain(text);
    },
  );

  it.each(WAITS)('%s: within --stall-after the same wait is not stalled', (scenario) => {
    const run = status(scenario, '-o', 'json', '--stall-after', '24h');
    const result = statusJson(run);
    expect(result.waitingFor.map((wait) => wait.stalled)).toEqual([false]);
    expect(result.findings.filter((finding) => finding.check === 'upgrade-stalled')).toEqual([]);
    // Only the lost node stays an error whatever the wait.
    expect(run.status).toBe(scenario === 'node-lost' ? 1 : 0);
  });

  it('shows the running step log from the bundle, and the precheck remedy of the wait', () => {
    const run = status('manifests-kubevirt');
    expect(run.stdout).toContain('last 4 lines of apply:');
    expect(run.stdout).toContain('2026-11-21T10:31:02.000000000Z Waiting for KubeVirt to upgrade to v1.4.1...');
    expect(run.stdout).toContain(
      'fix: Wait until kubectl -n harvester-system get kubevirt kubevirt shows phase Deployed',
    );
  });

  it('reports the failed upgrade with its failing Job and the log tail', () => {
    const run = status('upgrade-failed', '-o', 'json');
    const result = statusJson(run);
    expect(run.status).toBe(1);
    expect(result.verdict).toBe('failed');
    expect(result.phases.find((p) => p.id === 'system-services')).toMatchObject({
      state: 'failed',
      since: '2026-11-21T10:52:00Z',
    });
    expect(result.findings).toEqual([
      expect.objectContaining({
        check: 'upgrade-failed',
        object: { kind: 'Upgrade', namespace: 'harvester-system', name: 'hvst-upgrade-s7k2m' },
        message: expect.stringContaining(
          'Job harvester-system/hvst-upgrade-s7k2m-apply-manifests failed: Job has reached the specified backoff limit',
        ) as unknown,
      }),
    ]);
    const pod = result.jobs.find((job) => job.step === 'apply-manifests')?.pods[0];
    expect(pod).toMatchObject({ phase: 'Failed', exitCodes: [1], log: { status: 'ok', container: 'apply' } });
    expect(pod?.log?.status === 'ok' && pod.log.lines.at(-2)).toContain('Error: UPGRADE FAILED');
  });

  it('names what Harvester cannot do for the node lost mid-upgrade, and the documented recovery', () => {
    const result = statusJson(status('node-lost', '-o', 'json'));
    const lost = result.findings.find((finding) => finding.check === 'node-lost-mid-upgrade');
    expect(lost?.object).toEqual({ kind: 'Node', name: 'harvester-node-1' });
    expect(lost?.message).toContain('Harvester cannot remove a node during an upgrade');
    expect(lost?.message).toContain(
      'mixed versions: v1.32.4+rke2r1 on harvester-node-1, harvester-node-2; v1.33.3+rke2r1 on harvester-node-0',
    );
    expect(lost?.remedy).toContain('docs/upgrade/troubleshooting.md');
    expect(result.nodes.find((node) => node.node === 'harvester-node-1')).toMatchObject({
      ready: 'Unknown',
      state: 'Waiting Reboot',
    });
  });

  it("gives the node being drained explain-drain's verdict and the command for the rest", () => {
    const result = statusJson(status('node-pre-drained', '-o', 'json'));
    expect(result.nodes.find((node) => node.node === 'harvester-node-1')?.drain).toEqual({
      verdict: expect.stringMatching(
        /^2 pods block the drain \(PodDisruptionBudget default\/kubevirt-disruption-budget-1h7qk/,
      ) as unknown,
      command: `kubectl harvester-upgrade explain-drain harvester-node-1 --bundle ${join(STATUS, 'node-pre-drained')}`,
    });
  });

  it('marks a failed first SUC attempt as superseded only when a later one succeeded, and shows exit codes', () => {
    const result = statusJson(status('preload-suc-plan-stuck', '-o', 'json'));
    const failed = result.jobs.find((job) => job.state === 'failed');
    expect(failed?.pods).toEqual([
      expect.objectContaining({ phase: 'Failed', exitCodes: [1], reason: 'upgrade: Error' }),
    ]);
    expect(failed?.pods[0]?.superseded).toBeUndefined();
  });

  it('says there is no upgrade and exits 0', () => {
    const run = status('no-upgrade');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('No upgrade: no Upgrade or UpgradePlan exists.');
    expect(statusJson(status('no-upgrade', '-o', 'json')).verdict).toBe('no-upgrade');
  });

  it('reads no log with --log-lines 0 and says so', () => {
    const result = statusJson(status('manifests-kubevirt', '-o', 'json', '--log-lines', '0'));
    expect(result.notEvaluated).toEqual([{ input: 'pods/log', reason: 'not read (--log-lines 0)' }]);
    expect(result.jobs[0]?.pods[0]?.log).toEqual({
      container: 'apply',
      previous: false,
      status: 'not-evaluated',
      reason: 'not read (--log-lines 0)',
    });
  });

  it('escapes a log line before it reaches the terminal and cuts a long one', () => {
    const folder = join(mkdtempSync(join(tmpdir(), 'hu-status-')), 'bundle');
    cpSync(join(STATUS, 'manifests-kubevirt'), folder, { recursive: true });
    writeFileSync(
      join(folder, 'logs', 'harvester-system', 'hvst-upgrade-s7k2m-apply-manifests-1012', 'apply.log'),
      `evil \u001b]0;owned\u0007 title\n${'y'.repeat(1000)}\n`,
    );
    const run = runCli(['status', '--bundle', folder, '--no-color']);
    expect(run.stdout).not.toContain('\u001b');
    expect(run.stdout).toContain('evil ^[]0;owned^G title');
    expect(run.stdout).not.toContain('y'.repeat(300));
  });

  it('refuses a bad --stall-after and -o wide in one line, exit 2', () => {
    const bad = status('no-upgrade', '--stall-after', 'soon');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^error: --stall-after: /);
    expect(status('no-upgrade', '-o', 'wide').status).toBe(2);
  });
});
