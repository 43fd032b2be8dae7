import { aPod } from '../../test/builders.js';
import { aKubeVirt, aVirtHandler } from '../../test/kubevirt-builders.js';
import { describeUnsettled, kubeVirtUnsettled, outdatedVirtHandlers } from './kubevirt-settled.js';

const settled = aKubeVirt({ observed: 'v1.7.0', target: 'v1.7.0', available: true });

describe('kubeVirtUnsettled', () => {
  it('finds nothing on a deployed, available KubeVirt whose virt-handler pods are up to date', () => {
    expect(kubeVirtUnsettled(settled, [aVirtHandler('virt-handler-a', 'v1.7.0')])).toEqual([]);
  });

  it('names a phase other than Deployed', () => {
    expect(kubeVirtUnsettled(aKubeVirt({ observed: 'v1.7.0', phase: 'Deploying' }))).toEqual([
      { kind: 'phase', phase: 'Deploying' },
    ]);
    expect(kubeVirtUnsettled(aKubeVirt({ observed: 'v1.7.0', phase: null }))).toEqual([
      { kind: 'phase', phase: undefined },
    ]);
  });

  it('names an observed version behind the target, and falls back to the operator version', () => {
    expect(kubeVirtUnsettled(aKubeVirt({ observed: 'v1.6.3', target: 'v1.7.0' }))).toEqual([
      { kind: 'version', observed: 'v1.6.3', target: 'v1.7.0' },
    ]);
    expect(kubeVirtUnsettled(aKubeVirt({ observed: null, operator: 'v1.7.0' }))).toEqual([
      { kind: 'version', observed: undefined, target: 'v1.7.0' },
    ]);
    // A leading v is how versions differ between fields, not a different version.
    expect(kubeVirtUnsettled(aKubeVirt({ observed: '1.7.0', target: 'v1.7.0' }))).toEqual([]);
  });

  it('names condition Available False with its reason, but not a missing condition', () => {
    const kubevirt = aKubeVirt({
      observed: 'v1.7.0',
      target: 'v1.7.0',
      available: { status: 'False', reason: 'DeploymentInProgress', message: 'Deploying version 1.7.0' },
    });
    expect(kubeVirtUnsettled(kubevirt)).toEqual([
      { kind: 'unavailable', reason: 'DeploymentInProgress', message: 'Deploying version 1.7.0' },
    ]);
    expect(kubeVirtUnsettled(aKubeVirt({ observed: 'v1.7.0' }))).toEqual([]);
  });

  it('names running virt-handler pods without the install-strategy annotations of the target (#10447)', () => {
    const pods = [
      aVirtHandler('virt-handler-64r9v', 'v1.7.0'),
      aVirtHandler('virt-handler-wzmdv', null),
      aVirtHandler('virt-handler-old', 'v1.6.3'),
      aVirtHandler('virt-handler-gone', null, 'Failed'),
      aPod('other', { namespace: 'harvester-system', labels: { 'kubevirt.io': 'virt-api' } }),
      { ...aVirtHandler('elsewhere', null), metadata: { name: 'elsewhere', namespace: 'default' } },
    ];
    expect(outdatedVirtHandlers(settled, pods).map((pod) => pod.metadata?.name)).toEqual([
      'virt-handler-wzmdv',
      'virt-handler-old',
    ]);
    expect(kubeVirtUnsettled(settled, pods)).toEqual([
      { kind: 'outdated-handlers', pods: ['virt-handler-wzmdv', 'virt-handler-old'] },
    ]);
  });

  it('reads a version that is not a string (a hand-edited bundle) as unset instead of throwing', () => {
    const kubevirt = aKubeVirt({ observed: 'v1.7.0' });
    const broken = { ...kubevirt, status: { ...kubevirt.status, targetKubeVirtVersion: 17 as unknown as string } };
    expect(kubeVirtUnsettled(broken)).toEqual([]);
  });

  it('describes each reason in one clause', () => {
    expect(
      kubeVirtUnsettled(
        aKubeVirt({
          observed: 'v1.6.3',
          target: 'v1.7.0',
          phase: 'Deploying',
          available: { status: 'False', reason: 'DeploymentInProgress' },
        }),
        [aVirtHandler('virt-handler-wzmdv', null)],
      ).map(describeUnsettled),
    ).toEqual([
      'phase is Deploying, not Deployed',
      'observedKubeVirtVersion v1.6.3 is not the target v1.7.0',
      'condition Available is False (DeploymentInProgress)',
      'virt-operator waits for out-of-date virt-handler pods (virt-handler-wzmdv: no install-strategy annotations of the target)',
    ]);
  });
});
