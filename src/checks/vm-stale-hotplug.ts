import { counted, type Finding } from '../model/finding.js';
import { nameOf, namespaceOf, qualifiedName, refOf } from '../model/kube-object.js';
import { isHotpluggable, isVmiRunning, type VolumeRequest } from '../model/kubevirt.js';
import { isAvailable, itemsOf, type ClusterSnapshot } from '../model/snapshot.js';
import { compareVersions, parseVersion, sameMinor, type Version } from '../model/version.js';
import type { Check } from './check.js';
import { serverVersion } from '../facts/harvester-version.js';
import { upgradeConfig } from '../facts/harvester-upgrade.js';
import { LATEST_MIGRATION_RULES, stopVmCommand, vmHostNodes } from '../facts/vm-migration-rules.js';
import { sh } from '../model/shell.js';

const ID = 'vm-stale-hotplug';

const V1_8_2 = parseVersion('v1.8.2');
const V1_9_0_RC4 = parseVersion('v1.9.0-rc4');

/**
 * The webhook check shipped in v1.8.2 (commit 90dd7f36d) and v1.9.0-rc4 (02052084d on main); v1.8.2-rc1 and
 * v1.9.0-rc1 to rc3 lack it.
 */
const webhookChecks = (version: Version | undefined): boolean =>
  version !== undefined &&
  V1_8_2 !== undefined &&
  V1_9_0_RC4 !== undefined &&
  ((sameMinor(version, 1, 8) && compareVersions(version, V1_8_2) >= 0) || compareVersions(version, V1_9_0_RC4) >= 0);

const requestText = (request: VolumeRequest): string => {
  if (request.addVolumeOptions) return `add ${request.addVolumeOptions.name ?? 'unnamed'}`;
  if (request.removeVolumeOptions) return `remove ${request.removeVolumeOptions.name ?? 'unnamed'}`;
  return 'unknown request';
};

/** Only one node can host VMs (and the nodes were read): Harvester then shuts every VM down anyway. */
const singleHost = (snapshot: ClusterSnapshot): boolean =>
  isAvailable(snapshot, 'nodes') && vmHostNodes(itemsOf(snapshot, 'nodes'), LATEST_MIGRATION_RULES).length === 1;

/**
 * With KubeVirt's DeclarativeHotplugVolumes feature gate alone, hotplug state left by the older HotplugVolumes flow
 * breaks: a VM with pending `status.volumeRequests` never reconciles again, and a hot-plugged volume present in a
 * running VMI but not in its VM's spec is unplugged automatically. Harvester's upgrade webhook refuses the upgrade
 * on both ("There are VMs with pending volume hotplug requests …" / "There are running VMs with hot-plugged volumes
 * that exist in the VMI but not in the VM spec …", harvester/harvester: pkg/webhook/resources/upgrade/validator.go
 * checkStaleHotplugVolumes). Like the non-live-migratable check it is skipped when upgrade-config restoreVM is true
 * or only one node can host VMs. A VMI without a VM of the same name is not reconciled and is left out.
 */
export const vmStaleHotplug: Check = {
  id: ID,
  title: 'No stale volume hotplug state',
  problem: (findings) => counted(findings, 'VM has stale volume hotplug state', 'VMs have stale volume hotplug state'),
  description:
    'Pending hotplug requests and hot-plugged volumes missing from the VM spec break under KubeVirt declarative ' +
    "hotplug; Harvester's upgrade webhook refuses to start on them from v1.8.2 and v1.9.0.",
  needs: ['virtualMachines', 'vmis'],
  optional: ['harvesterSettings', 'nodes'],
  appliesTo: (snapshot) => {
    if (upgradeConfig(snapshot).restoreVM) {
      return 'upgrade-config restoreVM is true: Harvester skips this check and shuts VMs down during the upgrade';
    }
    if (singleHost(snapshot)) return 'only one node can host VMs: Harvester shuts every VM down during the upgrade';
    return undefined;
  },
  run: (snapshot) => {
    const severity = webhookChecks(serverVersion(snapshot)) ? 'error' : 'warning';
    const vms = itemsOf(snapshot, 'virtualMachines');
    const findings: Finding[] = [];

    for (const vm of vms) {
      const requests = vm.status?.volumeRequests ?? [];
      if (requests.length === 0) continue;
      findings.push({
        check: ID,
        severity,
        object: refOf('VirtualMachine', vm),
        message: `has pending volume hotplug requests in status.volumeRequests (${requests.map(requestText).join(', ')}), which declarative hotplug no longer processes`,
        remedy: `Stop and start the VM before upgrading (${stopVmCommand(namespaceOf(vm), nameOf(vm))}, then ${sh`virtctl start ${nameOf(vm)} -n ${namespaceOf(vm)}`}).`,
      });
    }

    const vmByName = new Map(vms.map((vm) => [qualifiedName(vm), vm]));
    for (const vmi of itemsOf(snapshot, 'vmis')) {
      if (!isVmiRunning(vmi)) continue;
      const vm = vmByName.get(qualifiedName(vmi));
      if (!vm) continue;
      const inSpec = new Set((vm.spec?.template?.spec?.volumes ?? []).map((volume) => volume.name));
      const ephemeral = (vmi.spec?.volumes ?? [])
        .filter((volume) => isHotpluggable(volume) && !inSpec.has(volume.name))
        .map((volume) => volume.name ?? 'unnamed');
      if (ephemeral.length === 0) continue;
      findings.push({
        check: ID,
        severity,
        object: refOf('VirtualMachineInstance', vmi),
        message: `has hot-plugged volumes that its VM spec does not list (${ephemeral.join(', ')}), which declarative hotplug unplugs`,
        remedy:
          `Make them persistent (add them to the VM spec) or unplug them before upgrading: ` +
          ephemeral
            .map((volume) => sh`virtctl removevolume ${nameOf(vmi)} -n ${namespaceOf(vmi)} --volume-name=${volume}`)
            .join('; ') +
          '.',
      });
    }
    return findings;
  },
};
