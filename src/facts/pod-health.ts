import { conditionOf, namespaceOf, nameOf, withoutTrailingPeriod } from '../model/kube-object.js';
import { isTerminating, type ContainerStatus, type Pod } from '../model/pod.js';
import type { ClusterSnapshot } from '../model/snapshot.js';
import { supersededJobAttempt } from './superseded-job-attempt.js';
import { sh } from '../model/shell.js';

const restarts = (count: number): string => (count === 1 ? '1 restart' : `${String(count)} restarts`);

/**
 * What a container is doing, as `kubectl describe` shows it: its waiting reason (with the kubelet's message, except
 * for CrashLoopBackOff whose message only repeats the back-off), its terminated reason and exit code, or that it
 * runs but is not ready; then its restart count.
 */
export const containerStateText = (status: ContainerStatus): string => {
  const state = status.state;
  let text: string;
  if (state?.waiting) {
    const { reason, message } = state.waiting;
    text = reason ?? 'waiting';
    if (message && reason !== 'CrashLoopBackOff') text += `: ${withoutTrailingPeriod(message)}`;
  } else if (state?.terminated) {
    const { reason, exitCode } = state.terminated;
    text = reason ?? 'terminated';
    if (exitCode !== undefined) text += `, exit code ${String(exitCode)}`;
  } else if (state?.running) {
    text = status.ready === true ? 'running' : 'running, not ready';
  } else {
    text = 'no state reported';
  }
  return `${text}, ${restarts(status.restartCount ?? 0)}`;
};

export const describeContainer = (status: ContainerStatus, init = false): string =>
  `${init ? 'init container ' : ''}${status.name ?? '?'} (${containerStateText(status)})`;

const exitedCleanly = (status: ContainerStatus): boolean => status.state?.terminated?.exitCode === 0;

/**
 * Containers of a started pod that are not ready. An init container that ran to completion is done, not unready;
 * one still running is a sidecar (restartPolicy Always) and counts for readiness like the main containers.
 */
export const unreadyContainers = (pod: Pod): readonly ContainerStatus[] => [
  ...(pod.status?.initContainerStatuses ?? []).filter((status) => status.ready !== true && !exitedCleanly(status)),
  ...(pod.status?.containerStatuses ?? []).filter((status) => status.ready !== true),
];

export const isInitContainer = (pod: Pod, status: ContainerStatus): boolean =>
  (pod.status?.initContainerStatuses ?? []).includes(status);

/** Readiness gates whose pod condition is not True (kubelet: ReadinessGatesNotReady). */
export const unmetReadinessGates = (pod: Pod): readonly string[] =>
  (pod.spec?.readinessGates ?? [])
    .map((gate) => gate.conditionType ?? '')
    .filter((type) => type !== '' && conditionOf(pod.status?.conditions, type)?.status !== 'True');

/** `(reason: message)`, `(reason)`, `(message)` or nothing. */
export const parenthesised = (reason: string | undefined, message: string | undefined): string => {
  const parts = [reason, message ? withoutTrailingPeriod(message) : undefined].filter((part) => part);
  return parts.length > 0 ? ` (${parts.join(': ')})` : '';
};

export const describePodCommand = (pod: Pod): string => sh`kubectl -n ${namespaceOf(pod)} describe pod ${nameOf(pod)}`;

/**
 * Rancher runs each Helm operation in a bare pod `helm-operation-*` (no Job) with its `helm` container and a
 * `kubectl proxy` sidecar added by steve's pod impersonation (rancher/rancher: pkg/catalogv2/helmop/operation.go,
 * rancher/steve: pkg/podimpersonation). When the sidecar ends with an error the pod is Failed although the Helm
 * operation succeeded, and kubectl prints `0/2 Completed` (harvester/harvester issue #7717). Returns why such a pod
 * is not a failure, or undefined.
 */
export const completedHelmOperation = (pod: Pod): string | undefined => {
  if (!nameOf(pod).startsWith('helm-operation-')) return undefined;
  const helm = (pod.status?.containerStatuses ?? []).find((status) => status.name === 'helm');
  return helm && exitedCleanly(helm) ? 'its helm container completed; only a sidecar failed' : undefined;
};

/**
 * A Failed or Unknown pod that needs no one's attention: it is already going (terminating), a later attempt of its
 * Job succeeded, or it is a Helm operation whose helm container completed.
 */
export const settledWithoutAction = (snapshot: ClusterSnapshot, pod: Pod): boolean =>
  isTerminating(pod) || supersededJobAttempt(snapshot, pod) !== undefined || completedHelmOperation(pod) !== undefined;
