import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DrainResult as ExplainDrainResult } from '../../src/results/drain.js';
import { REPO, runCli, type CliRun } from '../run-cli.js';
import { documentOf } from '../schema.js';

const DRAIN = join(REPO, 'test', 'fixtures', 'drain');
const scenario = (name: string): string => join(DRAIN, name);
const nodeOf = (name: string): string => readFileSync(join(DRAIN, name, 'node.txt'), 'utf8').trim();
const explain = (run: CliRun): ExplainDrainResult => documentOf('DrainExplanation', run);
const verdicts = (result: ExplainDrainResult): Record<string, string> =>
  Object.fromEntries((result.pods ?? []).map((pod) => [`${pod.namespace}/${pod.name}`, pod.verdict]));

describe('explain-drain on the drain scenarios', () => {
  it('explains the seed case: KubeVirt 1.3 pinned to the one control-plane node, node Pre-drained', () => {
    const run = runCli(['explain-drain', '--bundle', scenario('kubevirt-trap-pre-drained'), '-o', 'json']);
    expect(run.status).toBe(1);
    const result = explain(run);
    // No node named: the upgrade's current node is picked.
    expect(result.node).toBe('harvester-node-0');
    expect(result.upgrade?.stage).toBe('rancher-draining');
    expect(result.upgrade?.summary).toContain('virt-api-6c9f7d8b5-r1x1');
    expect(verdicts(result)).toMatchObject({
      'harvester-system/virt-api-6c9f7d8b5-r1x1': 'block',
      'harvester-system/virt-controller-6c9f7d8b5-r1x1': 'block',
    });
    const virtApi = result.pods?.find((pod) => pod.name === 'virt-api-6c9f7d8b5-r1x1');
    expect(virtApi?.reasons.map((reason) => reason.filter)).toEqual(
      expect.arrayContaining(['pdb-eviction', 'kubevirt-placement-trap']),
    );
    expect(virtApi?.reasons.find((reason) => reason.filter === 'pdb-eviction')).toMatchObject({
      pdb: 'harvester-system/virt-api-pdb',
      message: expect.stringContaining('needs 1 healthy and has 1') as unknown,
    });
    expect(virtApi?.replacements?.nodes.every((node) => !node.fits)).toBe(true);
    expect(virtApi?.replacements?.pending).toEqual([
      expect.objectContaining({
        name: 'virt-api-6c9f7d8b5-p2z2',
        message: expect.stringContaining('node affinity') as unknown,
      }),
    ]);
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        check: 'kubevirt-placement-trap',
        remedy: expect.stringContaining('"nodePlacement":{}') as unknown,
      }),
    );
  });

  it('names the volume whose last healthy replica keeps the instance-manager budget', () => {
    const run = runCli([
      'explain-drain',
      nodeOf('longhorn-last-replica'),
      '--bundle',
      scenario('longhorn-last-replica'),
      '-o',
      'json',
    ]);
    expect(run.status).toBe(1);
    const im = explain(run).pods?.find((pod) => pod.namespace === 'longhorn-system');
    expect(im?.verdict).toBe('block');
    expect(im?.reasons.find((reason) => reason.filter === 'instance-manager-budget')?.message).toContain(
      'pvc-0d7c3e1a-5b2f-4c1e-9a7d-000000000000',
    );
  });

  it('blocks a pod under two budgets', () => {
    const run = runCli([
      'explain-drain',
      nodeOf('pod-under-two-budgets'),
      '--bundle',
      scenario('pod-under-two-budgets'),
      '-o',
      'json',
    ]);
    expect(run.status).toBe(1);
    const web = explain(run).pods?.find((pod) => pod.name === 'web-5f7d9c8b6-0w0');
    expect(web?.verdict).toBe('block');
    expect(web?.reasons.map((reason) => reason.filter)).toContain('pod-under-two-budgets');
  });

  it('blocks a non-migratable VM with eviction strategy LiveMigrate', () => {
    const run = runCli([
      'explain-drain',
      nodeOf('non-migratable-vmi'),
      '--bundle',
      scenario('non-migratable-vmi'),
      '-o',
      'json',
    ]);
    expect(run.status).toBe(1);
    const launcher = explain(run).pods?.find((pod) => pod.name === 'virt-launcher-web-0-q8x0z');
    expect(launcher?.verdict).toBe('block');
    expect(launcher?.reasons.find((reason) => reason.filter === 'virt-launcher-eviction')?.message).toContain(
      'DisksNotLiveMigratable',
    );
  });

  it('finds nothing blocking on a node left with DaemonSet and mirror pods, and exits 0', () => {
    const run = runCli([
      'explain-drain',
      nodeOf('daemonsets-only'),
      '--bundle',
      scenario('daemonsets-only'),
      '-o',
      'json',
    ]);
    expect(run.status).toBe(0);
    const result = explain(run);
    expect(Object.values(verdicts(result))).not.toContain('block');
    expect(result.pods?.filter((pod) => pod.verdict === 'skip').length).toBe(4);
    expect(result.findings).toEqual([]);
  });
});

