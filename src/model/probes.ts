/**
 * What the plugin learns from calls that are not lists: the kubelet's filesystem stats and image GC threshold
 * (through the API server's node proxy, as Harvester's webhook reads them) and the API server's serving
 * certificate. Each is its own input with its own state, like a list.
 */
export interface NodeFilesystem {
  readonly node: string;
  /** `/stats/summary` `.node.fs` */
  readonly usedBytes?: number;
  readonly capacityBytes?: number;
  readonly availableBytes?: number;
  /** `/configz` `.kubeletconfig.imageGCHighThresholdPercent`; undefined when configz could not be read. */
  readonly imageGCHighThresholdPercent?: number;
  /** Why this node's stats are missing (node unreachable, kubelet error); the other nodes are still judged. */
  readonly error?: string;
}

export interface ServingCertificate {
  /** host:port that served it */
  readonly endpoint: string;
  /** Earliest NotAfter in the served chain, ISO 8601. */
  readonly notAfter: string;
  readonly subject: string;
}

/** The RKE2 control-plane components whose serving certificate a client sees in a TLS handshake, without root. */
export type Rke2Component = 'kube-controller-manager' | 'kube-scheduler' | 'etcd';

/**
 * One component on one node: the earliest NotAfter of the chain it served, or why it was not read (refused, no
 * answer, host unreachable, no valid address). An endpoint with an error is not evaluated, never passed.
 */
export interface ComponentCertificate {
  readonly node: string;
  readonly component: Rke2Component;
  /** ip:port dialled ([ip]:port for IPv6); absent when the node had no valid address. */
  readonly endpoint?: string;
  /** The node's address, validated as an IP literal; for the per-node manual command. */
  readonly address?: string;
  /** Earliest NotAfter in the served chain, ISO 8601. */
  readonly notAfter?: string;
  readonly subject?: string;
  readonly error?: string;
}

export interface ProbeTypes {
  nodeFilesystems: readonly NodeFilesystem[];
  apiServerCertificates: readonly ServingCertificate[];
  rke2Certificates: readonly ComponentCertificate[];
}

export type ProbeKey = keyof ProbeTypes;

export const PROBE_DESCRIPTIONS: Readonly<Record<ProbeKey, string>> = {
  nodeFilesystems: 'kubelet stats (nodes/proxy)',
  apiServerCertificates: 'API server certificate',
  rke2Certificates: 'RKE2 control-plane certificates (TLS handshakes with the nodes)',
};

export const isProbeKey = (key: string): key is ProbeKey => Object.hasOwn(PROBE_DESCRIPTIONS, key);
