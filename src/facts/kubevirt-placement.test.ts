import { aNode, snapshotOf } from '../../test/builders.js';
import { aKubeVirt } from '../../test/kubevirt-builders.js';
import { controlPlaneDeadEnds, harvesterKubeVirt, kubeVirtVersion, PLACEMENT_PATCH } from './kubevirt-placement.js';

describe('controlPlaneDeadEnds', () => {
  it('names every control-plane node whose drain leaves no other schedulable control-plane node', () => {
    const nodes = [
      aNode('cp-1', { unschedulable: true }),
      aNode('cp-2', { unschedulable: true }),
      aNode('worker', { roles: ['worker'] }),
    ];
    expect(controlPlaneDeadEnds(nodes).map((node) => node.metadata?.name)).toEqual(['cp-1', 'cp-2']);
  });

  it('accepts the legacy master label', () => {
    const nodes = [aNode('m-1', { roles: ['master'] }), aNode('worker', { roles: ['worker'] })];
    expect(controlPlaneDeadEnds(nodes).map((node) => node.metadata?.name)).toEqual(['m-1']);
  });

  it('finds none while another schedulable control-plane node is left, or when no other node exists at all', () => {
    const three = [aNode('cp-1'), aNode('cp-2'), aNode('worker', { roles: ['worker'] })];
    expect(controlPlaneDeadEnds(three)).toEqual([]);
    expect(controlPlaneDeadEnds([aNode('cp-1')])).toEqual([]);
  });

  it('does not count a witness node as a place for the infra pods', () => {
    const nodes = [aNode('cp-1'), aNode('witness', { roles: ['witness'] })];
    expect(controlPlaneDeadEnds(nodes)).toEqual([]);
  });
});

describe('kubeVirtVersion', () => {
  it('reads the deployed version, else the target, else the operator', () => {
    expect(kubeVirtVersion(aKubeVirt({ observed: 'v1.3.1', target: 'v1.4.0' }))?.text).toBe('v1.3.1');
    expect(kubeVirtVersion(aKubeVirt({ observed: null, target: 'v1.4.0', operator: 'v1.2.0' }))?.text).toBe('v1.4.0');
    expect(kubeVirtVersion(aKubeVirt({ observed: null, operator: 'v1.2.0' }))?.text).toBe('v1.2.0');
  });

  it('is undefined when the status names no version', () => {
    expect(kubeVirtVersion(aKubeVirt({ observed: null }))).toBeUndefined();
  });
});

describe('harvesterKubeVirt', () => {
  it('finds harvester-system/kubevirt and no other KubeVirt', () => {
    const kubevirt = aKubeVirt();
    expect(harvesterKubeVirt(snapshotOf({ kubevirts: [kubevirt] }))).toBe(kubevirt);
    expect(harvesterKubeVirt(snapshotOf({ kubevirts: [aKubeVirt({ name: 'other' })] }))).toBeUndefined();
  });
});

describe('PLACEMENT_PATCH', () => {
  it('empties the nodePlacement of harvester-system/kubevirt', () => {
    expect(PLACEMENT_PATCH).toBe(
      `kubectl -n harvester-system patch kubevirt kubevirt --type merge -p '{"spec":{"infra":{"nodePlacement":{}}}}'`,
    );
  });
});