describe('explain-drain flags and output', () => {
  it('prints the stage, the hand-shake, a verdict table and the fixes, with no colour when piped', () => {
    const run = runCli(['explain-drain', '--bundle', scenario('kubevirt-trap-pre-drained')]);
    expect(run.status).toBe(1);
    expect(run.stdout).not.toContain('\u001b[');
    expect(run.stdout).toMatch(/^Node harvester-node-0 \(/);
    expect(run.stdout).toContain('Stage: ');
    expect(run.stdout).toMatch(
      /Rancher hand-shake \(custom-\w+-machine-plan\): drain-options yes, pre-drain yes, pre-hook yes, drain-done no/,
    );
    expect(run.stdout).toMatch(/NAMESPACE\s+POD\s+VERDICT\s+REASONS/);
    expect(run.stdout).toMatch(/harvester-system\s+virt-api-6c9f7d8b5-r1x1\s+BLOCK/);
    expect(run.stdout).toContain('How to unblock:');
    expect(run.stdout).toMatch(/2 pods block the drain\.$/m);
  });

  it('refuses a node that does not exist, in one line with exit 2', () => {
    const run = runCli(['explain-drain', 'no-such-node', '--bundle', scenario('daemonsets-only')]);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toEqual([
      "error: node no-such-node not found; list the nodes with 'kubectl get nodes'",
    ]);
  });

  it.each([['--probe'], ['--watch']])('refuses %s on a bundle: it needs a live cluster', (flag) => {
    const run = runCli(['explain-drain', flag, '--bundle', scenario('daemonsets-only')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`error: ${flag} needs a live cluster; drop --bundle`);
  });

  it.each([
    [['--watch', '-o', 'json'], '--watch prints one line per change; run --probe or -o json|yaml without --watch'],
    [['--watch', '--probe'], '--watch prints one line per change; run --probe or -o json|yaml without --watch'],
    [['--watch', '--interval', '0'], '--interval must be more than 0 with --watch'],
  ])('refuses %j before reading anything', (flags, message) => {
    const run = runCli(['explain-drain', ...flags]);
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe(`error: ${message}`);
  });

  it('prints YAML with the same contract', () => {
    const run = runCli(['explain-drain', '--bundle', scenario('pod-under-two-budgets'), '-o', 'yaml']);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^apiVersion: harvester-upgrade.kubectl\/v1alpha1\nkind: DrainExplanation\n/);
    expect(run.stdout).toContain('filter: pod-under-two-budgets');
  });

  it('rejects a bad --interval in one line', () => {
    const run = runCli(['explain-drain', '--interval', 'soon', '--bundle', scenario('daemonsets-only')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^error: --interval: invalid duration "soon"/);
  });

  it('says so when no node is being drained', () => {
    const run = runCli(['explain-drain', '--bundle', join(REPO, 'test', 'fixtures', 'scenarios', 'healthy-3-node')]);
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(
      'No node is being drained: no upgrade is working on a node and no node is cordoned.',
    );
  });
});

/** The scenarios of issue #21: who drains the node, what a bundle cannot know, and a node whose kubelet is gone. */
describe('explain-drain names who drains the node and says what it cannot know', () => {
  const run = (name: string, ...extra: string[]): CliRun =>
    runCli(['explain-drain', nodeOf(name), '--bundle', scenario(name), ...extra]);

  it('says evictions from a NotReady node never finish, with the documented ways out, never "Nothing blocks"', () => {
    const table = run('node-not-ready');
    expect(table.status).toBe(1);
    expect(table.stdout).not.toContain('Nothing blocks the drain');
    expect(table.stdout).toContain('Node not Ready:');
    const result = explain(run('node-not-ready', '-o', 'json'));
    const grafana = result.pods?.find((pod) => pod.name === 'grafana-5d8f7c9b4-n1x1');
    expect(grafana?.verdict).toBe('block');
    expect(grafana?.reasons.map((reason) => reason.filter)).toContain('node-not-ready');
    // A finished pod is deleted at once (no kubelet needed): it still goes.
    expect(
      verdicts(result)['cattle-system/apply-system-agent-upgrader-on-harvester-node-1-with-6a1b-87bdf-1k2p9'],
    ).toBe('evict');
    const finding = result.findings.find((f) => f.object.name === 'grafana-5d8f7c9b4-n1x1');
    expect(finding?.remedy).toContain(
      'kubectl taint nodes harvester-node-1 node.kubernetes.io/out-of-service=nodeshutdown:NoExecute',
    );
    expect(finding?.remedy).toContain(
      'kubectl -n cattle-monitoring-system delete pod grafana-5d8f7c9b4-n1x1 --grace-period=0 --force',
    );
    expect(result.upgrade?.drainer).toMatchObject({ by: 'cordon' });
  });

  it('names the Machine deletion that drains a node being removed, and its CAPI conditions', () => {
    const result = explain(run('machine-removal', '-o', 'json'));
    expect(result.upgrade?.drainer).toMatchObject({ by: 'node-removal', machine: 'custom-04d2794190a2' });
    const summary = result.upgrade?.summary ?? '';
    expect(summary).toContain('Machine fleet-local/custom-04d2794190a2 is being deleted');
    expect(summary).toContain('Drain not completed yet');
    expect(summary).not.toContain('has not asked');
  });

  it("says a hand cordon is nobody's drain: no upgrade, no Machine deletion, no maintenance mode", () => {
    const result = explain(run('daemonsets-only', '-o', 'json'));
    expect(result.upgrade?.drainer).toMatchObject({ by: 'cordon' });
    expect(result.upgrade?.summary).toContain('cordoned by hand');
    expect(result.upgrade?.summary).not.toContain('has not asked');
  });

  it('from a bundle without Secrets, infers the hand-shake from the pre-drain Job and says the rest is unknown', () => {
    const result = explain(run('offline-pre-draining', '-o', 'json'));
    expect(result.upgrade?.handshake.known).toBe(false);
    const summary = result.upgrade?.summary ?? '';
    expect(summary).not.toMatch(/has not asked|no drain requested/);
    expect(summary).toContain('Rancher asked for the pre-drain hook');
    expect(summary).toContain('hvst-upgrade-m4q8z-pre-drain-harvester-node-1');
    expect(summary).toContain('unknown');
    const table = run('offline-pre-draining');
    expect(table.stdout).toContain('Rancher hand-shake: unknown (the bundle holds no secrets)');
    expect(table.stdout).not.toContain('drain-options no');
  });
});
