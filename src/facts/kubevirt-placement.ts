import { nameOf, namespaceOf } from '../model/kube-object.js';
import type { KubeVirt } from '../model/kubevirt.js';
import { isControlPlane, isWitness, nodeReadyStatus, type Node } from '../model/node.js';
import { itemsOf, type ClusterSnapshot } from '../model/snapshot.js';
import { parseVersion, type Version } from '../model/version.js';

/** harvester/harvester: pkg/util/constants.go KubeVirtObjectName. */
export const KUBEVIRT_NAMESPACE = 'harvester-system';
const KUBEVIRT_NAME = 'kubevirt';

/** Empties spec.infra.nodePlacement, which restores the placement on any node (see kubevirtControlPlanePlacement). */
export const PLACEMENT_PATCH = `kubectl -n ${KUBEVIRT_NAMESPACE} patch kubevirt ${KUBEVIRT_NAME} --type merge -p '{"spec":{"infra":{"nodePlacement":{}}}}'`;

/** The version virt-operator deployed, else the one it is rolling out, else its own. */
export const kubeVirtVersion = (kubevirt: KubeVirt): Version | undefined => {
  const status = kubevirt.status;
  return [status?.observedKubeVirtVersion, status?.targetKubeVirtVersion, status?.operatorVersion]
    .map(parseVersion)
    .find((version) => version !== undefined);
};

/** Cordoned or not Ready nodes take no new pods. */
const schedulable = (node: Node): boolean => node.spec?.unschedulable !== true && nodeReadyStatus(node) === 'True';

/**
 * Control-plane nodes whose drain leaves the infra pods nowhere to go: no other schedulable control-plane node,
 * although another schedulable node exists (witness nodes take no workloads) that the default placement would use.
 * On a one-node cluster the placement changes nothing.
 */
export const controlPlaneDeadEnds = (nodes: readonly Node[]): Node[] => {
  const candidates = nodes.filter((node) => schedulable(node) && !isWitness(node));
  return nodes.filter(
    (node) =>
      isControlPlane(node) &&
      !candidates.some((other) => other !== node && isControlPlane(other)) &&
      candidates.some((other) => other !== node),
  );
};

/** The KubeVirt object Harvester installs, harvester-system/kubevirt. */
export const harvesterKubeVirt = (snapshot: ClusterSnapshot): KubeVirt | undefined =>
  itemsOf(snapshot, 'kubevirts').find(
    (kubevirt) => namespaceOf(kubevirt) === KUBEVIRT_NAMESPACE && nameOf(kubevirt) === KUBEVIRT_NAME,
  );
