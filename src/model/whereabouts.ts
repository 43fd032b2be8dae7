import type { KubeObject } from './kube-object.js';

/** whereabouts.cni.cncf.io/v1alpha1 IPPool: Harvester's storage and RWX networks allocate pod IPs from these. */
export interface IpPool extends KubeObject {
  readonly spec?: {
    readonly range?: string;
    /** Keyed by the offset of the address from the start of the range. */
    readonly allocations?: Readonly<Record<string, { readonly id?: string; readonly podref?: string }>>;
  };
}

/** Harvester deploys Whereabouts with `namespaceOverride: kube-system`, where it keeps its pools. */
export const WHEREABOUTS_NAMESPACE = 'kube-system';

/** An IPv4 block as integers: first and last address, both inclusive. */
export interface Ipv4Block {
  readonly first: number;
  readonly last: number;
  readonly prefix: number;
  /** The block in canonical form, host bits cleared: `192.168.1.0/24`. */
  readonly cidr: string;
}

const OCTET = /^(?:0|[1-9]\d{0,2})$/;

/** Dotted-quad IPv4 as an unsigned 32-bit integer; undefined for anything else (IPv6, leading zeros, > 255). */
export const parseIpv4 = (text: string): number | undefined => {
  const parts = text.trim().split('.');
  if (parts.length !== 4 || !parts.every((part) => OCTET.test(part))) return undefined;
  const octets = parts.map(Number);
  if (octets.some((octet) => octet > 255)) return undefined;
  return octets.reduce((value, octet) => value * 256 + octet, 0);
};

export const formatIpv4 = (value: number): string =>
  [24, 16, 8, 0].map((shift) => String(Math.floor(value / 2 ** shift) % 256)).join('.');

/**
 * `a.b.c.d/n` as the block it names. Host bits are cleared, as Whereabouts does when it reads its `range`
 * (k8snetworkplumbingwg/whereabouts: pkg/config/config.go, `Range = ipNet.String()`).
 */
export const parseIpv4Cidr = (text: string): Ipv4Block | undefined => {
  const match = /^([^/]+)\/(\d{1,2})$/.exec(text.trim());
  if (!match) return undefined;
  const address = parseIpv4(match[1] ?? '');
  const prefix = Number(match[2]);
  if (address === undefined || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  const first = Math.floor(address / size) * size;
  return { first, last: first + size - 1, prefix, cidr: `${formatIpv4(first)}/${String(prefix)}` };
};

/**
 * Addresses Whereabouts can hand out from `range`: the block without its network and broadcast addresses, minus
 * every `exclude` block (overlaps counted once). Undefined when the range or an exclude is not an IPv4 CIDR.
 * Same arithmetic as harvester/upgrade-helpers: pre-check/v1.x/check.sh `get_usable_ip_count`.
 */
export const usableIpCount = (range: string, excludes: readonly string[] = []): number | undefined => {
  const block = parseIpv4Cidr(range);
  if (!block) return undefined;
  const first = block.first + 1;
  const last = block.last - 1;
  if (last < first) return 0;
  const excluded: [number, number][] = [];
  for (const text of excludes) {
    const exclude = parseIpv4Cidr(text);
    if (!exclude) return undefined;
    const start = Math.max(first, exclude.first);
    const end = Math.min(last, exclude.last);
    if (end >= start) excluded.push([start, end]);
  }
  excluded.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let count = last - first + 1;
  let covered = first - 1;
  for (const [start, end] of excluded) {
    const from = Math.max(start, covered + 1);
    if (end >= from) count -= end - from + 1;
    covered = Math.max(covered, end);
  }
  return count;
};

/**
 * The IPPool Whereabouts keeps for `range`: the canonical range with `:` and `/` turned into `-`
 * (k8snetworkplumbingwg/whereabouts: pkg/storage/kubernetes/ipam.go `normalizeRange`; no network name, as
 * Harvester's NADs set none). Undefined when the range is not an IPv4 CIDR.
 */
export const ipPoolName = (range: string): string | undefined => parseIpv4Cidr(range)?.cidr.replace('/', '-');

/** Addresses the pool has handed out (stale ones included until Whereabouts' reconciler frees them). */
export const allocationCount = (pool: IpPool): number => Object.keys(pool.spec?.allocations ?? {}).length;
