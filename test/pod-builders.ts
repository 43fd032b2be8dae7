import type { KubeObject } from '../src/model/kube-object.js';
import type { Job, Pod } from '../src/model/pod.js';
import type { SucPlan } from '../src/model/rancher.js';
import { aJob, aPod, type JobOptions, type PodOptions } from './builders.js';

/** Builders for pods, Jobs, system-upgrade-controller Plans (pod and drain checks). */

/** The object with `metadata.deletionTimestamp` set (kubectl: Terminating). */
export const terminating = <T extends KubeObject>(object: T): T => ({
  ...object,
  metadata: { ...object.metadata, deletionTimestamp: '2026-11-21T23:00:00Z' },
});

/** A pod of Job `job`, labelled as the Job controller labels its pods. */
export const aJobPod = (name: string, job: string, options: PodOptions = {}): Pod =>
  aPod(name, {
    ...options,
    owner: { kind: 'Job', name: job },
    labels: { 'batch.kubernetes.io/job-name': job, 'job-name': job, ...options.labels },
  });

/** An `upgrade.cattle.io/v1` Plan in cattle-system with its latest hash. */
export const aSucPlan = (name: string, latestHash = 'hash-2', namespace = 'cattle-system'): SucPlan => ({
  apiVersion: 'upgrade.cattle.io/v1',
  kind: 'Plan',
  metadata: { name, namespace },
  status: { latestHash, latestVersion: 'v1.31.4+rke2r1' },
});

export interface SucStepOptions {
  readonly plan?: string;
  readonly node?: string;
  readonly hash?: string;
  readonly namespace?: string;
}

const sucLabels = (options: SucStepOptions): Record<string, string> => {
  const plan = options.plan ?? 'system-agent-upgrader';
  return {
    'upgrade.cattle.io/controller': 'system-upgrade-controller',
    'upgrade.cattle.io/plan': plan,
    'upgrade.cattle.io/node': options.node ?? 'node-1',
    'upgrade.cattle.io/version': 'v1.31.4+rke2r1',
    [`plan.upgrade.cattle.io/${plan}`]: options.hash ?? 'hash-2',
  };
};

/** The Job name system-upgrade-controller gives a Plan's step on a node (pkg/upgrade/job/job.go). */
export const sucJobName = (options: SucStepOptions = {}): string =>
  `apply-${options.plan ?? 'system-agent-upgrader'}-on-${options.node ?? 'node-1'}-with-${options.hash ?? 'hash-2'}`;

export const aSucJob = (options: SucStepOptions & JobOptions = {}): Job =>
  aJob(sucJobName(options), {
    ...options,
    namespace: options.namespace ?? 'cattle-system',
    labels: { ...sucLabels(options), ...options.labels },
  });

/** A pod of the SUC Job for `options` (plan, node, hash). */
export const aSucPod = (name: string, options: SucStepOptions & PodOptions = {}): Pod =>
  aJobPod(name, sucJobName(options), {
    ...options,
    namespace: options.namespace ?? 'cattle-system',
    node: options.node ?? 'node-1',
    labels: { ...sucLabels(options), ...options.labels },
  });
