import type { Finding } from '../model/finding.js';
import { nameOf, namespaceOf, refOf } from '../model/kube-object.js';
import { isTerminating, podPhase } from '../model/pod.js';
import { itemsOf } from '../model/snapshot.js';
import type { Check } from './check.js';
import { completedHelmOperation, describePodCommand, parenthesised } from './pod-health.js';
import { supersededJobAttempt } from './superseded-job-attempt.js';

/**
 * Phase Unknown means the API server has no word from the pod's kubelet (a lost or restarted node). A Job attempt
 * superseded by a later successful one is left out, and so are terminating pods (the node-readiness checks report
 * a lost node).
 */
export const podPhaseUnknown: Check = {
  id: 'pod-phase-unknown',
  title: 'No pods are in phase Unknown',
  description:
    'A pod in phase Unknown has lost its kubelet; its node is down or broken and the upgrade cannot drain or upgrade it.',
  needs: ['pods', 'jobs', 'nodes'],
  optional: ['sucPlans'],
  run: (snapshot) =>
    itemsOf(snapshot, 'pods')
      .filter(
        (pod) =>
          podPhase(pod) === 'Unknown' &&
          !isTerminating(pod) &&
          supersededJobAttempt(snapshot, pod) === undefined &&
          completedHelmOperation(pod) === undefined,
      )
      .map((pod): Finding => {
        const node = pod.spec?.nodeName;
        return {
          check: 'pod-phase-unknown',
          severity: 'error',
          object: refOf('Pod', pod),
          message:
            (pod.status?.phase ? 'phase is Unknown' : 'has no phase') +
            (node ? ` on node ${node}` : '') +
            parenthesised(pod.status?.reason, pod.status?.message),
          remedy:
            (node ? `Check node ${node} (kubectl get node ${node}) and ` : 'Check ') +
            `the pod (${describePodCommand(pod)}); once the node is healthy, delete the pod so its controller replaces it: kubectl -n ${namespaceOf(pod)} delete pod ${nameOf(pod)}`,
        };
      }),
};
