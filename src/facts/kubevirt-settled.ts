import { annotationOf, conditionOf, labelOf, nameOf, namespaceOf } from '../model/kube-object.js';
import {
  INSTALL_STRATEGY_IDENTIFIER,
  INSTALL_STRATEGY_REGISTRY,
  INSTALL_STRATEGY_VERSION,
  KUBEVIRT_DEPLOYED,
  KUBEVIRT_NAMESPACE,
  type KubeVirt,
} from '../model/kubevirt.js';
import type { Pod } from '../model/pod.js';

/**
 * One reason the KubeVirt install is not settled. Harvester's upgrade waits for `phase == Deployed` and
 * `observedKubeVirtVersion` equal to the target's KubeVirt, with no timeout (harvester/harvester
 * package/upgrade/upgrade_manifests.sh wait_kubevirt, v1.2 to v1.9.0-rc6); virt-operator reaches Deployed only once
 * every component is up to date (kubevirt/kubevirt pkg/virt-operator/kubevirt.go, util/readycheck.go).
 */
export type KubeVirtUnsettled =
  | { readonly kind: 'phase'; readonly phase: string | undefined }
  | { readonly kind: 'version'; readonly observed: string | undefined; readonly target: string }
  | { readonly kind: 'unavailable'; readonly reason: string | undefined; readonly message: string | undefined }
  | { readonly kind: 'outdated-handlers'; readonly pods: readonly string[] };

/** virt-handler pods carry `kubevirt.io: virt-handler` (pkg/virt-operator/resource/generate/components/daemonsets.go). */
const VIRT_HANDLER = 'virt-handler';

/** A status string, trimmed; anything else (a hand-edited bundle may hold a number) as unset. */
const textOf = (value: unknown): string | undefined => {
  const text = typeof value === 'string' ? value.trim() : '';
  return text === '' ? undefined : text;
};

const bare = (version: unknown): string | undefined => textOf(version)?.replace(/^v/, '');

/**
 * PodIsUpToDate (kubevirt/kubevirt pkg/virt-operator/util/readycheck.go): the pod's install-strategy annotations
 * name the target version, registry and deployment id. Where the status does not record a target value, only the
 * annotation's presence is required; a pod without them is the race of harvester/harvester#10447.
 */
const isUpToDate = (pod: Pod, kubevirt: KubeVirt): boolean => {
  const status = kubevirt.status;
  const expected: readonly (readonly [string, string | undefined])[] = [
    [INSTALL_STRATEGY_VERSION, status?.targetKubeVirtVersion],
    [INSTALL_STRATEGY_REGISTRY, status?.targetKubeVirtRegistry],
    [INSTALL_STRATEGY_IDENTIFIER, status?.targetDeploymentID],
  ];
  return expected.every(([key, target]) => {
    const value = annotationOf(pod, key);
    return value !== undefined && (target === undefined || value === target);
  });
};

/**
 * Running virt-handler pods that virt-operator counts as out of date: while one is left, its ready check keeps
 * KubeVirt from Available and the phase from Deployed (readycheck.go DaemonsetIsReady only looks at Running pods).
 */
export const outdatedVirtHandlers = (kubevirt: KubeVirt, pods: readonly Pod[]): Pod[] =>
  pods.filter(
    (pod) =>
      namespaceOf(pod) === (namespaceOf(kubevirt) || KUBEVIRT_NAMESPACE) &&
      labelOf(pod, 'kubevirt.io') === VIRT_HANDLER &&
      pod.status?.phase === 'Running' &&
      !isUpToDate(pod, kubevirt),
  );

/**
 * Why the KubeVirt install is not settled, or nothing when it is: phase Deployed, the observed version equal to the
 * version virt-operator targets (else its own), condition Available not False and no out-of-date virt-handler pod.
 * `pods` undefined means the pods were not read: that reason is then not looked for.
 */
export const kubeVirtUnsettled = (kubevirt: KubeVirt, pods?: readonly Pod[]): KubeVirtUnsettled[] => {
  const status = kubevirt.status;
  const reasons: KubeVirtUnsettled[] = [];
  if (status?.phase !== KUBEVIRT_DEPLOYED) reasons.push({ kind: 'phase', phase: status?.phase });
  const target = textOf(status?.targetKubeVirtVersion) ?? textOf(status?.operatorVersion);
  if (target && bare(status?.observedKubeVirtVersion) !== bare(target))
    reasons.push({ kind: 'version', observed: status?.observedKubeVirtVersion, target });
  const available = conditionOf(status?.conditions ?? undefined, 'Available');
  if (available?.status === 'False')
    reasons.push({ kind: 'unavailable', reason: available.reason, message: available.message });
  const outdated = pods ? outdatedVirtHandlers(kubevirt, pods) : [];
  if (outdated.length > 0) reasons.push({ kind: 'outdated-handlers', pods: outdated.map(nameOf) });
  return reasons;
};

/** One clause per reason, for messages. Cluster text is escaped by the renderer. */
export const describeUnsettled = (reason: KubeVirtUnsettled): string => {
  switch (reason.kind) {
    case 'phase':
      return `phase is ${reason.phase ?? 'unset'}, not ${KUBEVIRT_DEPLOYED}`;
    case 'version':
      return `observedKubeVirtVersion ${reason.observed ?? 'unset'} is not the target ${reason.target}`;
    case 'unavailable':
      return `condition Available is False${reason.reason ? ` (${reason.reason}${reason.message ? `: ${reason.message}` : ''})` : ''}`;
    case 'outdated-handlers':
      return `virt-operator waits for out-of-date virt-handler pods (${reason.pods.join(', ')}: no install-strategy annotations of the target)`;
  }
};
