import { aNode, aPdb, snapshotOf } from '../../test/builders.js';
import type { PodDisruptionBudget } from '../model/pod.js';
import { pdbAllowsNoDisruptions } from './pdb-allows-no-disruptions.js';

const run = (...podDisruptionBudgets: PodDisruptionBudget[]) =>
  pdbAllowsNoDisruptions.run(snapshotOf({ podDisruptionBudgets }));

describe('pdb-allows-no-disruptions', () => {
  describe('appliesTo', () => {
    it('applies to a cluster of two or more nodes, whose upgrade drains each node', () => {
      const nodes = [aNode('node-1'), aNode('node-2')];
      expect(pdbAllowsNoDisruptions.appliesTo?.(snapshotOf({ podDisruptionBudgets: [], nodes }))).toBeUndefined();
    });

    it('is skipped on a single node, upgraded by the single-node-upgrade Job without a drain', () => {
      expect(
        pdbAllowsNoDisruptions.appliesTo?.(snapshotOf({ podDisruptionBudgets: [], nodes: [aNode('node-1')] })),
      ).toBe('applies to clusters of two or more nodes; this cluster has 1, and a single-node upgrade drains nothing');
    });
  });

  it('stays quiet on budgets that allow a disruption (virt-api-pdb of a healthy cluster)', () => {
    expect(
      run(
        aPdb('virt-api-pdb', { namespace: 'harvester-system', matchLabels: { 'kubevirt.io': 'virt-api' } }),
        aPdb('web', { minAvailable: 1, currentHealthy: 3, desiredHealthy: 1, disruptionsAllowed: 2, expectedPods: 3 }),
      ),
    ).toEqual([]);
  });

  it('reports a budget whose minAvailable equals the replicas', () => {
    const pdb = aPdb('db', {
      namespace: 'apps',
      minAvailable: 2,
      disruptionsAllowed: 0,
      currentHealthy: 2,
      desiredHealthy: 2,
      expectedPods: 2,
    });
    expect(run(pdb)).toEqual([
      {
        check: 'pdb-allows-no-disruptions',
        severity: 'error',
        object: { kind: 'PodDisruptionBudget', namespace: 'apps', name: 'db' },
        message: 'allows 0 disruptions: needs 2 healthy, has 2 (minAvailable 2)',
        remedy: expect.stringContaining('kubectl harvester-upgrade fix-pdb -n apps db') as unknown,
      },
    ]);
  });

  it('reports maxUnavailable 0 and percentages as written', () => {
    expect(
      run(
        aPdb('zero', {
          maxUnavailable: 0,
          disruptionsAllowed: 0,
          currentHealthy: 3,
          desiredHealthy: 3,
          expectedPods: 3,
        }),
        aPdb('half', {
          minAvailable: '50%',
          disruptionsAllowed: 0,
          currentHealthy: 1,
          desiredHealthy: 1,
          expectedPods: 2,
        }),
      ).map((finding) => finding.message),
    ).toEqual([
      'allows 0 disruptions: needs 3 healthy, has 3 (maxUnavailable 0)',
      'allows 0 disruptions: needs 1 healthy, has 1 (minAvailable 50%)',
    ]);
  });

  it('reports the virt-api/virt-controller budgets once a replica is Pending (issue #7647)', () => {
    const pdb = aPdb('virt-controller-pdb', {
      namespace: 'harvester-system',
      matchLabels: { 'kubevirt.io': 'virt-controller' },
      disruptionsAllowed: 0,
      currentHealthy: 1,
      desiredHealthy: 1,
      expectedPods: 2,
    });
    expect(run(pdb)).toEqual([
      expect.objectContaining({ message: 'allows 0 disruptions: needs 1 healthy, has 1 (minAvailable 1)' }),
    ]);
  });

  it("gives virt-operator's advice for its budgets, with the label every supported KubeVirt writes and the old one", () => {
    for (const managedBy of ['virt-operator', 'kubevirt-operator']) {
      const pdb = aPdb('virt-api-pdb', {
        namespace: 'harvester-system',
        matchLabels: { 'kubevirt.io': 'virt-api' },
        labels: { 'app.kubernetes.io/managed-by': managedBy, 'kubevirt.io': 'virt-api-pdb' },
        disruptionsAllowed: 0,
        currentHealthy: 1,
        desiredHealthy: 1,
        expectedPods: 2,
      });
      const [finding] = run(pdb);
      expect(finding?.remedy).toMatch(/^virt-operator owns it, puts a changed spec back and recreates it when deleted/);
      expect(finding?.remedy).toContain('kubevirt-control-plane-placement');
      expect(finding?.remedy).not.toContain('relax it');
    }
  });

  it("gives longhorn-manager's advice for its csi-attacher budget, and a user's for a Helm chart's budget", () => {
    const blocked = { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1, expectedPods: 2 };
    const csi = aPdb('csi-attacher', {
      namespace: 'longhorn-system',
      matchLabels: { app: 'csi-attacher' },
      ...blocked,
    });
    expect(run(csi)[0]?.remedy).toMatch(/^longhorn-manager owns it and recreates it when deleted/);
    const chart = aPdb('rancher', {
      namespace: 'cattle-system',
      labels: { 'app.kubernetes.io/managed-by': 'Helm', heritage: 'Helm' },
      ...blocked,
    });
    expect(run(chart)[0]?.remedy).toContain('relax it for the upgrade with a backup');
  });

  it('ignores a budget that covers no pods', () => {
    expect(
      run(aPdb('empty', { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 1, expectedPods: 0 })),
    ).toEqual([]);
  });

  it('ignores Longhorn instance-manager budgets, which Longhorn removes itself once the node is cordoned', () => {
    const pdb = aPdb('instance-manager-2b1e4c7a9d0f4e6a8c3b5d7e9f1a2b3c', {
      namespace: 'longhorn-system',
      matchLabels: {
        'longhorn.io/component': 'instance-manager',
        'longhorn.io/instance-manager-type': 'aio',
        'longhorn.io/node': 'node-1',
      },
      disruptionsAllowed: 0,
      currentHealthy: 1,
      desiredHealthy: 1,
      expectedPods: 1,
    });
    expect(run(pdb)).toEqual([]);
  });

  it('ignores KubeVirt per-VMI budgets, which go away when the VMI migrates', () => {
    const owned = aPdb('kubevirt-disruption-budget-7xk2p', {
      namespace: 'vms',
      matchLabels: { 'kubevirt.io/created-by': 'vmi-uid' },
      owner: { kind: 'VirtualMachineInstance', name: 'vm-1' },
      disruptionsAllowed: 0,
      currentHealthy: 1,
      desiredHealthy: 1,
      expectedPods: 1,
    });
    expect(run(owned)).toEqual([]);
  });

  it('ignores a budget whose pods are all unhealthy when it always allows evicting unhealthy pods', () => {
    const base = aPdb('flaky', { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 1, expectedPods: 2 });
    const pdb: PodDisruptionBudget = { ...base, spec: { ...base.spec, unhealthyPodEvictionPolicy: 'AlwaysAllow' } };
    expect(run(pdb)).toEqual([]);
    expect(run(base)).toHaveLength(1);
  });

  it('never throws on a budget without spec or status', () => {
    expect(run({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'bare' } })).toEqual([]);
  });
});

describe('pdb-allows-no-disruptions with a budget named like an option', () => {
  // A PDB's name only has to be a path segment, so `--all` is a real budget name; a suggested
  // `kubectl … get pdb --all` or `fix-pdb -n apps --yes` would do something else than it says.
  it('suggests no command in which the name would be read as an option', () => {
    for (const name of ['--all', '--yes', '--restore=evil-backup.json']) {
      const [finding] = run(aPdb(name, { namespace: 'apps', minAvailable: 2, disruptionsAllowed: 0, expectedPods: 2 }));
      expect(finding?.remedy).toContain(`(no command shown: ${JSON.stringify(name)} starts with "-"`);
      expect(finding?.remedy).not.toMatch(new RegExp(`(kubectl|fix-pdb)[^;()]* ${name.replace(/[-=.]/g, '\\$&')}`));
    }
  });
});
