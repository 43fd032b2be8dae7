import { counted, type Finding } from '../model/finding.js';
import { conditionOf, nameOf, namespaceOf, refOf } from '../model/kube-object.js';
import { isTerminating, type Pod } from '../model/pod.js';
import { itemsOf } from '../model/snapshot.js';
import type { Check } from './check.js';
import {
  describeContainer,
  describePodCommand,
  isInitContainer,
  parenthesised,
  unmetReadinessGates,
  unreadyContainers,
} from '../facts/pod-health.js';
import { sh } from '../model/shell.js';

/** Why a Running pod is not ready, or undefined when it is Ready with every container ready. */
const notReadyBecause = (pod: Pod): string | undefined => {
  const ready = conditionOf(pod.status?.conditions, 'Ready');
  const containers = unreadyContainers(pod);
  const gates = unmetReadinessGates(pod);
  if (ready?.status === 'True' && containers.length === 0) return undefined;
  const parts: string[] = [];
  if (containers.length > 0) {
    parts.push(
      `containers not ready: ${containers.map((c) => describeContainer(c, isInitContainer(pod, c))).join(', ')}`,
    );
  }
  if (gates.length > 0) parts.push(`readiness gates not True: ${gates.join(', ')}`);
  if (parts.length > 0) return parts.join('; ');
  if (!ready) return 'has no Ready condition';
  return `condition Ready is ${ready.status ?? 'Unknown'}${parenthesised(ready.reason, ready.message)}`;
};

const remedyFor = (pod: Pod): string => {
  const crashed = unreadyContainers(pod).find(
    (container) => (container.restartCount ?? 0) > 0 || container.state?.terminated !== undefined,
  );
  const logs = crashed
    ? `; ${sh`kubectl -n ${namespaceOf(pod)} logs ${nameOf(pod)} -c ${crashed.name ?? ''} --previous`}`
    : '';
  return `Find why it is not ready and fix or restart its workload before upgrading: ${describePodCommand(pod)}${logs}`;
};

/**
 * The upgrade-helpers pre-check first judged pods by phase only and passed Running pods with unready containers
 * (harvester/harvester issue #7181). A pod is ready only when the kubelet sets Ready=True: every container ready and
 * every readiness gate True (kubernetes/kubernetes: pkg/kubelet/status/generate.go). Terminating pods are left out:
 * they lose readiness while they shut down.
 */
export const podContainersNotReady: Check = {
  id: 'pod-containers-not-ready',
  title: 'Running pods are ready',
  problem: (findings) => counted(findings, 'Running pod is not ready', 'Running pods are not ready'),
  description:
    'Every Running pod must be Ready with all its containers ready; a crashing or unready system pod is a broken component the upgrade depends on.',
  needs: ['pods'],
  run: (snapshot) =>
    itemsOf(snapshot, 'pods').flatMap((pod): Finding[] => {
      if (pod.status?.phase !== 'Running' || isTerminating(pod)) return [];
      const because = notReadyBecause(pod);
      if (because === undefined) return [];
      return [
        {
          check: 'pod-containers-not-ready',
          severity: 'error',
          object: refOf('Pod', pod),
          message: because,
          remedy: remedyFor(pod),
        },
      ];
    }),
};
