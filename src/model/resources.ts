import type { KubeObject } from './kube-object.js';
import type { Machine } from './machine.js';
import type { Node } from './node.js';

/**
 * Every kind the plugin reads. `versions` lists the versions we understand, newest first; live reads use the
 * one the server prefers among them (discovery), bundle reads accept any of them, since old clusters serve
 * older versions (Harvester v1.0 served Cluster API v1alpha4).
 */
export interface ResourceType {
  readonly group: string;
  readonly plural: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly versions: readonly string[];
  /** List as PartialObjectMetadata: the server never sends the object's data (used for Secrets). */
  readonly metadataOnly?: boolean;
  /** Server-side field selector for live reads; bundle reads apply `matches` instead. */
  readonly fieldSelector?: string;
  readonly matches?: (object: KubeObject) => boolean;
}

export interface ResourceTypes {
  nodes: Node;
  machines: Machine;
  machinePlanSecrets: KubeObject;
}

export type ResourceKey = keyof ResourceTypes;

/** Rancher's machine plan secrets (rancher/rancher pkg/capr/common.go), listed as metadata only. */
const MACHINE_PLAN_SECRET_TYPE = 'rke.cattle.io/machine-plan';

export const RESOURCES: Readonly<Record<ResourceKey, ResourceType>> = {
  nodes: { group: '', plural: 'nodes', kind: 'Node', namespaced: false, versions: ['v1'] },
  machines: {
    group: 'cluster.x-k8s.io',
    plural: 'machines',
    kind: 'Machine',
    namespaced: true,
    versions: ['v1beta2', 'v1beta1', 'v1alpha4', 'v1alpha3'],
  },
  machinePlanSecrets: {
    group: '',
    plural: 'secrets',
    kind: 'Secret',
    namespaced: true,
    versions: ['v1'],
    metadataOnly: true,
    fieldSelector: `type=${MACHINE_PLAN_SECRET_TYPE}`,
    // A bundle's Secret (if it holds any) carries its type; metadata-only objects never do, so trust the label.
    matches: (object) => {
      const type = (object as { type?: unknown }).type;
      return type === MACHINE_PLAN_SECRET_TYPE || (type === undefined && labelPresent(object));
    },
  },
};

const labelPresent = (object: KubeObject): boolean =>
  object.metadata?.labels?.['rke.cattle.io/machine-name'] !== undefined;

/** `machines.cluster.x-k8s.io`, `nodes`: what kubectl and RBAC call the resource. */
export const resourceName = (type: ResourceType): string => (type.group ? `${type.plural}.${type.group}` : type.plural);
