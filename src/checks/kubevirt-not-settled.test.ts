import { snapshotOf } from '../../test/builders.js';
import { aKubeVirt, aVirtHandler } from '../../test/kubevirt-builders.js';
import { kubevirtNotSettled } from './kubevirt-not-settled.js';

describe('kubevirt-not-settled', () => {
  it('fires on KubeVirt never Available after v1.7 to v1.8: a virt-handler pod without annotations (#10447)', () => {
    const snapshot = snapshotOf({
      kubevirts: [
        aKubeVirt({
          observed: '1.7.0-150700.3.16.2',
          target: '1.7.0-150700.3.16.2',
          phase: 'Deploying',
          available: { status: 'False', reason: 'DeploymentInProgress' },
        }),
      ],
      pods: [aVirtHandler('virt-handler-64r9v', '1.7.0-150700.3.16.2'), aVirtHandler('virt-handler-wzmdv', null)],
    });
    expect(kubevirtNotSettled.run(snapshot)).toEqual([
      {
        check: 'kubevirt-not-settled',
        severity: 'error',
        object: { kind: 'KubeVirt', namespace: 'harvester-system', name: 'kubevirt' },
        message:
          'KubeVirt is not settled: phase is Deploying, not Deployed; condition Available is False (DeploymentInProgress); virt-operator waits for out-of-date virt-handler pods (virt-handler-wzmdv: no install-strategy annotations of the target)',
        remedy:
          'Delete the out-of-date virt-handler pods so that their DaemonSet recreates them with the annotations: kubectl -n harvester-system delete pod virt-handler-wzmdv; then wait until kubectl -n harvester-system get kubevirt kubevirt shows phase Deployed and condition Available True before upgrading; if it does not, read kubectl -n harvester-system logs deployment/virt-operator --tail 50.',
      },
    ]);
  });

  it('fires while virt-operator has not yet rolled out its own version', () => {
    const snapshot = snapshotOf({ kubevirts: [aKubeVirt({ observed: 'v1.6.3', target: 'v1.7.0' })] });
    expect(kubevirtNotSettled.run(snapshot)).toEqual([
      expect.objectContaining({
        message: 'KubeVirt is not settled: observedKubeVirtVersion v1.6.3 is not the target v1.7.0',
        remedy: expect.stringMatching(
          /^Wait until kubectl -n harvester-system get kubevirt kubevirt shows phase Deployed/,
        ) as unknown,
      }),
    ]);
  });

  it('fires when the CR is missing', () => {
    expect(kubevirtNotSettled.run(snapshotOf({ kubevirts: [aKubeVirt({ name: 'other' })] }))).toEqual([
      expect.objectContaining({ severity: 'error', message: expect.stringContaining('does not exist') as unknown }),
    ]);
  });

  it('shell-quotes pod names in the remedy', () => {
    const snapshot = snapshotOf({
      kubevirts: [aKubeVirt({ observed: 'v1.7.0', target: 'v1.7.0' })],
      pods: [aVirtHandler('virt-handler-$(reboot)', null)],
    });
    expect(kubevirtNotSettled.run(snapshot)[0]?.remedy).toContain("delete pod 'virt-handler-$(reboot)'");
  });

  it('stays quiet on a deployed, available KubeVirt with up-to-date virt-handler pods', () => {
    const snapshot = snapshotOf({
      kubevirts: [aKubeVirt({ observed: 'v1.7.0', target: 'v1.7.0', available: true })],
      pods: [aVirtHandler('virt-handler-64r9v', 'v1.7.0')],
    });
    expect(kubevirtNotSettled.run(snapshot)).toEqual([]);
  });
});
