import { describeUnsettled, kubeVirtUnsettled } from '../../facts/kubevirt-settled.js';
import { harvesterKubeVirt } from '../../facts/kubevirt-placement.js';
import type { Finding } from '../../model/finding.js';
import { nameOf, refOf } from '../../model/kube-object.js';
import { KUBEVIRT_NAMESPACE } from '../../model/kubevirt.js';
import { isWitness } from '../../model/node.js';
import { itemsOf, type ClusterSnapshot } from '../../model/snapshot.js';
import { HARVESTER_ISSUE, type KnownIssue, minorOf, UPGRADE_DOC } from '../known-issue.js';

/** The docs' way to find a virt-handler pod without virt-operator's install-strategy annotations. */
const FIND_HANDLERS = `kubectl -n ${KUBEVIRT_NAMESPACE} get pods -l kubevirt.io=virt-handler -o custom-columns=NAME:.metadata.name,STRATEGY:.metadata.annotations.kubevirt\\.io/install-strategy-version`;

const detect = (snapshot: ClusterSnapshot): Finding[] => {
  const kubevirt = harvesterKubeVirt(snapshot);
  if (!kubevirt) return [];
  const stuck = kubeVirtUnsettled(kubevirt, itemsOf(snapshot, 'pods')).filter(
    (reason) => reason.kind === 'unavailable' || reason.kind === 'outdated-handlers',
  );
  if (stuck.length > 0)
    return [
      {
        check: 'kubevirt-not-available-v1-8',
        severity: 'error',
        object: refOf('KubeVirt', kubevirt),
        message: `the KubeVirt install is already in the state of harvester#10447: ${stuck.map(describeUnsettled).join('; ')}; migrations fail with "KubeVirt is not ready" and the upgrade waits for KubeVirt forever`,
        remedy: `Delete the virt-handler pod whose STRATEGY is <none> (${FIND_HANDLERS}); its DaemonSet recreates it and KubeVirt becomes Available.`,
      },
    ];
  const witnesses = itemsOf(snapshot, 'nodes').filter(isWitness);
  if (witnesses.length === 0) return [];
  return [
    {
      check: 'kubevirt-not-available-v1-8',
      severity: 'warning',
      object: refOf('KubeVirt', kubevirt),
      message: `with a witness node (${witnesses.map(nameOf).join(', ')}), the upgrade to v1.8 may leave a virt-handler pod without its install-strategy annotations (as seen on such clusters), so that KubeVirt never becomes Available and migrations fail with "KubeVirt is not ready"`,
      remedy: `During and after the upgrade, if migrations fail with "KubeVirt is not ready": find the virt-handler pod whose STRATEGY is <none> (${FIND_HANDLERS}) and delete it (${UPGRADE_DOC}v1-7-x-to-v1-8-x).`,
    },
  ];
};

export const kubevirtNotAvailableV18: KnownIssue = {
  id: 'kubevirt-not-available-v1-8',
  title: 'KubeVirt becomes Available after the upgrade to v1.8',
  from: minorOf('v1.7'),
  to: minorOf('v1.8'),
  detection: {
    kind: 'check',
    needs: ['kubevirts', 'pods', 'nodes'],
    // harvester/docs v1-7-x-to-v1-8-x known issue 1 (harvester#10447): a race creates a virt-handler pod without
    // the kubevirt.io/install-strategy-* annotations; virt-operator waits for that "out of date" pod forever
    // (kubevirt/kubevirt pkg/virt-operator/util/readycheck.go), KubeVirt stays Available False DeploymentInProgress.
    // Seen on three-node clusters with a witness node; already present before the upgrade, it is an error.
    problem: () => 'KubeVirt may not become Available after the upgrade to v1.8',
    run: detect,
  },
  sources: [`${UPGRADE_DOC}v1-7-x-to-v1-8-x`, `${HARVESTER_ISSUE}10447`],
  remedy: 'Delete the virt-handler pod without install-strategy annotations; the DaemonSet recreates it correctly.',
};
