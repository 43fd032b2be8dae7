import { aNode, aPdb, snapshotOf } from '../../test/builders.js';
import { aKubeVirt, type KubeVirtOptions } from '../../test/kubevirt-builders.js';
import type { Node } from '../model/node.js';
import type { PodDisruptionBudget } from '../model/pod.js';
import { PLACEMENT_PATCH } from '../facts/kubevirt-placement.js';
import { kubevirtControlPlanePlacement } from './kubevirt-control-plane-placement.js';

/** The seed topology: one management node and two Harvester workers (issue #7647). */
const seedNodes = (): Node[] => [
  aNode('harv1'),
  aNode('harv2', { roles: ['worker'], labels: { 'node-role.harvesterhci.io/worker': 'true' } }),
  aNode('harv3', { roles: ['worker'], labels: { 'node-role.harvesterhci.io/worker': 'true' } }),
];

const run = (kubevirt: KubeVirtOptions, nodes: Node[] = seedNodes(), pdbs?: PodDisruptionBudget[]) =>
  kubevirtControlPlanePlacement.run(
    snapshotOf({ kubevirts: [aKubeVirt(kubevirt)], nodes, ...(pdbs ? { podDisruptionBudgets: pdbs } : {}) }),
  );

describe('kubevirt-control-plane-placement', () => {
  it('fires on the seed cluster: KubeVirt 1.3.1, no spec.infra, one control-plane node and two workers', () => {
    expect(run({ observed: 'v1.3.1' })).toEqual([
      {
        check: 'kubevirt-control-plane-placement',
        severity: 'error',
        object: { kind: 'KubeVirt', namespace: 'harvester-system', name: 'kubevirt' },
        message:
          'virt-api and virt-controller (KubeVirt v1.3.1) run only on control-plane nodes while spec.infra.nodePlacement is unset, and draining harv1 leaves no other schedulable control-plane node, so virt-api-pdb and virt-controller-pdb will block the drain and the node stays Pre-drained',
        remedy: expect.stringContaining(
          `kubectl -n harvester-system patch kubevirt kubevirt --type merge -p '{"spec":{"infra":{"nodePlacement":{}}}}'`,
        ) as unknown,
      },
    ]);
  });

  it('fires when spec.infra is present without nodePlacement', () => {
    expect(run({ observed: '1.4.0', nodePlacement: null })).toHaveLength(1);
  });

  it('stays quiet with an empty nodePlacement (the v1.4.2 chart fix)', () => {
    expect(run({ observed: 'v1.3.1', nodePlacement: {} })).toEqual([]);
  });

  it('stays quiet on KubeVirt 1.2.x, which has no default placement', () => {
    expect(run({ observed: 'v1.2.2' })).toEqual([]);
  });

  it('stays quiet with three control-plane nodes', () => {
    expect(run({ observed: 'v1.3.1' }, [aNode('harv1'), aNode('harv2'), aNode('harv3')])).toEqual([]);
  });

  it('fires when the second control-plane node is cordoned or not Ready', () => {
    const nodes = [aNode('harv1'), aNode('harv2', { unschedulable: true }), aNode('harv3', { roles: ['worker'] })];
    expect(run({ observed: 'v1.3.1' }, nodes).map((finding) => finding.message)).toEqual([
      expect.stringContaining('draining harv1 leaves') as unknown,
    ]);
    const notReady = [aNode('harv1'), aNode('harv2', { ready: 'False' }), aNode('harv3', { roles: ['worker'] })];
    expect(run({ observed: 'v1.3.1' }, notReady)).toHaveLength(1);
  });

  it('stays quiet on a single-node cluster, where the placement changes nothing', () => {
    expect(run({ observed: 'v1.3.1' }, [aNode('harv1')])).toEqual([]);
  });

  it('does not count a witness node as a place for the infra pods', () => {
    const nodes = [aNode('harv1'), aNode('witness', { roles: ['etcd', 'witness'] })];
    expect(run({ observed: 'v1.3.1' }, nodes)).toEqual([]);
  });

  it('falls back to the target and operator versions', () => {
    expect(run({ observed: null, target: 'v1.3.1' })).toEqual([
      expect.objectContaining({ severity: 'error', message: expect.stringContaining('(KubeVirt v1.3.1)') as unknown }),
    ]);
    expect(run({ observed: null, operator: 'v1.2.2' })).toEqual([]);
  });

  it('warns when no version can be read', () => {
    expect(run({ observed: null })).toEqual([
      expect.objectContaining({
        severity: 'warning',
        message: expect.stringContaining('(KubeVirt version unknown, taken as 1.3 or later)') as unknown,
        remedy: expect.stringContaining(PLACEMENT_PATCH) as unknown,
      }),
    ]);
  });

  it('names only the infra PDBs that exist when PDBs were read', () => {
    const pdbs = [
      aPdb('virt-api-pdb', { namespace: 'harvester-system' }),
      aPdb('other', { namespace: 'harvester-system' }),
    ];
    expect(run({ observed: 'v1.3.1' }, seedNodes(), pdbs)).toEqual([
      expect.objectContaining({ message: expect.stringContaining('so virt-api-pdb will block the drain') as unknown }),
    ]);
  });

  it('stays quiet without the harvester-system/kubevirt CR', () => {
    const snapshot = snapshotOf({ kubevirts: [aKubeVirt({ name: 'other' })], nodes: seedNodes() });
    expect(kubevirtControlPlanePlacement.run(snapshot)).toEqual([]);
  });
});
