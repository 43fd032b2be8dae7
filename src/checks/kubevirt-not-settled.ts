import { naming, type Finding } from '../model/finding.js';
import { KUBEVIRT_NAME, KUBEVIRT_NAMESPACE } from '../model/kubevirt.js';
import { refOf } from '../model/kube-object.js';
import { sh } from '../model/shell.js';
import { itemsOf } from '../model/snapshot.js';
import { describeUnsettled, kubeVirtUnsettled } from '../facts/kubevirt-settled.js';
import { harvesterKubeVirt } from '../facts/kubevirt-placement.js';
import type { Check } from './check.js';

const KUBEVIRT_REF: Finding['object'] = { kind: 'KubeVirt', namespace: KUBEVIRT_NAMESPACE, name: KUBEVIRT_NAME };

/**
 * After upgrading the harvester chart, Harvester's upgrade loops until the KubeVirt CR is `Deployed` at the target's
 * KubeVirt version, with no timeout (harvester/harvester package/upgrade/upgrade_manifests.sh wait_kubevirt, every
 * release through v1.9.0-rc6). virt-operator moves to the new version only from a settled install: a KubeVirt that
 * is still Deploying, behind its operator, or not Available before the upgrade (harvester/harvester#10447, a
 * virt-handler pod without its install-strategy annotations) leaves the upgrade at "Upgrading System Service".
 */
export const kubevirtNotSettled: Check = {
  id: 'kubevirt-not-settled',
  title: 'KubeVirt is Deployed, Available and up to date',
  problem: (findings) => naming(findings, 'KubeVirt is not Deployed, Available and up to date'),
  description:
    "Harvester's upgrade waits with no timeout for the KubeVirt CR to be Deployed at the new version; a KubeVirt still deploying, behind its operator or not Available stalls it.",
  needs: ['kubevirts'],
  optional: ['pods'],
  run: (snapshot) => {
    const kubevirt = harvesterKubeVirt(snapshot);
    if (!kubevirt)
      return [
        {
          check: 'kubevirt-not-settled',
          severity: 'error',
          object: KUBEVIRT_REF,
          message: `the KubeVirt CR ${KUBEVIRT_NAMESPACE}/${KUBEVIRT_NAME} does not exist, so the upgrade's wait for it never ends`,
          remedy: `Find why it is missing: kubectl -n ${KUBEVIRT_NAMESPACE} get kubevirt; kubectl -n fleet-local get managedchart harvester -o yaml (the harvester chart creates it).`,
        },
      ];
    const reasons = kubeVirtUnsettled(kubevirt, itemsOf(snapshot, 'pods'));
    if (reasons.length === 0) return [];
    const handlers = reasons.flatMap((reason) => (reason.kind === 'outdated-handlers' ? reason.pods : []));
    const settle = `wait until kubectl -n ${KUBEVIRT_NAMESPACE} get kubevirt ${KUBEVIRT_NAME} shows phase Deployed and condition Available True before upgrading; if it does not, read kubectl -n ${KUBEVIRT_NAMESPACE} logs deployment/virt-operator --tail 50.`;
    const remedy =
      handlers.length > 0
        ? `Delete the out-of-date virt-handler pods so that their DaemonSet recreates them with the annotations: ${sh`kubectl -n ${KUBEVIRT_NAMESPACE} delete pod ${handlers}`}; then ${settle}`
        : `W${settle.slice(1)}`;
    return [
      {
        check: 'kubevirt-not-settled',
        severity: 'error',
        object: refOf('KubeVirt', kubevirt),
        message: `KubeVirt is not settled: ${reasons.map(describeUnsettled).join('; ')}`,
        remedy,
      },
    ];
  },
};
