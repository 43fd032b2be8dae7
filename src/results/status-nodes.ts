import { longhornVolumeDegraded } from '../checks/longhorn-volume-degraded.js';
import { explainDrain } from '../drain/explain-drain.js';
import { upgradeStage } from '../drain/upgrade-stage.js';
import type { Upgrade } from '../model/harvester.js';
import { annotationOf, conditionOf, nameOf, type ObjectRef } from '../model/kube-object.js';
import type { Node } from '../model/node.js';
import { FLEET_LOCAL } from '../model/rancher.js';
import { shellQuote } from '../model/shell.js';
import { itemsOf, type ClusterSnapshot } from '../model/snapshot.js';
import { repoWait, type Wait } from './status-waits.js';
import type { JobEvidence, NodeRow, NodeStep, PhaseState, StatusPhase } from './status-types.js';

type Step = NodeStep['step'];
const STEPS: readonly Step[] = ['pre-drain', 'drain', 'post-drain', 'reboot'];

/**
 * Where each V1 node state puts the node's four steps (harvester/harvester pkg/controller/master/upgrade
 * job_controller.go node states; harvester-domain §3.5/§3.6): Pre-draining runs the pre-drain Job, Pre-drained hands
 * the node to Rancher's drain, Post-draining runs the post-drain Job, Waiting Reboot waits for the new OS.
 */
const RUNNING_STEP: Readonly<Record<string, Step>> = {
  'Pre-draining': 'pre-drain',
  'Pre-drained': 'drain',
  'Post-draining': 'post-drain',
  'Waiting Reboot': 'reboot',
  PreDraining: 'pre-drain',
  PreDrained: 'drain',
  PostDraining: 'post-drain',
  WaitingReboot: 'reboot',
};
const DONE = new Set([
  'Succeeded',
  'PostDrained',
  'SingleNodeUpgraded',
  'ImageCleaning',
  'ImageCleaned',
  'ImageCleanFailed',
]);
const FAILED = new Set(['Failed', 'PreDrainFailed', 'PostDrainFailed', 'SingleNodeUpgradeFailed']);

const jobOf = (jobs: readonly JobEvidence[], node: string, step: string): JobEvidence | undefined =>
  jobs.filter((job) => job.node === node && job.step === step).at(-1);

/** The step a failed node failed in: the last hook Job it ran (post-drain after pre-drain). */
const failedStep = (jobs: readonly JobEvidence[], node: string): Step =>
  jobOf(jobs, node, 'post-drain') ? 'post-drain' : 'pre-drain';

const stepSince = (jobs: readonly JobEvidence[], node: string, step: Step, state: PhaseState): string | undefined => {
  const pre = jobOf(jobs, node, 'pre-drain');
  const post = jobOf(jobs, node, 'post-drain');
  if (step === 'pre-drain') return pre?.since;
  if (step === 'drain') return state === 'running' || state === 'done' ? pre?.since : undefined;
  if (step === 'post-drain') return post?.since;
  return state === 'running' ? post?.since : undefined;
};

export const nodeSteps = (state: string | undefined, jobs: readonly JobEvidence[], node: string): NodeStep[] => {
  const running = state ? RUNNING_STEP[state] : undefined;
  const failed = state && FAILED.has(state) ? failedStep(jobs, node) : undefined;
  const cut = running ?? failed;
  const position = cut ? STEPS.indexOf(cut) : state && DONE.has(state) ? STEPS.length : -1;
  return STEPS.map((step, index): NodeStep => {
    const stepState: PhaseState =
      position < 0
        ? 'pending'
        : index < position
          ? 'done'
          : index === position
            ? failed
              ? 'failed'
              : 'running'
            : 'pending';
    const since = stepSince(jobs, node, step, stepState);
    return { step, state: stepState, ...(since ? { since } : {}) };
  });
};

