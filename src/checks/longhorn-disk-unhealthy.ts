import { counted, type Finding, type Severity } from '../model/finding.js';
import { conditionOf, nameOf, refOf, type Condition } from '../model/kube-object.js';
import { LONGHORN_NAMESPACE, longhornConditions, meaningful, type LonghornNode } from '../model/longhorn.js';
import { itemsOf } from '../model/snapshot.js';
import type { Check } from './check.js';
import { sh } from '../model/shell.js';

const ID = 'longhorn-disk-unhealthy';

interface Problem {
  readonly severity: Severity;
  readonly text: string;
}

/** `(Reason: message)`, either part left out when Longhorn did not set it. */
const why = (condition: Condition | undefined): string => {
  const parts = [meaningful(condition?.reason), meaningful(condition?.message)].filter(
    (part): part is string => part !== undefined,
  );
  return parts.length > 0 ? ` (${parts.join(': ')})` : '';
};

const notTrue = (condition: Condition | undefined): boolean => condition !== undefined && condition.status !== 'True';

/**
 * A disk's problems, worst first. Longhorn keeps condition Ready (reasons DiskFilesystemChanged, NoDiskInfo,
 * DiskNotReady, DiskServiceUnreachable, NodeNotReady) and Schedulable (DiskPressure) per disk, and from 1.9 an Error
 * condition and the device's SMART verdict in `healthData` (longhorn/longhorn-manager:
 * k8s/pkg/apis/longhorn/v1beta2/node.go).
 */
const diskProblems = (node: LonghornNode, disk: string): Problem[] => {
  const spec = node.spec?.disks?.[disk];
  const status = node.status?.diskStatus?.[disk];
  const path = spec?.path ?? status?.diskPath;
  const label = `disk ${disk}${path ? ` (${path})` : ''}`;
  if (!status) return [{ severity: 'warning', text: `${label} has no status: Longhorn has not checked it` }];
  const conditions = longhornConditions(status.conditions);
  const problems: Problem[] = [];
  const ready = conditionOf(conditions, 'Ready');
  const error = conditionOf(conditions, 'Error');
  if (notTrue(ready)) problems.push({ severity: 'error', text: `${label} is not Ready${why(ready)}` });
  if (error?.status === 'True') problems.push({ severity: 'error', text: `${label} reports an error${why(error)}` });
  const schedulable = conditionOf(conditions, 'Schedulable');
  // A disk the user excluded from scheduling is a choice, not a fault; a not-Ready disk is unschedulable anyway.
  if (!notTrue(ready) && spec?.allowScheduling !== false && notTrue(schedulable)) {
    problems.push({ severity: 'warning', text: `${label} is not schedulable${why(schedulable)}` });
  }
  for (const [device, health] of Object.entries(status.healthData ?? {})) {
    const verdict = health.healthStatus ?? '';
    if (verdict !== 'FAILED' && verdict !== 'WARNING') continue;
    const model = [meaningful(health.modelName), meaningful(health.serialNumber)].filter(Boolean).join(' ');
    problems.push({
      severity: verdict === 'FAILED' ? 'error' : 'warning',
      text: `${label}: ${health.source ?? 'device'} health of ${device}${model ? ` (${model})` : ''} is ${verdict}`,
    });
  }
  return problems;
};

/**
 * A disk that fails while another node is drained for the upgrade is how volumes lose their last replica: the
 * drained node's replicas are offline, and the failed disk's replicas are gone. Longhorn reports disk health on its
 * Node objects; this check names every node with an unhealthy disk, the disk and Longhorn's reason. Disks with
 * eviction requested are reported by longhorn-eviction-requested.
 */
export const longhornDiskUnhealthy: Check = {
  id: ID,
  title: 'Longhorn disks are healthy',
  problem: (findings) =>
    counted(findings, 'Longhorn node has an unhealthy disk', 'Longhorn nodes have unhealthy disks'),
  description:
    "Every Longhorn disk must be Ready and, unless scheduling is disabled on it, schedulable, with no error and no failing SMART verdict; an unhealthy disk while another node is drained can take a volume's last replica.",
  needs: ['longhornNodes'],
  run: (snapshot) =>
    itemsOf(snapshot, 'longhornNodes').flatMap((node): Finding[] => {
      const disks = [
        ...new Set([...Object.keys(node.spec?.disks ?? {}), ...Object.keys(node.status?.diskStatus ?? {})]),
      ].sort();
      const ready = conditionOf(longhornConditions(node.status?.conditions), 'Ready');
      const problems: Problem[] = [
        ...(notTrue(ready)
          ? [{ severity: 'error' as const, text: `the node is not Ready in Longhorn${why(ready)}` }]
          : []),
        ...disks.flatMap((disk) => diskProblems(node, disk)),
      ];
      if (problems.length === 0) return [];
      const name = nameOf(node);
      return [
        {
          check: ID,
          severity: problems.some((problem) => problem.severity === 'error') ? 'error' : 'warning',
          object: refOf('Node', node),
          message: problems.map((problem) => problem.text).join('; '),
          remedy: `Repair or replace the disk before upgrading (${sh`kubectl -n ${node.metadata?.namespace ?? LONGHORN_NAMESPACE} get nodes.longhorn.io ${name} -o yaml`} shows every disk's conditions); once it is removed, Longhorn rebuilds its replicas on healthy disks. Upgrading drains other nodes while the replicas on it are unusable.`,
        },
      ];
    }),
};
