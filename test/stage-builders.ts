import type { Affinity, Job, Pod, Toleration } from '../src/model/pod.js';
import { aJob, aPod, type JobOptions, type PodOptions } from './builders.js';

/** Builders for explain-drain's upgrade stage, drain targets and replacement placement. */

export interface DrainOptionsHooks {
  readonly preHook?: string;
  readonly postHook?: string;
}

/** The drain options JSON Rancher writes for Harvester's upgrade (harvester/harvester issue #9062). */
export const drainOptionsValue = (hooks: DrainOptionsHooks = {}): string =>
  JSON.stringify({
    deleteEmptyDirData: true,
    disableEviction: false,
    enabled: true,
    force: true,
    gracePeriod: 0,
    ignoreDaemonSets: true,
    ignoreErrors: false,
    postDrainHooks: [{ annotation: hooks.postHook ?? 'harvesterhci.io/post-hook' }],
    preDrainHooks: [{ annotation: hooks.preHook ?? 'harvesterhci.io/pre-hook' }],
    skipWaitForDeleteTimeoutSeconds: 0,
    timeout: 0,
  });

/** How far the Rancher/Harvester drain hand-shake got, each step including the earlier ones. */
export type HandshakeStep =
  'requested' | 'pre-drain' | 'pre-hook' | 'drain-done' | 'uncordon' | 'post-drain' | 'post-hook';

const STEPS: readonly HandshakeStep[] = [
  'requested',
  'pre-drain',
  'pre-hook',
  'drain-done',
  'uncordon',
  'post-drain',
  'post-hook',
];

export interface HandshakeOptions extends DrainOptionsHooks {
  readonly drainError?: string;
  /** Replaces the drain options value (e.g. text that is not JSON). */
  readonly value?: string;
}

/** The plan-secret annotations after `step`. */
export const handshakeAnnotations = (step: HandshakeStep, options: HandshakeOptions = {}): Record<string, string> => {
  const value = options.value ?? drainOptionsValue(options);
  const reached = (wanted: HandshakeStep): boolean => STEPS.indexOf(step) >= STEPS.indexOf(wanted);
  const annotations: Record<string, string> = { 'rke.cattle.io/drain-options': value };
  if (reached('pre-drain')) annotations['rke.cattle.io/pre-drain'] = value;
  if (reached('pre-hook')) annotations[options.preHook ?? 'harvesterhci.io/pre-hook'] = value;
  if (reached('drain-done')) annotations['rke.cattle.io/drain-done'] = value;
  if (reached('uncordon')) annotations['rke.cattle.io/uncordon'] = 'true';
  if (reached('post-drain')) annotations['rke.cattle.io/post-drain'] = value;
  if (reached('post-hook')) annotations[options.postHook ?? 'harvesterhci.io/post-hook'] = value;
  if (options.drainError) annotations['rke.cattle.io/drain-error'] = options.drainError;
  return annotations;
};

export interface NodeJobOptions extends JobOptions {
  /** `UpgradePlan` labels the Job as the V2 upgrade-toolkit does. */
  readonly flavour?: 'Upgrade' | 'UpgradePlan';
  readonly failedMessage?: string;
  readonly created?: string;
}

/** A Harvester node Job `<upgrade>-<type>-<node>` in harvester-system, named and labelled as the upgrade controller does. */
export const aNodeJob = (upgrade: string, node: string, type: string, options: NodeJobOptions = {}): Job => {
  const labels: Record<string, string> =
    options.flavour === 'UpgradePlan'
      ? {
          'management.harvesterhci.io/upgrade-plan': upgrade,
          'management.harvesterhci.io/upgrade-component': 'node-upgrade',
          'management.harvesterhci.io/node': node,
          'management.harvesterhci.io/job-type': type,
        }
      : {
          'harvesterhci.io/upgrade': upgrade,
          'harvesterhci.io/upgradeComponent': 'node',
          'harvesterhci.io/node': node,
          'harvesterhci.io/upgradeJobType': type,
        };
  // V2 names its Jobs SafeConcatName(plan, "node-upgrade", type, node) (upgrade-toolkit secret_controller.go).
  const name =
    options.flavour === 'UpgradePlan' ? `${upgrade}-node-upgrade-${type}-${node}` : `${upgrade}-${type}-${node}`;
  const job = aJob(name, { namespace: 'harvester-system', ...options, labels });
  return {
    ...job,
    metadata: { ...job.metadata, creationTimestamp: options.created ?? '2026-11-21T10:00:00Z' },
    ...(options.failedMessage
      ? {
          status: {
            ...job.status,
            conditions: [
              { type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: options.failedMessage },
            ],
          },
        }
      : {}),
  };
};

export interface PlacementOptions {
  readonly nodeSelector?: Record<string, string>;
  readonly affinity?: Affinity;
  readonly tolerations?: readonly Toleration[];
  /** Requests of the one container, e.g. `{cpu: '500m', memory: '512Mi'}`. */
  readonly requests?: Record<string, string>;
  /** Requests of init containers, one entry each. */
  readonly initRequests?: readonly Record<string, string>[];
}

/** The pod with these scheduling constraints and requests. */
export const withPlacement = (pod: Pod, options: PlacementOptions): Pod => ({
  ...pod,
  spec: {
    ...pod.spec,
    ...(options.nodeSelector ? { nodeSelector: options.nodeSelector } : {}),
    ...(options.affinity ? { affinity: options.affinity } : {}),
    ...(options.tolerations ? { tolerations: options.tolerations } : {}),
    ...(options.requests ? { containers: [{ name: 'main', resources: { requests: options.requests } }] } : {}),
    ...(options.initRequests
      ? {
          initContainers: options.initRequests.map((requests, index) => ({
            name: `init-${String(index)}`,
            resources: { requests },
          })),
        }
      : {}),
  },
});

/**
 * KubeVirt ≥ 1.3 default infra placement (kubevirt/kubevirt pkg/virt-operator/resource/placement/placement.go
 * RequireControlPlanePreferNonWorker): control-plane OR master required, tolerations for their NoSchedule taints.
 */
export const CONTROL_PLANE_AFFINITY: Affinity = {
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [
        { matchExpressions: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }] },
        { matchExpressions: [{ key: 'node-role.kubernetes.io/master', operator: 'Exists' }] },
      ],
    },
  },
};

export const CONTROL_PLANE_TOLERATIONS: readonly Toleration[] = [
  { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node-role.kubernetes.io/master', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'CriticalAddonsOnly', operator: 'Exists' },
];

/** A virt-api replica on `node` as KubeVirt 1.3 places it (ReplicaSet `virt-api-5f8d7c7b9`). */
export const aVirtApiPod = (name: string, node: string, options: PodOptions = {}): Pod =>
  withPlacement(
    aPod(name, {
      namespace: 'harvester-system',
      node,
      labels: { 'kubevirt.io': 'virt-api' },
      owner: { kind: 'ReplicaSet', name: 'virt-api-5f8d7c7b9' },
      ...options,
    }),
    {
      affinity: CONTROL_PLANE_AFFINITY,
      tolerations: CONTROL_PLANE_TOLERATIONS,
      requests: { cpu: '5m', memory: '500Mi' },
    },
  );