/** One phase per node the upgrade records, in name order. */
export const nodePhases = (
  statuses: Readonly<Record<string, { readonly state?: string; readonly message?: string }>>,
  jobs: readonly JobEvidence[],
  nodesRun: boolean,
): StatusPhase[] =>
  Object.keys(statuses)
    .sort()
    .map((node): StatusPhase => {
      const status = statuses[node];
      const steps = nodesRun ? nodeSteps(status?.state, jobs, node) : nodeSteps(undefined, jobs, node);
      const state: PhaseState = steps.some((s) => s.state === 'failed')
        ? 'failed'
        : steps.every((s) => s.state === 'done')
          ? 'done'
          : steps.some((s) => s.state === 'running')
            ? 'running'
            : 'pending';
      const since = [...steps].reverse().find((s) => s.state !== 'pending')?.since;
      const detail = state === 'failed' ? status?.message : undefined;
      return {
        id: `node/${node}`,
        title: `Node ${node}`,
        state,
        ...(since ? { since } : {}),
        ...(detail ? { detail } : {}),
        steps,
      };
    });

const readyOf = (node: Node | undefined): string => {
  const ready = conditionOf(node?.status?.conditions, 'Ready');
  if (!node) return 'missing';
  return ready?.status === 'True' ? 'Ready' : ready?.status === 'False' ? 'NotReady' : 'Unknown';
};

/** explain-drain's verdict in one line, and the command that prints the rest (bundle path shell-quoted). */
const drainLine = (snapshot: ClusterSnapshot, node: Node): NonNullable<NodeRow['drain']> => {
  const drain = explainDrain(snapshot, node, 'the upgrade drains it');
  const blocked = drain.pods.filter((pod) => pod.verdict === 'block');
  const first = drain.findings[0]?.message;
  const verdict =
    blocked.length === 0
      ? 'nothing blocks the drain'
      : `${String(blocked.length)} ${blocked.length === 1 ? 'pod blocks' : 'pods block'} the drain${first ? ` (${first})` : ''}`;
  const bundle = snapshot.source.mode === 'bundle' ? ` --bundle ${shellQuote(snapshot.source.path)}` : '';
  return { verdict, command: `kubectl harvester-upgrade explain-drain ${shellQuote(nameOf(node))}${bundle}` };
};

export const nodeRows = (
  snapshot: ClusterSnapshot,
  statuses: Readonly<Record<string, { readonly state?: string; readonly reason?: string; readonly message?: string }>>,
): NodeRow[] => {
  const nodes = new Map(itemsOf(snapshot, 'nodes').map((node) => [nameOf(node), node]));
  const names = [...new Set([...nodes.keys(), ...Object.keys(statuses)])].sort();
  return names.map((name): NodeRow => {
    const status = statuses[name];
    const node = nodes.get(name);
    const drained = node !== undefined && (status?.state === 'Pre-drained' || status?.state === 'PreDrained');
    return {
      node: name,
      state: status?.state ?? '-',
      ...(status?.reason ? { reason: status.reason } : {}),
      ...(status?.message ? { message: status.message } : {}),
      ready: readyOf(node),
      ...(drained ? { drain: drainLine(snapshot, node) } : {}),
    };
  });
};

/** The release's Kubernetes from the Upgrade's repo metadata (`release.kubernetes` in status.repoInfo). */
const targetKubelet = (upgrade: Upgrade): string | undefined =>
  /^\s+kubernetes:\s*"?([^"\s]+)"?\s*$/m.exec(upgrade.status?.repoInfo ?? '')?.[1];

const jobRef = (job: JobEvidence | undefined): ObjectRef | undefined =>
  job ? { kind: 'Job', namespace: job.namespace, name: job.name } : undefined;

const jobRuns = (job: JobEvidence | undefined, who: string, what: string): Wait | undefined => {
  const object = jobRef(job);
  if (!object) return undefined;
  return {
    object,
    field: 'status.conditions[Complete]',
    text: `${who} Job ${object.namespace ?? ''}/${object.name} runs (${what}): see its log`,
  };
};

