import { aPair, aPlanSecret, healthyCluster, snapshotOf } from '../../test/builders.js';
import type { KubeObject } from '../model/kube-object.js';
import { machinePlanSecretCount } from './machine-plan-secret-count.js';

const withSecrets = (secrets: KubeObject[]) => {
  const pairs = [aPair('node-1'), aPair('node-2')];
  return snapshotOf({
    nodes: pairs.map((pair) => pair.node),
    machines: pairs.map((pair) => pair.machine),
    machinePlanSecrets: secrets,
  });
};

describe('machine-plan-secret-count', () => {
  it('stays quiet on a healthy cluster', () => {
    expect(machinePlanSecretCount.run(healthyCluster(3))).toEqual([]);
  });

  it('reports a machine without a plan secret', () => {
    expect(machinePlanSecretCount.run(withSecrets([aPlanSecret('machine-node-1')]))).toEqual([
      expect.objectContaining({
        check: 'machine-plan-secret-count',
        severity: 'error',
        object: { kind: 'Machine', namespace: 'fleet-local', name: 'machine-node-2' },
        message: 'found 0 plan secrets for machine machine-node-2, expected 1',
        remedy: expect.stringContaining(
          'kubectl -n fleet-local get secrets -l rke.cattle.io/machine-name=machine-node-2',
        ) as unknown,
      }),
    ]);
  });

  it('reports a machine with two plan secrets', () => {
    const secrets = [
      aPlanSecret('machine-node-1'),
      aPlanSecret('machine-node-1', { suffix: 'machine-plan-old' }),
      aPlanSecret('machine-node-2'),
    ];
    expect(machinePlanSecretCount.run(withSecrets(secrets))).toEqual([
      expect.objectContaining({
        severity: 'error',
        object: { kind: 'Machine', namespace: 'fleet-local', name: 'machine-node-1' },
        message: 'found 2 plan secrets for machine machine-node-1, expected 1',
      }),
    ]);
  });

  it('does not count a secret of another namespace or one without the label', () => {
    const unlabelled: KubeObject = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'machine-node-2-machine-plan', namespace: 'fleet-local' },
    };
    const findings = machinePlanSecretCount.run(
      withSecrets([aPlanSecret('machine-node-1', { namespace: 'fleet-default' }), unlabelled]),
    );
    expect(findings.map((finding) => finding.message)).toEqual([
      'found 0 plan secrets for machine machine-node-1, expected 1',
      'found 0 plan secrets for machine machine-node-2, expected 1',
    ]);
  });
});
