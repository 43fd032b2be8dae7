import { snapshotOf } from '../../test/builders.js';
import type { Condition } from '../model/kube-object.js';
import type { Deployment } from '../model/pod.js';
import type { Setting } from '../model/harvester.js';
import { rancherRolloutIncomplete } from './rancher-rollout-incomplete.js';

interface RolloutOptions {
  readonly generation?: number;
  readonly observedGeneration?: number;
  readonly replicas?: number;
  readonly statusReplicas?: number;
  readonly updated?: number;
  readonly available?: number;
  readonly progressing?: Condition;
}

/** A Deployment as the deployment controller reports it; by default fully rolled out, one replica. */
const aDeployment = (namespace: string, name: string, options: RolloutOptions = {}): Deployment => {
  const replicas = options.replicas ?? 1;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace, generation: options.generation ?? 3 },
    spec: { replicas },
    status: {
      observedGeneration: options.observedGeneration ?? 3,
      replicas: options.statusReplicas ?? replicas,
      updatedReplicas: options.updated ?? replicas,
      readyReplicas: options.available ?? replicas,
      availableReplicas: options.available ?? replicas,
      conditions: [options.progressing ?? { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' }],
    },
  };
};

const version = (value: string): Setting => ({
  apiVersion: 'harvesterhci.io/v1beta1',
  kind: 'Setting',
  metadata: { name: 'server-version' },
  value,
});

interface Overrides {
  readonly rancher?: Deployment | null;
  readonly webhook?: Deployment | null;
  readonly fleetController?: Deployment | null;
  readonly fleetAgent?: Deployment | null;
  readonly running?: string;
}

const present = (deployment: Deployment | null | undefined, fallback: Deployment): Deployment[] =>
  deployment === null ? [] : [deployment ?? fallback];

const cluster = (overrides: Overrides = {}) =>
  snapshotOf({
    rancherDeployments: [
      ...present(overrides.rancher, aDeployment('cattle-system', 'rancher', { replicas: 3 })),
      ...present(overrides.webhook, aDeployment('cattle-system', 'rancher-webhook')),
      // Not waited for: harvester-cluster-repo has its own wait.
      aDeployment('cattle-system', 'harvester-cluster-repo', { available: 0 }),
    ],
    fleetDeployments: present(overrides.fleetController, aDeployment('cattle-fleet-system', 'fleet-controller')),
    fleetAgentDeployments: present(overrides.fleetAgent, aDeployment('cattle-fleet-local-system', 'fleet-agent')),
    harvesterSettings: [version(overrides.running ?? 'v1.6.1')],
  });

const run = (overrides: Overrides = {}) => rancherRolloutIncomplete.run(cluster(overrides));

