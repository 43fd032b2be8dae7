import { isRecord } from './json.js';
import type { KubeObject } from './kube-object.js';

/**
 * k8s.cni.cncf.io/v1 NetworkAttachmentDefinition. Harvester's network controller writes VM networks and the storage
 * network as bridge-CNI configurations in `spec.config`, a JSON string with the VLAN id in `vlan`, and repeats it
 * in the label `network.harvesterhci.io/vlan-id` (harvester/harvester-network-controller pkg/utils/nad.go).
 */
export interface NetworkAttachmentDefinition extends KubeObject {
  readonly spec?: { readonly config?: string };
}

/** The label the network controller sets beside the VLAN id of `spec.config`. */
export const NAD_VLAN_LABEL = 'network.harvesterhci.io/vlan-id';
export const NAD_CLUSTER_NETWORK_LABEL = 'network.harvesterhci.io/clusternetwork';

/** The bridge CNI configuration of a NetworkAttachmentDefinition, or undefined when `spec.config` is not JSON. */
const bridgeConfig = (nad: NetworkAttachmentDefinition): Record<string, unknown> | undefined => {
  const text = nad.spec?.config;
  if (!text) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return isRecord(parsed) && parsed.type === 'bridge' ? parsed : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The VLAN id a bridge NetworkAttachmentDefinition tags its pods' interfaces with: `vlan` of its configuration,
 * else its label; 0 for an untagged network (no VLAN) and undefined for anything that is not a bridge network.
 */
export const nadVlanId = (nad: NetworkAttachmentDefinition): number | undefined => {
  const config = bridgeConfig(nad);
  if (!config) return undefined;
  const raw = config.vlan ?? nad.metadata?.labels?.[NAD_VLAN_LABEL] ?? 0;
  const vlan = typeof raw === 'number' ? raw : Number(raw);
  return Number.isInteger(vlan) && vlan >= 0 ? vlan : undefined;
};

/**
 * node.harvesterhci.io/v1beta1 CloudInit (cluster-scoped): node-manager writes `contents` to `/oem/<filename>` on
 * the nodes `matchSelector` picks (harvester/node-manager pkg/apis/node.harvesterhci.io/v1beta1/cloudinit.go).
 */
export interface CloudInit extends KubeObject {
  readonly spec?: {
    readonly matchSelector?: Readonly<Record<string, string>> | null;
    readonly filename?: string;
    readonly contents?: string;
    readonly paused?: boolean;
  };
}
