import type { Condition, KubeObject } from './kube-object.js';

export interface Taint {
  readonly key?: string;
  readonly value?: string;
  readonly effect?: string;
}

export interface Node extends KubeObject {
  readonly spec?: {
    readonly providerID?: string;
    readonly unschedulable?: boolean;
    readonly taints?: readonly Taint[];
  };
  readonly status?: {
    readonly conditions?: readonly Condition[];
    readonly nodeInfo?: { readonly kubeletVersion?: string; readonly osImage?: string };
    readonly allocatable?: Readonly<Record<string, string>>;
    readonly capacity?: Readonly<Record<string, string>>;
  };
}

/** RKE2 labels management nodes with these roles (harvester/harvester: pkg/util/node.go IsManagementRole). */
export const CONTROL_PLANE_LABELS = ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'];
export const ETCD_LABEL = 'node-role.kubernetes.io/etcd';
export const WITNESS_LABEL = 'node-role.harvesterhci.io/witness';

const labelTrue = (node: Node, key: string): boolean => node.metadata?.labels?.[key] === 'true';

export const isControlPlane = (node: Node): boolean => CONTROL_PLANE_LABELS.some((key) => labelTrue(node, key));
export const isEtcd = (node: Node): boolean => labelTrue(node, ETCD_LABEL);
export const isWitness = (node: Node): boolean => labelTrue(node, WITNESS_LABEL);

export const nodeRoles = (node: Node): string[] => {
  const roles: string[] = [];
  if (isControlPlane(node)) roles.push('control-plane');
  if (isEtcd(node)) roles.push('etcd');
  if (isWitness(node)) roles.push('witness');
  return roles.length > 0 ? roles : ['worker'];
};

/** "True", "False" or "Unknown"; a node with no Ready condition has never reported and is Unknown. */
export const nodeReadyStatus = (node: Node): string =>
  node.status?.conditions?.find((condition) => condition.type === 'Ready')?.status ?? 'Unknown';

export const kubeletVersionOf = (node: Node): string => node.status?.nodeInfo?.kubeletVersion ?? '';
