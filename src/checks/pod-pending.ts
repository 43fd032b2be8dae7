import { counted, type Finding } from '../model/finding.js';
import { conditionOf, refOf } from '../model/kube-object.js';
import { isTerminating, type ContainerStatus, type Pod } from '../model/pod.js';
import { itemsOf } from '../model/snapshot.js';
import type { Check } from './check.js';
import { describeContainer, describePodCommand, parenthesised } from '../facts/pod-health.js';

const started = (status: ContainerStatus): boolean =>
  status.state?.running !== undefined || status.state?.terminated?.exitCode === 0;

/** What a scheduled pod waits for: init containers that have not completed, then containers not running. */
const waitingContainers = (pod: Pod): string[] => [
  ...(pod.status?.initContainerStatuses ?? [])
    .filter((status) => !started(status))
    .map((status) => describeContainer(status, true)),
  ...(pod.status?.containerStatuses ?? [])
    .filter((status) => !started(status))
    .map((status) => describeContainer(status)),
];

const pendingBecause = (pod: Pod): string => {
  const scheduled = conditionOf(pod.status?.conditions, 'PodScheduled');
  const node = pod.spec?.nodeName;
  if (!node) {
    const why = scheduled
      ? parenthesised(scheduled.reason, scheduled.message)
      : parenthesised(undefined, 'no scheduling decision yet');
    return `pending, not scheduled${why}`;
  }
  const waiting = waitingContainers(pod);
  return waiting.length > 0
    ? `pending on node ${node}, waiting: ${waiting.join(', ')}`
    : `pending on node ${node}${parenthesised(pod.status?.reason, pod.status?.message ?? 'no container status yet')}`;
};

/**
 * A Pending pod has only PodScheduled=False and no Ready condition, so the upgrade-helpers pre-check, which looks for
 * Ready=False, passes it (harvester/harvester issue #7647: virt-api, virt-controller and harvester-webhook pods stuck
 * Pending while the upgrade hung). Unscheduled pods carry the scheduler's reason; scheduled ones wait for images,
 * volumes or init containers. Terminating pods are left out.
 */
export const podPending: Check = {
  id: 'pod-pending',
  title: 'No pods are Pending',
  problem: (findings) => counted(findings, 'pod is Pending', 'pods are Pending'),
  description:
    'A pod that cannot be scheduled or started now will not start after a node drain either; the upgrade waits for such pods.',
  needs: ['pods'],
  run: (snapshot) =>
    itemsOf(snapshot, 'pods')
      .filter((pod) => pod.status?.phase === 'Pending' && !isTerminating(pod))
      .map((pod): Finding => ({
        check: 'pod-pending',
        severity: 'error',
        object: refOf('Pod', pod),
        message: pendingBecause(pod),
        remedy: pod.spec?.nodeName
          ? `See the events for image pulls, volume mounts or init containers: ${describePodCommand(pod)}`
          : `See why the scheduler cannot place it (taints, node affinity, resources): ${describePodCommand(pod)}`,
      })),
};
