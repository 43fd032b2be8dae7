import { aNode, anUpgrade, snapshotOf } from '../../test/builders.js';
import { anUpgradePlan } from '../../test/rancher-builders.js';
import type { Upgrade, UpgradePlan } from '../model/harvester.js';
import type { Node } from '../model/node.js';
import { kubeletVersionSkew } from './kubelet-version-skew.js';

const V140 = 'v1.29.9+rke2r1';
const V141 = 'v1.30.7+rke2r1';
const V142 = 'v1.31.4+rke2r1';
const V143 = 'v1.31.7+rke2r1';

const cp = (name: string, kubeletVersion: string) => aNode(name, { kubeletVersion });
const worker = (name: string, kubeletVersion: string) => aNode(name, { kubeletVersion, roles: ['worker'] });
const run = (nodes: Node[], upgrades: Upgrade[] = [], upgradePlans?: UpgradePlan[]) =>
  kubeletVersionSkew.run(snapshotOf(upgradePlans ? { nodes, upgrades, upgradePlans } : { nodes, upgrades }));
const brief = (findings: ReturnType<typeof run>) =>
  findings.map((finding) => [finding.object.name, finding.severity, finding.message]);

describe('kubelet-version-skew', () => {
  it('stays quiet when every node runs the same version', () => {
    expect(run([cp('node-1', V142), cp('node-2', V142), worker('node-3', V142)])).toEqual([]);
  });

  it('reports a stalled v1.4.0 → v1.4.1 upgrade on the nodes left behind', () => {
    const findings = run(
      [cp('node-1', V141), cp('node-2', V140), cp('node-3', V140)],
      [anUpgrade('hvst-upgrade-old', { state: 'Failed' })],
    );
    expect(findings).toEqual([
      {
        check: 'kubelet-version-skew',
        severity: 'error',
        object: { kind: 'Node', name: 'node-2' },
        message:
          'kubelet v1.29.9+rke2r1 is one minor behind v1.30.7+rke2r1 and no upgrade is upgrading nodes: a stalled upgrade ' +
          '(Harvester v1.4.0 → v1.4.1 incomplete) (v1.29.9+rke2r1 on node-2, node-3; v1.30.7+rke2r1 on node-1)',
        remedy: expect.stringContaining('-l harvesterhci.io/latestUpgrade=true') as unknown,
      },
      expect.objectContaining({ object: { kind: 'Node', name: 'node-3' }, severity: 'error' }),
    ]);
  });

  it('leaves out the Harvester releases when the RKE2 versions are not known ones', () => {
    expect(brief(run([cp('node-1', 'v1.30.1+rke2r1'), cp('node-2', 'v1.29.1+rke2r1')]))).toEqual([
      [
        'node-2',
        'error',
        'kubelet v1.29.1+rke2r1 is one minor behind v1.30.1+rke2r1 and no upgrade is upgrading nodes: a stalled upgrade ' +
          '(v1.29.1+rke2r1 on node-2; v1.30.1+rke2r1 on node-1)',
      ],
    ]);
  });

  it('notes adjacent minors as info while an upgrade upgrades the nodes', () => {
    const nodes = [cp('node-1', V141), cp('node-2', V140), worker('node-3', V140)];
    expect(brief(run(nodes, [anUpgrade('hvst-upgrade-9gmg2', { state: 'UpgradingNodes' })]))).toEqual([
      [
        'node-2',
        'info',
        "kubelet v1.29.9+rke2r1 is one minor behind v1.30.7+rke2r1 while Upgrade hvst-upgrade-9gmg2 upgrades the nodes; this node's turn has not come (no state yet) " +
          '(v1.29.9+rke2r1 on node-2, node-3; v1.30.7+rke2r1 on node-1)',
      ],
      ['node-3', 'info', expect.stringContaining('while Upgrade hvst-upgrade-9gmg2 upgrades the nodes') as unknown],
    ]);
  });

  it('counts an Upgrade V2 plan in its node phase as upgrading nodes', () => {
    const findings = run([cp('node-1', V141), cp('node-2', V140)], [], [anUpgradePlan('plan-1', 'NodeUpgrading')]);
    expect(brief(findings)).toEqual([
      ['node-2', 'info', expect.stringContaining('while UpgradePlan plan-1 upgrades the nodes') as unknown],
    ]);
  });

  it('lets a node wait its turn two minors behind, as Harvester v1.0.3 → v1.1.x takes RKE2 1.22 → 1.24', () => {
    const nodes = [cp('node-1', 'v1.24.7+rke2r1'), cp('node-2', 'v1.22.12+rke2r1')];
    const upgrade = anUpgrade('hvst-upgrade-x', {
      state: 'UpgradingNodes',
      nodeStatuses: { 'node-1': { state: 'Succeeded' }, 'node-2': { state: 'Images preloaded' } },
    });
    expect(brief(run(nodes, [upgrade]))).toEqual([
      [
        'node-2',
        'info',
        "kubelet v1.22.12+rke2r1 is 2 minors behind v1.24.7+rke2r1 while Upgrade hvst-upgrade-x upgrades the nodes; this node's turn has not come (state Images preloaded) " +
          '(v1.22.12+rke2r1 on node-2; v1.24.7+rke2r1 on node-1)',
      ],
    ]);
  });

  it('allows three minors from Kubernetes 1.28 on, and reports a fourth as beyond the policy', () => {
    const upgrading = [anUpgrade('hvst-upgrade-x', { state: 'UpgradingNodes' })];
    const three = run([cp('node-1', V142), cp('node-2', 'v1.28.12+rke2r1')], upgrading);
    expect(brief(three)).toEqual([['node-2', 'info', expect.stringContaining('is 3 minors behind') as unknown]]);
    const four = run([cp('node-1', V142), cp('node-2', 'v1.27.13+rke2r1')], upgrading);
    expect(four).toEqual([
      expect.objectContaining({
        severity: 'error',
        message:
          'kubelet v1.27.13+rke2r1 is 4 minors behind v1.31.4+rke2r1, more than the 3 the Kubernetes version skew policy allows ' +
          '(v1.27.13+rke2r1 on node-2; v1.31.4+rke2r1 on node-1)',
      }),
    ]);
    expect(four[0]?.remedy).not.toContain('one minor at a time');
  });

  it('keeps two minors for a kubelet older than 1.25, and for any API server before 1.28', () => {
    const upgrading = [anUpgrade('hvst-upgrade-x', { state: 'UpgradingNodes' })];
    const old = run([cp('node-1', 'v1.27.10+rke2r1'), cp('node-2', 'v1.24.11+rke2r1')], upgrading);
    expect(brief(old)).toEqual([['node-2', 'error', expect.stringContaining('more than the 2 the') as unknown]]);
    const oldKubelet = run([cp('node-1', 'v1.28.12+rke2r1'), cp('node-2', 'v1.24.11+rke2r1')], upgrading);
    expect(brief(oldKubelet)).toEqual([['node-2', 'error', expect.stringContaining('more than the 2 the') as unknown]]);
  });

  it('reports a node left behind although the upgrade records its turn as done', () => {
    const upgrade = anUpgrade('hvst-upgrade-x', {
      state: 'UpgradingNodes',
      nodeStatuses: { 'node-2': { state: 'Succeeded' } },
    });
    const findings = run([cp('node-1', V141), cp('node-2', V140)], [upgrade]);
    expect(findings).toEqual([
      expect.objectContaining({
        severity: 'error',
        message:
          "kubelet v1.29.9+rke2r1 is one minor behind v1.30.7+rke2r1, yet Upgrade hvst-upgrade-x records this node's upgrade as Succeeded " +
          '(v1.29.9+rke2r1 on node-2; v1.30.7+rke2r1 on node-1)',
        remedy: expect.stringContaining('journalctl -u rke2-server') as unknown,
      }),
    ]);
  });

  it('reports a worker newer than the oldest control-plane node, and only the worker', () => {
    const nodes = [cp('node-1', V141), cp('node-2', V141), worker('node-4', V142)];
    const findings = run(nodes);
    expect(findings).toEqual([
      {
        check: 'kubelet-version-skew',
        severity: 'error',
        object: { kind: 'Node', name: 'node-4' },
        message:
          'worker kubelet v1.31.4+rke2r1 is newer than the oldest control-plane kubelet v1.30.7+rke2r1 ' +
          '(v1.30.7+rke2r1 on node-1, node-2; v1.31.4+rke2r1 on node-4)',
        remedy: expect.stringContaining('reinstall node-4') as unknown,
      },
    ]);
  });

  it('lets a control-plane node lead another one by a minor during the upgrade', () => {
    const nodes = [cp('node-1', V142), cp('node-2', V141), worker('node-3', V141)];
    const findings = run(nodes, [
      anUpgrade('hvst-upgrade-y', {
        state: 'PreparingNodes',
        conditions: [{ type: 'NodesUpgraded', status: 'Unknown' }],
      }),
    ]);
    expect(findings.map((finding) => finding.severity)).toEqual(['info', 'info']);
  });

  it('does not hold a witness (etcd only) to the control-plane rule', () => {
    const nodes = [
      cp('node-1', V141),
      cp('node-2', V141),
      aNode('witness', { kubeletVersion: V142, roles: ['etcd', 'witness'] }),
    ];
    expect(brief(run(nodes, [anUpgrade('hvst-upgrade-z', { state: 'UpgradingNodes' })]))).toEqual([
      ['node-1', 'info', expect.stringContaining('one minor behind v1.31.4+rke2r1') as unknown],
      ['node-2', 'info', expect.stringContaining('one minor behind v1.31.4+rke2r1') as unknown],
    ]);
  });

  it('notes patch-only differences as info, naming the releases', () => {
    expect(brief(run([cp('node-1', V143), cp('node-2', V142)]))).toEqual([
      [
        'node-2',
        'info',
        'kubelet v1.31.4+rke2r1 differs from v1.31.7+rke2r1 by patch level only (Harvester v1.4.2 → v1.4.3) ' +
          '(v1.31.4+rke2r1 on node-2; v1.31.7+rke2r1 on node-1)',
      ],
    ]);
  });

  it('treats a different RKE2 build of the same version as a patch-level difference', () => {
    expect(brief(run([cp('node-1', 'v1.34.3+rke2r3'), cp('node-2', 'v1.34.3+rke2r1')]))).toEqual([
      [
        'node-2',
        'info',
        expect.stringContaining('kubelet v1.34.3+rke2r1 differs from v1.34.3+rke2r3 by patch level only') as unknown,
      ],
    ]);
  });

  it('ignores nodes whose kubelet version cannot be read', () => {
    const bare: Node = { ...cp('node-2', V142), status: {} };
    expect(run([cp('node-1', V142), bare, cp('node-3', 'unknown')])).toEqual([]);
  });
});
