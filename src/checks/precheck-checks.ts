import { apiServerCertificateExpiry } from './api-server-certificate-expiry.js';
import type { Check } from './check.js';
import { CLUSTER_CHECKS } from './cluster-checks.js';
import { DRAIN_CHECKS } from './drain-checks.js';
import { LONGHORN_CHECKS } from './longhorn-checks.js';
import { MACHINE_CHECKS } from './machine-checks.js';
import { NODE_CHECKS } from './node-checks.js';
import { NODE_LOSS_CHECKS } from './node-loss-checks.js';
import { nodeDiskSpace } from './node-disk-space.js';
import { POD_CHECKS } from './pod-checks.js';
import { rke2CertificateExpiry } from './rke2-certificate-expiry.js';
import { VM_CHECKS } from './vm-checks.js';

export interface CheckGroup {
  readonly name: string;
  readonly checks: readonly Check[];
}

/**
 * Everything `precheck` runs, in reading order: the cluster, then nodes and machines, then what runs on them, and
 * last whether the cluster survives losing a node mid-upgrade.
 */
export const PRECHECK_GROUPS: readonly CheckGroup[] = [
  { name: 'Cluster', checks: [...CLUSTER_CHECKS, apiServerCertificateExpiry, rke2CertificateExpiry] },
  { name: 'Nodes', checks: [...NODE_CHECKS, nodeDiskSpace] },
  { name: 'Machines', checks: MACHINE_CHECKS },
  { name: 'Pods', checks: POD_CHECKS },
  { name: 'Drain', checks: DRAIN_CHECKS },
  { name: 'Longhorn', checks: LONGHORN_CHECKS },
  { name: 'VMs', checks: VM_CHECKS },
  { name: 'Node loss', checks: NODE_LOSS_CHECKS },
];
