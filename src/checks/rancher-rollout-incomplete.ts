import { serverVersion } from '../facts/harvester-version.js';
import { counted, type Finding } from '../model/finding.js';
import { conditionOf, nameOf, namespaceOf, refOf, withoutTrailingPeriod } from '../model/kube-object.js';
import type { Deployment } from '../model/pod.js';
import type { ResourceKey } from '../model/resources.js';
import { sh } from '../model/shell.js';
import { itemsOf, type ClusterSnapshot } from '../model/snapshot.js';
import { atLeast } from '../model/version.js';
import type { Check } from './check.js';

const ID = 'rancher-rollout-incomplete';

interface Waited {
  readonly key: ResourceKey & ('rancherDeployments' | 'fleetDeployments' | 'fleetAgentDeployments');
  readonly namespace: string;
  readonly name: string;
  /**
   * `wait_rollout_with_loop`: the script polls `kubectl get` until the Deployment exists, with no timeout, and only
   * from v1.5.0, when Fleet's local agent became a Deployment (harvester/harvester 4c350fda0; v1.4.x scripts wait on
   * a StatefulSet, which this does not read).
   */
  readonly waitsToExist: boolean;
}

/** In the order upgrade_rancher waits for them. */
const WAITED: readonly Waited[] = [
  { key: 'rancherDeployments', namespace: 'cattle-system', name: 'rancher', waitsToExist: false },
  { key: 'fleetDeployments', namespace: 'cattle-fleet-system', name: 'fleet-controller', waitsToExist: false },
  { key: 'rancherDeployments', namespace: 'cattle-system', name: 'rancher-webhook', waitsToExist: false },
  { key: 'fleetAgentDeployments', namespace: 'cattle-fleet-local-system', name: 'fleet-agent', waitsToExist: true },
];

const WAITS = 'after upgrading Rancher the upgrade waits for it with kubectl rollout status, which has no timeout';

/**
 * What `kubectl rollout status` says of a Deployment, tested in its order: the spec update observed, the progress
 * deadline not exceeded (an error, not a wait), every replica updated, no old replica left, every updated replica
 * available (kubernetes/kubectl pkg/polymorphichelpers/rollout_status.go DeploymentStatusViewer). Undefined when done.
 */
const rolloutState = (deployment: Deployment): { readonly failed: boolean; readonly text: string } | undefined => {
  const generation = deployment.metadata?.generation ?? 0;
  const status = deployment.status ?? {};
  const observed = status.observedGeneration ?? 0;
  if (generation > observed) {
    return {
      failed: false,
      text: `generation ${String(generation)} is not observed yet (observed ${String(observed)})`,
    };
  }
  const progressing = conditionOf(status.conditions, 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    const said = progressing.message ? ` (${withoutTrailingPeriod(progressing.message)})` : '';
    return { failed: true, text: `exceeded its progress deadline${said}` };
  }
  const updated = status.updatedReplicas ?? 0;
  const wanted = deployment.spec?.replicas;
  if (wanted !== undefined && updated < wanted) {
    return { failed: false, text: `${String(updated)} out of ${String(wanted)} new replicas have been updated` };
  }
  const total = status.replicas ?? 0;
  if (total > updated)
    return { failed: false, text: `${String(total - updated)} old replicas are pending termination` };
  const available = status.availableReplicas ?? 0;
  if (available < updated) {
    return { failed: false, text: `${String(available)} of ${String(updated)} updated replicas are available` };
  }
  return undefined;
};

const rolloutFinding = (deployment: Deployment): Finding | undefined => {
  const state = rolloutState(deployment);
  if (!state) return undefined;
  const namespace = namespaceOf(deployment);
  const name = nameOf(deployment);
  return {
    check: ID,
    severity: 'error',
    object: refOf('Deployment', deployment),
    message: state.failed
      ? `${state.text}: kubectl rollout status, which the upgrade runs on it after upgrading Rancher, fails at once, and with it the upgrade job`
      : `rollout is not complete: ${state.text}; ${WAITS}`,
    remedy: `Find why the rollout does not finish and fix it before upgrading: ${sh`kubectl -n ${namespace} rollout status deployment ${name} --watch=false`}; ${sh`kubectl -n ${namespace} describe deployment ${name}`}`,
  };
};

const missingFinding = (waited: Waited): Finding => ({
  check: ID,
  severity: 'error',
  object: { kind: 'Deployment', namespace: waited.namespace, name: waited.name },
  message: waited.waitsToExist
    ? `Deployment ${waited.namespace}/${waited.name} does not exist: after upgrading Rancher the upgrade waits with no timeout for it to appear, then for its rollout`
    : `Deployment ${waited.namespace}/${waited.name} does not exist: kubectl rollout status on it fails at once, and with it the upgrade job, unless the upgrade's charts recreate it`,
  remedy: waited.waitsToExist
    ? "fleet-controller deploys the local cluster's agent; find why it does not: kubectl -n cattle-fleet-system logs -l app=fleet-controller; kubectl -n fleet-local get clusters.fleet.cattle.io local -o yaml"
    : `Rancher installs it; find why it is gone before upgrading: ${sh`kubectl -n ${waited.namespace} get deployments,pods -o wide`}; kubectl -n cattle-system logs -l app=rancher`,
});

/** A missing fleet-agent Deployment counts from v1.5.0 only; an unknown version leaves it unjudged. */
const agentIsDeployment = (snapshot: ClusterSnapshot): boolean => {
  const version = serverVersion(snapshot);
  return version !== undefined && atLeast(version, 1, 5, 0);
};

const findingFor = (snapshot: ClusterSnapshot, waited: Waited): Finding | undefined => {
  const deployment = itemsOf(snapshot, waited.key).find(
    (d) => namespaceOf(d) === waited.namespace && nameOf(d) === waited.name,
  );
  if (deployment) return rolloutFinding(deployment);
  if (waited.waitsToExist && !agentIsDeployment(snapshot)) return undefined;
  return missingFinding(waited);
};

/**
 * After `helm upgrade rancher`, Harvester's upgrade waits with `kubectl rollout status --watch=true` (no timeout) for
 * the rancher, fleet-controller and rancher-webhook Deployments, and three times for the local cluster's fleet-agent
 * (harvester/harvester package/upgrade/upgrade_manifests.sh upgrade_rancher, wait_rollout, wait_rollout_with_loop;
 * the same at v1.6.x, v1.7.x, v1.8.x and v1.9.0-rc6). It does so only when the target brings a Rancher the cluster
 * does not run yet; a rollout that cannot finish today will not finish then either. The script runs under
 * `bash -e`, so a rollout status that fails (a missing Deployment, a progress deadline exceeded) fails the job.
 */
export const rancherRolloutIncomplete: Check = {
  id: ID,
  title: "Rancher's and Fleet's Deployments are rolled out",
  problem: (findings) => counted(findings, 'Deployment is not rolled out', 'Deployments are not rolled out'),
  description:
    'The upgrade waits with no timeout, after upgrading Rancher, for the rollout of rancher, rancher-webhook, fleet-controller and the local fleet-agent: a rollout that does not finish today stops it there.',
  needs: ['rancherDeployments', 'fleetDeployments', 'fleetAgentDeployments'],
  // The running version says whether Fleet's agent is a Deployment (v1.5.0 and later).
  optional: ['harvesterSettings'],
  run: (snapshot) =>
    WAITED.flatMap((waited) => {
      const finding = findingFor(snapshot, waited);
      return finding ? [finding] : [];
    }),
};