describe('rancher-rollout-incomplete', () => {
  it('stays quiet when the four Deployments are rolled out', () => {
    expect(run()).toEqual([]);
  });

  it('stays quiet for a Deployment scaled to zero, as kubectl rollout status is', () => {
    expect(run({ webhook: aDeployment('cattle-system', 'rancher-webhook', { replicas: 0 }) })).toEqual([]);
  });

  it('reports an updated replica that is not available, with the rollout status command', () => {
    expect(run({ rancher: aDeployment('cattle-system', 'rancher', { replicas: 3, available: 2 }) })).toEqual([
      {
        check: 'rancher-rollout-incomplete',
        severity: 'error',
        object: { kind: 'Deployment', namespace: 'cattle-system', name: 'rancher' },
        message:
          'rollout is not complete: 2 of 3 updated replicas are available; after upgrading Rancher the upgrade waits for it with kubectl rollout status, which has no timeout',
        remedy:
          'Find why the rollout does not finish and fix it before upgrading: kubectl -n cattle-system rollout status deployment rancher --watch=false; kubectl -n cattle-system describe deployment rancher',
      },
    ]);
  });

  it.each([
    ['a spec update not yet observed', { generation: 4 }, 'generation 4 is not observed yet (observed 3)'],
    ['replicas not yet updated', { updated: 0, statusReplicas: 1 }, '0 out of 1 new replicas have been updated'],
    ['old replicas left', { statusReplicas: 2 }, '1 old replicas are pending termination'],
  ])('reports %s, in the order kubectl rollout status tests them', (_name, options, state) => {
    const [finding] = run({ fleetController: aDeployment('cattle-fleet-system', 'fleet-controller', options) });
    expect(finding?.message).toBe(
      `rollout is not complete: ${state}; after upgrading Rancher the upgrade waits for it with kubectl rollout status, which has no timeout`,
    );
    expect(finding?.object).toEqual({ kind: 'Deployment', namespace: 'cattle-fleet-system', name: 'fleet-controller' });
  });

  it('never passes a Deployment without status: nothing counts as updated or available', () => {
    const bare: Deployment = { ...aDeployment('cattle-system', 'rancher'), status: undefined };
    const noGeneration: Deployment = { ...bare, metadata: { name: 'rancher-webhook', namespace: 'cattle-system' } };
    expect(run({ rancher: bare, webhook: noGeneration }).map((f) => f.message)).toEqual([
      'rollout is not complete: generation 3 is not observed yet (observed 0); after upgrading Rancher the upgrade waits for it with kubectl rollout status, which has no timeout',
      'rollout is not complete: 0 out of 1 new replicas have been updated; after upgrading Rancher the upgrade waits for it with kubectl rollout status, which has no timeout',
    ]);
  });

  it('says a Deployment past its progress deadline fails the upgrade job instead', () => {
    const stuck = aDeployment('cattle-system', 'rancher-webhook', {
      available: 0,
      progressing: {
        type: 'Progressing',
        status: 'False',
        reason: 'ProgressDeadlineExceeded',
        message: 'ReplicaSet "rancher-webhook-6d8f" has timed out progressing.',
      },
    });
    expect(run({ webhook: stuck })).toEqual([
      expect.objectContaining({
        severity: 'error',
        message:
          'exceeded its progress deadline (ReplicaSet "rancher-webhook-6d8f" has timed out progressing): kubectl rollout status, which the upgrade runs on it after upgrading Rancher, fails at once, and with it the upgrade job',
      }),
    ]);
  });

  it('reports rancher, fleet-controller and rancher-webhook missing: their rollout status fails at once', () => {
    const findings = run({ rancher: null, fleetController: null, webhook: null });
    expect(findings.map((f) => [f.object.namespace, f.object.name, f.severity])).toEqual([
      ['cattle-system', 'rancher', 'error'],
      ['cattle-fleet-system', 'fleet-controller', 'error'],
      ['cattle-system', 'rancher-webhook', 'error'],
    ]);
    expect(findings[0]?.message).toBe(
      "Deployment cattle-system/rancher does not exist: kubectl rollout status on it fails at once, and with it the upgrade job, unless the upgrade's charts recreate it",
    );
  });

  it('reports fleet-agent missing from v1.5.0: the upgrade waits for it to appear with no timeout', () => {
    expect(run({ fleetAgent: null })).toEqual([
      {
        check: 'rancher-rollout-incomplete',
        severity: 'error',
        object: { kind: 'Deployment', namespace: 'cattle-fleet-local-system', name: 'fleet-agent' },
        message:
          'Deployment cattle-fleet-local-system/fleet-agent does not exist: after upgrading Rancher the upgrade waits with no timeout for it to appear, then for its rollout',
        remedy:
          "fleet-controller deploys the local cluster's agent; find why it does not: kubectl -n cattle-fleet-system logs -l app=fleet-controller; kubectl -n fleet-local get clusters.fleet.cattle.io local -o yaml",
      },
    ]);
  });

  it.each([['v1.4.3'], ['unknown']])(
    'leaves a missing fleet-agent Deployment alone on %s: Fleet before v1.5.0 runs the agent as a StatefulSet',
    (running) => {
      expect(run({ fleetAgent: null, running })).toEqual([]);
    },
  );

  it('still judges a fleet-agent Deployment that exists whatever the version', () => {
    const agent = aDeployment('cattle-fleet-local-system', 'fleet-agent', { available: 0 });
    expect(run({ fleetAgent: agent, running: 'v1.4.3' }).map((f) => f.object.name)).toEqual(['fleet-agent']);
  });
});
