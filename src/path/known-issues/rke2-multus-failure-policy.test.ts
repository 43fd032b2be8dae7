import { expectFires, expectQuiet, pathOn, type Scenario } from '../../../test/known-issue-scenarios.js';
import type { HelmChartConfig } from '../../model/helm-chart-config.js';
import { rke2MultusFailurePolicy } from './rke2-multus-failure-policy.js';

const multus = (failurePolicy?: string): HelmChartConfig => ({
  apiVersion: 'helm.cattle.io/v1',
  kind: 'HelmChartConfig',
  metadata: { name: 'rke2-multus', namespace: 'kube-system' },
  spec: { valuesContent: 'rke2-whereabouts:\n  enabled: true\n', ...(failurePolicy ? { failurePolicy } : {}) },
});

const toward = (to: string, configs: readonly HelmChartConfig[], from = 'v1.7.1'): Scenario => ({
  from,
  to,
  items: { helmChartConfigs: configs },
});

const findingsOf = (scenario: Scenario) =>
  pathOn(rke2MultusFailurePolicy, scenario).findings.filter(
    (finding) => finding.check === 'rke2-multus-failure-policy',
  );

describe('rke2-multus-failure-policy', () => {
  it('warns toward a target whose script does not set abort, with the exact patch', () => {
    expectFires(rke2MultusFailurePolicy, toward('v1.8.0-rc5', [multus()]));
    const [finding] = findingsOf(toward('v1.7.1', [multus('reinstall')], 'v1.6.1'));
    expect(finding).toMatchObject({
      severity: 'warning',
      object: { kind: 'HelmChartConfig', namespace: 'kube-system', name: 'rke2-multus' },
      message: expect.stringMatching(
        /^spec\.failurePolicy is "reinstall", and v1\.7\.1's upgrade does not set it:/,
      ) as unknown,
      remedy:
        'Set it to abort before upgrading: kubectl -n kube-system patch helmchartconfig rke2-multus --type merge -p \'{"spec":{"failurePolicy":"abort"}}\'',
    });
  });

  it('tells how to create the HelmChartConfig when RKE2 has none', () => {
    const [finding] = findingsOf(toward('v1.7.0', [], 'v1.6.1'));
    expect(finding?.message).toMatch(/^does not exist, so RKE2 applies failurePolicy reinstall/);
    expect(finding?.remedy).toBe(
      'Create it with failurePolicy abort before upgrading: echo \'{"apiVersion":"helm.cattle.io/v1","kind":"HelmChartConfig","metadata":{"name":"rke2-multus","namespace":"kube-system"},"spec":{"failurePolicy":"abort"}}\' | kubectl apply -f -',
    );
  });

  it('stays quiet when the policy is abort, and toward targets that patch it themselves', () => {
    expectQuiet(rke2MultusFailurePolicy, toward('v1.8.0-rc5', [multus('abort')]));
    expectQuiet(rke2MultusFailurePolicy, toward('v1.7.2', [multus()]));
    expectQuiet(rke2MultusFailurePolicy, toward('v1.7.3', []));
    expectQuiet(rke2MultusFailurePolicy, toward('v1.8.0', [multus()]));
    expectQuiet(rke2MultusFailurePolicy, toward('v1.8.0-rc6', [multus()]));
    expectQuiet(rke2MultusFailurePolicy, toward('v1.9.0', [multus()], 'v1.8.1'));
  });

  it('looks only at kube-system/rke2-multus', () => {
    const elsewhere: HelmChartConfig = { ...multus('abort'), metadata: { name: 'rke2-multus', namespace: 'default' } };
    expect(
      findingsOf(
        toward('v1.7.1', [
          elsewhere,
          { ...multus('abort'), metadata: { name: 'rke2-canal', namespace: 'kube-system' } },
        ]),
      ),
    ).toHaveLength(1);
  });
});