const drainWait = (snapshot: ClusterSnapshot, node: string): Wait | undefined => {
  const { handshake } = upgradeStage(snapshot, node);
  // The plan Secret lives beside its Machine in fleet-local (rancher/rancher pkg/capr/common.go).
  const name = handshake.secret;
  const namespace = FLEET_LOCAL;
  if (!handshake.known || !name) return undefined;
  const object = { kind: 'Secret', namespace, name };
  if (!handshake.drainDone) {
    const error = handshake.drainError ? `; last drain error: ${handshake.drainError}` : '';
    return {
      object,
      field: 'metadata.annotations[rke.cattle.io/drain-done]',
      text: `Rancher is draining ${node}: waiting for annotation rke.cattle.io/drain-done on Secret ${namespace}/${name}${error}`,
    };
  }
  return {
    object,
    field: 'metadata.annotations[rke.cattle.io/post-drain]',
    text: `Rancher drained ${node} and applies the new RKE2 plan: waiting for annotation rke.cattle.io/post-drain on Secret ${namespace}/${name}`,
  };
};

const postDrainWait = (
  snapshot: ClusterSnapshot,
  upgrade: Upgrade,
  node: string,
  job: JobEvidence | undefined,
): Wait | undefined => {
  const repo = repoWait(snapshot, upgrade, 'post-drain');
  if (repo) return repo;
  const target = targetKubelet(upgrade);
  const object = itemsOf(snapshot, 'nodes').find((n) => nameOf(n) === node);
  const kubelet = object?.status?.nodeInfo?.kubeletVersion;
  // package/upgrade/upgrade_node.sh wait_rke2_upgrade: the kubelet reports the release's RKE2 (without -rcN).
  if (target && kubelet && kubelet !== target.replace(/-rc\d+/, '')) {
    return {
      object: { kind: 'Node', name: node },
      field: 'status.nodeInfo.kubeletVersion',
      text: `post-drain is waiting for Node ${node} status.nodeInfo.kubeletVersion to be ${target}: it is ${kubelet}`,
    };
  }
  return jobRuns(job, 'post-drain', 'the OS upgrade, then the reboot');
};

/** The node handler marks the node Succeeded once its osImage is the one annotated harvesterhci.io/pendingOSImage. */
const rebootWait = (snapshot: ClusterSnapshot, node: string): Wait => {
  const object = itemsOf(snapshot, 'nodes').find((n) => nameOf(n) === node);
  const pending = object ? annotationOf(object, 'harvesterhci.io/pendingOSImage') : undefined;
  const os = object?.status?.nodeInfo?.osImage ?? 'unknown';
  return {
    object: { kind: 'Node', name: node },
    field: 'status.nodeInfo.osImage',
    text: `waiting for Node ${node} to reboot into ${pending ?? 'the new OS'}: status.nodeInfo.osImage is ${os}`,
  };
};

/** What the node in its turn waits for, by its state. */
export const nodeWait = (
  snapshot: ClusterSnapshot,
  upgrade: Upgrade,
  node: string,
  state: string,
  jobs: readonly JobEvidence[],
): Wait | undefined => {
  const step = RUNNING_STEP[state];
  if (step === 'pre-drain') {
    const [degraded] = longhornVolumeDegraded.run(snapshot);
    const volume = degraded
      ? {
          object: degraded.object,
          field: 'status.robustness',
          text: `pre-drain is waiting for Longhorn Volume ${degraded.object.namespace ?? ''}/${degraded.object.name} to be healthy: ${degraded.message}`,
          check: longhornVolumeDegraded.id,
          ...(degraded.remedy ? { remedy: degraded.remedy } : {}),
        }
      : undefined;
    return (
      repoWait(snapshot, upgrade, 'pre-drain') ??
      volume ??
      jobRuns(jobOf(jobs, node, 'pre-drain'), 'pre-drain', 'Longhorn volumes healthy, VMs off the node')
    );
  }
  if (step === 'drain') return drainWait(snapshot, node);
  if (step === 'post-drain') return postDrainWait(snapshot, upgrade, node, jobOf(jobs, node, 'post-drain'));
  if (step === 'reboot') return rebootWait(snapshot, node);
  return undefined;
};
