import { counted, type Finding } from '../model/finding.js';
import { nameOf, namespaceOf, refOf } from '../model/kube-object.js';
import { podPhase, type Pod } from '../model/pod.js';
import { itemsOf } from '../model/snapshot.js';
import type { Check } from './check.js';
import { describePodCommand, parenthesised, settledWithoutAction } from '../facts/pod-health.js';
import { sh } from '../model/shell.js';

const phaseText = (pod: Pod): string => {
  if (pod.status?.phase) return 'phase is Unknown';
  return pod.status ? 'has a status without a phase' : 'has no status, so no phase';
};

/**
 * Kubernetes no longer sets phase Unknown (deprecated, "not being set since 2015": kubernetes/api: core/v1/types.go
 * PodUnknown): pods on a lost node stay Running while the node lifecycle controller sets their Ready condition
 * False, which pod-containers-not-ready reports. What remains are pods whose phase says Unknown (written by old
 * clusters, or kept in an old support bundle) and pods without any phase, whose status is missing or broken. A Job
 * attempt superseded by a later successful one is left out, and so are terminating pods.
 */
export const podPhaseUnknown: Check = {
  id: 'pod-phase-unknown',
  title: 'No pods are in phase Unknown or without a phase',
  problem: (findings) =>
    counted(findings, 'pod is in phase Unknown or has none', 'pods are in phase Unknown or have none'),
  description:
    'A pod whose phase is Unknown, or that has no phase at all, has no trustworthy status (an old cluster that lost ' +
    'its kubelet, or a broken object); the upgrade cannot tell whether it runs, so fix or replace it first.',
  needs: ['pods', 'jobs', 'nodes'],
  optional: ['sucPlans'],
  run: (snapshot) =>
    itemsOf(snapshot, 'pods')
      .filter((pod) => podPhase(pod) === 'Unknown' && !settledWithoutAction(snapshot, pod))
      .map((pod): Finding => {
        const node = pod.spec?.nodeName;
        return {
          check: 'pod-phase-unknown',
          severity: 'error',
          object: refOf('Pod', pod),
          message:
            phaseText(pod) + (node ? ` on node ${node}` : '') + parenthesised(pod.status?.reason, pod.status?.message),
          remedy:
            (node ? `Check node ${node} (${sh`kubectl get node ${node}`}) and ` : 'Check ') +
            `the pod (${describePodCommand(pod)}); once the node is healthy, delete the pod so its controller replaces it: ${sh`kubectl -n ${namespaceOf(pod)} delete pod ${nameOf(pod)}`}`,
        };
      }),
};
