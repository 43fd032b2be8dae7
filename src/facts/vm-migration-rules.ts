import { labelOf } from '../model/kube-object.js';
import type { VirtualMachineInstance } from '../model/kubevirt.js';
import { nodeSelectorTermsMatch, requiredNodeAffinityOf } from '../model/node-affinity.js';
import { WITNESS_LABEL, type Node } from '../model/node.js';
import { atLeast, type Version } from '../model/version.js';
import { sh } from '../model/shell.js';

/**
 * Harvester's own definition of a VM it cannot live-migrate, shared by the upgrade webhook and the pre-drain
 * `vm-live-migrate-detector` that shuts such VMs down (harvester/harvester:
 * pkg/util/virtualmachineinstance/virtualmachineinstance.go GetAllNonLiveMigratableVMINames). It never reads
 * KubeVirt's LiveMigratable condition. The rule changed between releases, hence the version switches.
 */
export interface MigrationRules {
  /**
   * v1.6.0+: nodes carrying the witness label (any value: pkg/util/node.go ExcludeWitnessNodes) are not migration
   * targets and do not count as nodes. Before, every node counted.
   */
  readonly excludeWitness: boolean;
  /** v1.4.1 to v1.7.x: a CD-ROM disk or a container-disk volume also made a VMI non-migratable. */
  readonly cdromOrContainerDisk: boolean;
}

/** What the newest releases do; also the guess when the running version is unknown. */
export const LATEST_MIGRATION_RULES: MigrationRules = { excludeWitness: true, cdromOrContainerDisk: false };

export const migrationRulesFor = (version: Version | undefined): MigrationRules =>
  version === undefined
    ? LATEST_MIGRATION_RULES
    : {
        excludeWitness: atLeast(version, 1, 6, 0),
        cdromOrContainerDisk: atLeast(version, 1, 4, 1) && !atLeast(version, 1, 8, 0),
      };

const hasWitnessLabel = (node: Node): boolean => labelOf(node, WITNESS_LABEL) !== undefined;

/** The nodes that can host VMs under these rules. One of them only means every VM is shut down instead. */
export const vmHostNodes = (nodes: readonly Node[], rules: MigrationRules): readonly Node[] =>
  rules.excludeWitness ? nodes.filter((node) => !hasWitnessLabel(node)) : nodes;

const nodeWord = (rules: MigrationRules): string => (rules.excludeWitness ? 'non-witness node' : 'node');

const list = (items: readonly string[]): string => items.join(', ');

/**
 * Why Harvester counts the VMI as not live-migratable, or undefined when it does not. `hosts` are the nodes from
 * `vmHostNodes`; undefined when the nodes could not be read, which leaves out the node affinity test. The checks
 * come in Harvester's order and the first that hits names the reason.
 */
export const nonLiveMigratableReason = (
  vmi: VirtualMachineInstance,
  hosts: readonly Node[] | undefined,
  rules: MigrationRules,
): string | undefined => {
  // Any nodeSelector, even one every node would satisfy: Harvester only tests that the map is set.
  const nodeSelector = vmi.spec?.nodeSelector;
  if (nodeSelector) {
    const pairs = Object.entries(nodeSelector).map(([key, value]) => `${key}=${value}`);
    return `it has a nodeSelector (${pairs.length > 0 ? list(pairs) : 'empty'})`;
  }

  // PCI and USB devices, and vGPUs from v1.8.0 on (before, vGPUs sat in `gpus`, which this rule never read).
  const hostDevices = vmi.spec?.domain?.devices?.hostDevices ?? [];
  if (hostDevices.length > 0) {
    const names = hostDevices.map((device) => device.deviceName ?? device.name ?? 'unnamed');
    return `it has host devices passed through (${list(names)})`;
  }

  // Some other schedulable host (not the one it runs on) must satisfy the required node affinity, if any.
  if (hosts !== undefined) {
    const required = requiredNodeAffinityOf(vmi.spec?.affinity);
    const targets = hosts.filter(
      (node) => node.metadata?.name !== vmi.status?.nodeName && node.spec?.unschedulable !== true,
    );
    if (targets.length === 0) return `no other schedulable ${nodeWord(rules)} is left to migrate it to`;
    if (required !== undefined && !targets.some((node) => nodeSelectorTermsMatch(required.nodeSelectorTerms, node))) {
      return `its required node affinity matches no other schedulable ${nodeWord(rules)}`;
    }
  }

  if (rules.cdromOrContainerDisk) {
    const cdroms = (vmi.spec?.domain?.devices?.disks ?? []).filter((disk) => disk.cdrom != null);
    if (cdroms.length > 0) return `it has a CD-ROM disk (${list(cdroms.map((disk) => disk.name ?? 'unnamed'))})`;
    const containerDisks = (vmi.spec?.volumes ?? []).filter((volume) => volume.containerDisk != null);
    if (containerDisks.length > 0) {
      return `it has a container-disk volume (${list(containerDisks.map((volume) => volume.name ?? 'unnamed'))})`;
    }
  }
  return undefined;
};

/**
 * The upgrade webhook skips its VM checks when upgrade-config `restoreVM` is true from v1.6.0 on (before, the
 * setting only covered single-node clusters); an unknown version is taken to be recent.
 */
export const restoreVmHonoured = (version: Version | undefined): boolean =>
  version === undefined || atLeast(version, 1, 6, 0);

export const UPGRADE_CONFIG_DOCS = 'https://docs.harvesterhci.io/v1.6/advanced/index/#upgrade-config';

/** How to stop a VM from the command line (the Harvester UI's Stop does the same). */
export const stopVmCommand = (namespace: string, name: string): string => sh`virtctl stop ${name} -n ${namespace}`;

export const RESTORE_VM_HINT =
  `set "restoreVM": true in the upgrade-config setting (kubectl edit settings.harvesterhci.io upgrade-config), ` +
  `so Harvester shuts the VM down before upgrading its node and starts it again afterwards (${UPGRADE_CONFIG_DOCS})`;
