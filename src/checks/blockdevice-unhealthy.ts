import { counted, type Finding, type Severity } from '../model/finding.js';
import { isProvisionedBlockDevice, type BlockDevice } from '../model/harvester.js';
import { nameOf, namespaceOf, refOf } from '../model/kube-object.js';
import { LONGHORN_NAMESPACE, meaningful } from '../model/longhorn.js';
import { itemsOf } from '../model/snapshot.js';
import type { Check } from './check.js';
import { sh } from '../model/shell.js';

const ID = 'blockdevice-unhealthy';

interface Problem {
  readonly severity: Severity;
  readonly text: string;
}

/**
 * What is wrong with a block device node-disk-manager provisioned as a Longhorn disk (harvester/node-disk-manager:
 * pkg/apis/harvesterhci.io/v1beta1/types.go): `status.state` Inactive means NDM no longer finds the device on its
 * node (disconnected or dead), Unknown that it cannot tell; the filesystem may be read-only or, from NDM 0.7,
 * `corrupted`; conditions Mounted and AddedToNode turn False with the error when NDM cannot mount the disk or add it
 * to Longhorn; `provisionPhase` Unprovisioning means it is being removed from Longhorn.
 */
const problemsOf = (device: BlockDevice): Problem[] => {
  const status = device.status;
  const problems: Problem[] = [];
  const state = status?.state ?? '';
  if (state === 'Inactive') {
    problems.push({ severity: 'error', text: 'is Inactive: node-disk-manager no longer finds the device on its node' });
  } else if (state === 'Unknown' || state === '') {
    problems.push({ severity: 'warning', text: 'is in state Unknown' });
  }
  const fileSystem = status?.deviceStatus?.fileSystem;
  if (fileSystem?.corrupted === true) problems.push({ severity: 'error', text: 'has a corrupted filesystem' });
  if (fileSystem?.isReadOnly === true) problems.push({ severity: 'error', text: 'has a read-only filesystem' });
  for (const condition of status?.conditions ?? []) {
    if (condition.status !== 'False') continue;
    const detail = meaningful(condition.message) ?? meaningful(condition.reason);
    if (detail === undefined) continue;
    problems.push({ severity: 'warning', text: `condition ${condition.type ?? 'unnamed'} is False (${detail})` });
  }
  if (status?.provisionPhase === 'Unprovisioning') {
    problems.push({ severity: 'warning', text: 'is being removed from Longhorn (provisionPhase Unprovisioning)' });
  }
  return problems;
};

const where = (device: BlockDevice): string => {
  const path = device.status?.deviceStatus?.devPath ?? device.spec?.devPath;
  const node = device.spec?.nodeName;
  const model = [device.status?.deviceStatus?.details?.model, device.status?.deviceStatus?.details?.serialNumber]
    .map((part) => meaningful(part))
    .filter(Boolean)
    .join(' ');
  const parts = [path, node ? `on ${node}` : undefined, model ? `(${model})` : undefined].filter(Boolean);
  return parts.length > 0 ? `${parts.join(' ')} ` : '';
};

/**
 * Harvester adds extra disks to Longhorn through node-disk-manager's BlockDevice objects. A provisioned disk that
 * disappeared, went read-only or failed to mount holds replicas Longhorn can no longer use; if another node is
 * drained during the upgrade, volumes can be left without a usable replica. Devices that are not provisioned (spare
 * or system disks) are not reported.
 */
export const blockdeviceUnhealthy: Check = {
  id: ID,
  title: 'Disks provisioned to Longhorn are present and healthy',
  problem: (findings) =>
    counted(
      findings,
      'disk provisioned to Longhorn is missing or unhealthy',
      'disks provisioned to Longhorn are missing or unhealthy',
    ),
  description:
    "node-disk-manager's BlockDevices that Harvester provisioned as Longhorn disks must be Active, mounted and writable; a failed or missing disk while another node is drained can take a volume's last replica.",
  needs: ['blockDevices'],
  run: (snapshot) =>
    itemsOf(snapshot, 'blockDevices')
      .filter((device) => isProvisionedBlockDevice(device) && !device.metadata?.deletionTimestamp)
      .flatMap((device): Finding[] => {
        const problems = problemsOf(device);
        if (problems.length === 0) return [];
        const namespace = namespaceOf(device) || LONGHORN_NAMESPACE;
        const node = device.spec?.nodeName ?? '<node>';
        return [
          {
            check: ID,
            severity: problems.some((problem) => problem.severity === 'error') ? 'error' : 'warning',
            object: refOf('BlockDevice', device),
            message: `${where(device)}${problems.map((problem) => problem.text).join('; ')}`,
            remedy: `Reconnect or replace the disk before upgrading (${sh`kubectl -n ${namespace} get blockdevices.harvesterhci.io ${nameOf(device)} -o yaml`}), or remove it from ${node}'s disks (Harvester UI: Hosts > ${node} > Edit Config > Storage) so that Longhorn rebuilds its replicas elsewhere.`,
          },
        ];
      }),
};
