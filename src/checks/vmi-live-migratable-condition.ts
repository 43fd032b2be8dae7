import { counted, type Finding } from '../model/finding.js';
import {
  conditionOf,
  nameOf,
  namespaceOf,
  refOf,
  withoutTrailingPeriod,
  type Condition,
} from '../model/kube-object.js';
import {
  effectiveEvictionStrategy,
  isVmiRunning,
  KUBEVIRT_NAME,
  KUBEVIRT_NAMESPACE,
  LIVE_MIGRATABLE_CONDITION,
  type EffectiveEvictionStrategy,
  type KubeVirt,
  type VirtualMachineInstance,
} from '../model/kubevirt.js';
import { isAvailable, itemsOf, type ClusterSnapshot } from '../model/snapshot.js';
import type { Check } from './check.js';
import {
  LATEST_MIGRATION_RULES,
  nonLiveMigratableReason,
  stopVmCommand,
  vmHostNodes,
} from '../facts/vm-migration-rules.js';

const ID = 'vmi-live-migratable-condition';

/** harvester-system/kubevirt; a cluster runs one KubeVirt, so any other name is taken as a fallback. */
const kubevirtOf = (snapshot: ClusterSnapshot): KubeVirt | undefined => {
  const all = itemsOf(snapshot, 'kubevirts');
  return all.find((kv) => namespaceOf(kv) === KUBEVIRT_NAMESPACE && nameOf(kv) === KUBEVIRT_NAME) ?? all[0];
};

/** The nodes, when they were read: they tell which VMIs Harvester's pre-drain job stops before any eviction. */
const hostNodes = (snapshot: ClusterSnapshot) =>
  isAvailable(snapshot, 'nodes') ? vmHostNodes(itemsOf(snapshot, 'nodes'), LATEST_MIGRATION_RULES) : undefined;

const sourceText = (effective: EffectiveEvictionStrategy): string => {
  switch (effective.source) {
    case 'vmi':
      return 'set on the VMI';
    case 'kubevirt':
      return "KubeVirt's cluster-wide default";
    case 'unset':
      return 'none set on the VMI or in KubeVirt';
  }
};

const whyText = (condition: Condition): string => {
  const reason = condition.reason ?? 'no reason given';
  return condition.message ? `${reason}: ${withoutTrailingPeriod(condition.message)}` : reason;
};

const finding = (vmi: VirtualMachineInstance, condition: Condition, effective: EffectiveEvictionStrategy): Finding => {
  const name = nameOf(vmi);
  const namespace = namespaceOf(vmi);
  const node = vmi.status?.nodeName ?? 'its node';
  const fact =
    `its LiveMigratable condition is False (${whyText(condition)}) and its eviction strategy is ` +
    `${effective.strategy} (${sourceText(effective)})`;
  const denied =
    effective.strategy === 'LiveMigrate'
      ? `, and KubeVirt's eviction webhook denies evicting its virt-launcher pod ("VMI ${name} is configured with an eviction strategy but is not live-migratable")`
      : '';
  return {
    check: ID,
    severity: 'error',
    object: refOf('VirtualMachineInstance', vmi),
    message: `${fact}: KubeVirt never migrates it off ${node}${denied}, so the upgrade stays at Pre-draining on ${node} until the VM is stopped`,
    remedy:
      `Stop the VM before upgrading (${stopVmCommand(namespace, name)}) and start it again once ${node} is ` +
      'upgraded, or fix what keeps it from migrating until its LiveMigratable condition is True.',
  };
};

/**
 * Harvester's pre-drain job taints the node kubevirt.io/drain, then waits until no VMI is left running on it, and
 * stops a VM only when its `kubevirt-evacuation-*` migration Failed (harvester/harvester:
 * package/upgrade/upgrade_node.sh wait_vms_out_or_shutdown, check_migrations_phase). KubeVirt's evacuation
 * controller creates that migration only for a VMI whose LiveMigratable condition is True (kubevirt/kubevirt:
 * pkg/virt-controller/watch/drain/evacuation/evacuation.go), and Harvester's vm-live-migrate-detector never reads
 * the condition (harvester/harvester: pkg/upgradehelper/vmlivemigratedetector/detector.go). So a running VMI with
 * LiveMigratable False keeps its node at Pre-draining forever, whatever its eviction strategy; with LiveMigrate,
 * KubeVirt's eviction webhook would also deny the drain (kubevirt/kubevirt:
 * pkg/virt-api/webhooks/validating-webhook/admitters/pod-eviction-admitter.go). Left out: VMIs Harvester itself
 * counts as not live-migratable, which the detector stops (vm-not-live-migratable reports them), and every VM when
 * only one node can host VMs, since the pre-drain job then shuts them all down.
 */
export const vmiLiveMigratableCondition: Check = {
  id: ID,
  title: 'Running VMIs can be live-migrated',
  problem: (findings) =>
    counted(findings, 'running VMI cannot be live-migrated', 'running VMIs cannot be live-migrated'),
  description:
    "A running VMI whose LiveMigratable condition is False is never migrated by KubeVirt, so Harvester's pre-drain " +
    'job waits for it forever and the upgrade stays at Pre-draining until the VM is stopped.',
  needs: ['vmis'],
  optional: ['kubevirts', 'nodes'],
  appliesTo: (snapshot) =>
    hostNodes(snapshot)?.length === 1
      ? 'only one node can host VMs: Harvester shuts every VM down during the upgrade instead of draining it'
      : undefined,
  run: (snapshot) => {
    const kubevirt = kubevirtOf(snapshot);
    const hosts = hostNodes(snapshot);
    const findings: Finding[] = [];
    for (const vmi of itemsOf(snapshot, 'vmis')) {
      if (!isVmiRunning(vmi)) continue;
      const condition = conditionOf(vmi.status?.conditions, LIVE_MIGRATABLE_CONDITION);
      if (condition?.status !== 'False') continue;
      if (nonLiveMigratableReason(vmi, hosts, LATEST_MIGRATION_RULES) !== undefined) continue;
      findings.push(finding(vmi, condition, effectiveEvictionStrategy(vmi, kubevirt)));
    }
    return findings;
  },
};
