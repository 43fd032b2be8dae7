import type { Condition, KubeObject } from './kube-object.js';

/**
 * A Cluster API Machine, decoded the same way whatever version the server serves. v1beta1 and v1alpha4 keep
 * `status.nodeRef` as an ObjectReference; v1beta2 keeps only `{name}` and moves the failure fields under
 * `status.deprecated.v1beta1` (kubernetes-sigs/cluster-api api/core/v1beta2).
 */
export interface Machine extends KubeObject {
  readonly spec?: {
    readonly clusterName?: string;
    readonly providerID?: string;
  };
  readonly status?: {
    readonly phase?: string;
    readonly nodeRef?: { readonly name?: string };
    readonly nodeInfo?: { readonly kubeletVersion?: string };
    readonly failureReason?: string;
    readonly failureMessage?: string;
    readonly conditions?: readonly Condition[];
    readonly deprecated?: { readonly v1beta1?: { readonly failureReason?: string; readonly failureMessage?: string } };
  };
}

/**
 * CAPI's GetTypedPhase maps any string it does not know, including the empty one, to Unknown
 * (cluster-api api/v1beta1/machine_phase_types.go).
 */
const KNOWN_PHASES = new Set([
  'Pending',
  'Provisioning',
  'Provisioned',
  'Running',
  'Updating',
  'Deleting',
  'Deleted',
  'Failed',
  'Unknown',
]);

export const machinePhase = (machine: Machine): string => {
  const phase = machine.status?.phase ?? '';
  return KNOWN_PHASES.has(phase) ? phase : 'Unknown';
};

export const machineFailureMessage = (machine: Machine): string | undefined =>
  machine.status?.failureMessage ?? machine.status?.deprecated?.v1beta1?.failureMessage;

export const MACHINE_ROLE_LABELS: readonly (readonly [string, string])[] = [
  ['rke.cattle.io/control-plane-role', 'control-plane'],
  ['rke.cattle.io/etcd-role', 'etcd'],
  ['rke.cattle.io/worker-role', 'worker'],
];

export const machineRoles = (machine: Machine): string[] =>
  MACHINE_ROLE_LABELS.filter(([label]) => machine.metadata?.labels?.[label] === 'true').map(([, role]) => role);
