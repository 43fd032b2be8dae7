import type { PodDisruptionBudget } from '../model/pod.js';
import {
  budgetOperator,
  helmReleaseOf,
  isKubeVirtVmiPdb,
  isLonghornCsiPdb,
  isLonghornInstanceManagerPdb,
} from './budget-owner.js';

/** A budget as the API server returns it: only what the test gives, nothing filled in. */
const budget = (
  name: string,
  namespace: string,
  matchLabels: Record<string, string>,
  metadata: Omit<NonNullable<PodDisruptionBudget['metadata']>, 'name' | 'namespace'> = {},
): PodDisruptionBudget => ({
  apiVersion: 'policy/v1',
  kind: 'PodDisruptionBudget',
  metadata: { name, namespace, ...metadata },
  spec: { minAvailable: 1, selector: { matchLabels } },
});

/** What virt-operator's injectOperatorMetadata writes on virt-api-pdb (KubeVirt v0.49.0 through v1.8.x). */
const virtOperatorMetadata = (managedBy: string) => ({
  labels: {
    'app.kubernetes.io/component': 'kubevirt',
    'app.kubernetes.io/managed-by': managedBy,
    'kubevirt.io': 'virt-api-pdb',
  },
  annotations: {
    'kubevirt.io/install-strategy-version': 'v1.8.4',
    'kubevirt.io/install-strategy-registry': 'registry.suse.com/suse/sles/15.7',
    'kubevirt.io/install-strategy-identifier': '6e2b0c5ad1',
    'kubevirt.io/generation': '3',
  },
});

describe('budgetOperator: KubeVirt virt-operator', () => {
  it('recognises the value every supported KubeVirt writes, virt-operator (v0.49.0 and later)', () => {
    const pdb = budget(
      'virt-api-pdb',
      'harvester-system',
      { 'kubevirt.io': 'virt-api' },
      virtOperatorMetadata('virt-operator'),
    );
    expect(budgetOperator(pdb)).toBe('virt-operator');
  });

  it('still recognises the old value kubevirt-operator, which IsManagedByOperator accepts too', () => {
    const pdb = budget(
      'virt-controller-pdb',
      'harvester-system',
      { 'kubevirt.io': 'virt-controller' },
      virtOperatorMetadata('kubevirt-operator'),
    );
    expect(budgetOperator(pdb)).toBe('virt-operator');
  });

  it('does not take a budget for virt-operator by its name or by another managed-by value', () => {
    expect(budgetOperator(budget('virt-api-pdb', 'harvester-system', { 'kubevirt.io': 'virt-api' }))).toBeUndefined();
    const helm = budget(
      'virt-api-pdb',
      'harvester-system',
      { 'kubevirt.io': 'virt-api' },
      virtOperatorMetadata('Helm'),
    );
    expect(budgetOperator(helm)).toBeUndefined();
  });
});

describe('budgetOperator: KubeVirt virt-controller', () => {
  const vmiOwner = [
    {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachineInstance',
      name: 'vm-1',
      uid: 'a1b2',
      controller: true,
    },
  ];

  it('recognises the per-VMI budget: generateName kubevirt-disruption-budget-, VMI controller, created-by selector', () => {
    const pdb = budget(
      'kubevirt-disruption-budget-x7k2p',
      'default',
      { 'kubevirt.io/created-by': 'a1b2' },
      {
        ownerReferences: vmiOwner,
      },
    );
    expect(budgetOperator(pdb)).toBe('virt-controller');
    expect(isKubeVirtVmiPdb(pdb)).toBe(true);
  });

  it('recognises it by the owner alone, and by the name alone (an owner reference the bundle did not keep)', () => {
    expect(
      budgetOperator(budget('custom', 'default', { 'kubevirt.io/created-by': 'a1b2' }, { ownerReferences: vmiOwner })),
    ).toBe('virt-controller');
    expect(
      budgetOperator(budget('kubevirt-disruption-budget-q9w', 'default', { 'kubevirt.io/created-by': 'a1b2' })),
    ).toBe('virt-controller');
  });

  it('recognises a migration budget of the old migration controller (kubevirt-migration-pdb-*, kubevirt.io/migrationName)', () => {
    const pdb = budget(
      'kubevirt-migration-pdb-kubevirt-evacuation-7tq4x',
      'default',
      { 'kubevirt.io/created-by': 'a1b2' },
      { labels: { 'kubevirt.io/migrationName': 'kubevirt-evacuation-7tq4x' } },
    );
    expect(budgetOperator(pdb)).toBe('virt-controller');
  });

  it('does not count an owner reference that is not the controller', () => {
    const pdb = budget('mine', 'default', { app: 'x' }, { ownerReferences: [{ ...vmiOwner[0], controller: false }] });
    expect(budgetOperator(pdb)).toBeUndefined();
  });
});

