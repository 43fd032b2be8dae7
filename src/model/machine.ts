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
    /** CAPI v1.9-v1.10 serving v1beta1 keep the new conditions (`Deleting`, reason `DrainingNode`) here. */
    readonly v1beta2?: { readonly conditions?: readonly Condition[] };
    readonly deprecated?: {
      readonly v1beta1?: {
        readonly failureReason?: string;
        readonly failureMessage?: string;
        /** Served as v1beta2, the old conditions (`DrainingSucceeded`, `PreDrainDeleteHookSucceeded`) are here. */
        readonly conditions?: readonly Condition[];
      };
    };
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

/**
 * The machine's condition of this type wherever the served version keeps it: `status.conditions` (v1beta1's own, or
 * v1beta2's new ones), `status.v1beta2.conditions` (new ones served as v1beta1) or `status.deprecated.v1beta1`
 * (old ones served as v1beta2) (kubernetes-sigs/cluster-api api/core/v1beta2 machine_types.go).
 */
export const machineCondition = (machine: Machine, type: string): Condition | undefined =>
  [
    ...(machine.status?.conditions ?? []),
    ...(machine.status?.v1beta2?.conditions ?? []),
    ...(machine.status?.deprecated?.v1beta1?.conditions ?? []),
  ].find((condition) => condition.type === type);

export const isDeleting = (machine: Machine): boolean => Boolean(machine.metadata?.deletionTimestamp);