describe('budgetOperator: Longhorn longhorn-manager', () => {
  it('recognises the instance-manager budget of Longhorn 1.5 and later: no labels, no owner, the IM selector', () => {
    const pdb = budget('instance-manager-5a6b7c8d9e0f11223344556677889900', 'longhorn-system', {
      'longhorn.io/component': 'instance-manager',
      'longhorn.io/instance-manager-type': 'aio',
      'longhorn.io/node': 'harvester-node-0',
      'longhorn.io/instance-manager-image': 'imi-d8ab4b4a',
      'longhorn.io/managed-by': 'longhorn-manager',
    });
    expect(budgetOperator(pdb)).toBe('longhorn-manager');
    expect(isLonghornInstanceManagerPdb(pdb)).toBe(true);
  });

  it('recognises the engine and replica instance-manager budgets of Longhorn 1.2 to 1.4, and a v2 data engine one', () => {
    for (const [name, type] of [
      ['instance-manager-e-2f1c0a9b', 'engine'],
      ['instance-manager-r-7d3e5f61', 'replica'],
    ]) {
      const pdb = budget(name ?? '', 'longhorn-system', {
        'longhorn.io/component': 'instance-manager',
        'longhorn.io/instance-manager-type': type ?? '',
        'longhorn.io/node': 'harvester-node-1',
        'longhorn.io/instance-manager-image': 'imi-8d41c5f0',
        'longhorn.io/managed-by': 'longhorn-manager',
      });
      expect(budgetOperator(pdb)).toBe('longhorn-manager');
    }
    const v2 = budget('instance-manager-0c9d8e7f', 'longhorn-system', {
      'longhorn.io/component': 'instance-manager',
      'longhorn.io/instance-manager-type': 'aio',
      'longhorn.io/node': 'harvester-node-2',
      'longhorn.io/managed-by': 'longhorn-manager',
      'longhorn.io/data-engine': 'v2',
    });
    expect(budgetOperator(v2)).toBe('longhorn-manager');
  });

  it('recognises the csi-attacher and csi-provisioner budgets of Longhorn 1.4.3 and later', () => {
    for (const name of ['csi-attacher', 'csi-provisioner']) {
      const pdb = budget(name, 'longhorn-system', { app: name });
      expect(budgetOperator(pdb)).toBe('longhorn-manager');
      expect(isLonghornCsiPdb(pdb)).toBe(true);
      expect(isLonghornInstanceManagerPdb(pdb)).toBe(false);
    }
  });

  it('does not take a csi-attacher budget in another namespace or with another selector for Longhorn', () => {
    expect(budgetOperator(budget('csi-attacher', 'apps', { app: 'csi-attacher' }))).toBeUndefined();
    expect(budgetOperator(budget('csi-attacher', 'longhorn-system', { app: 'mine' }))).toBeUndefined();
  });
});

describe('helmReleaseOf', () => {
  it('names the release Helm 3 marks on what it installs (label managed-by Helm, meta.helm.sh annotations)', () => {
    const pdb = budget(
      'rancher',
      'cattle-system',
      { app: 'rancher' },
      {
        labels: {
          app: 'rancher',
          chart: 'rancher-2.12.0',
          heritage: 'Helm',
          release: 'rancher',
          'app.kubernetes.io/managed-by': 'Helm',
        },
        annotations: { 'meta.helm.sh/release-name': 'rancher', 'meta.helm.sh/release-namespace': 'cattle-system' },
      },
    );
    expect(helmReleaseOf(pdb)).toEqual({ name: 'rancher', namespace: 'cattle-system' });
    // A chart's budget is not an operator's: nothing recreates or reverts it between two chart applies.
    expect(budgetOperator(pdb)).toBeUndefined();
  });

  it('takes the annotation alone, and ignores a managed-by Helm label without a release name', () => {
    const annotated = budget('web', 'apps', { app: 'web' }, { annotations: { 'meta.helm.sh/release-name': 'web' } });
    expect(helmReleaseOf(annotated)).toEqual({ name: 'web' });
    const labelled = budget('web', 'apps', { app: 'web' }, { labels: { 'app.kubernetes.io/managed-by': 'Helm' } });
    expect(helmReleaseOf(labelled)).toBeUndefined();
  });

  it('stays quiet for a user budget', () => {
    const pdb = budget('web', 'apps', { app: 'web' });
    expect(helmReleaseOf(pdb)).toBeUndefined();
    expect(budgetOperator(pdb)).toBeUndefined();
  });
});
