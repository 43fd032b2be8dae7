import type { Finding } from '../model/finding.js';
import { conditionOf, nameOf, namespaceOf, refOf, type Condition } from '../model/kube-object.js';
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
import { LATEST_MIGRATION_RULES, nonLiveMigratableReason, stopVmCommand, vmHostNodes } from './vm-migration-rules.js';

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
  return condition.message ? `${reason}: ${condition.message}` : reason;
};

const finding = (vmi: VirtualMachineInstance, condition: Condition, effective: EffectiveEvictionStrategy): Finding => {
  const name = nameOf(vmi);
  const namespace = namespaceOf(vmi);
  const node = vmi.status?.nodeName ?? 'its node';
  const fact = `LiveMigratable is False (${whyText(condition)}) and the eviction strategy is ${effective.strategy} (${sourceText(effective)})`;
  const stop = stopVmCommand(namespace, name);
  const base = { check: ID, object: refOf('VirtualMachineInstance', vmi) };
  switch (effective.strategy) {
    case 'LiveMigrate':
      return {
        ...base,
        severity: 'error',
        message: `${fact}: KubeVirt denies evicting its virt-launcher pod ("VMI ${name} is configured with an eviction strategy but is not live-migratable"), so draining ${node} blocks`,
        remedy:
          `Fix the cause so it can migrate, or stop the VM before upgrading (${stop}), or let the drain shut it down: ` +
          `kubectl -n ${namespace} patch vm ${name} --type merge -p ` +
          `'{"spec":{"template":{"spec":{"evictionStrategy":"LiveMigrateIfPossible"}}}}' and restart it.`,
      };
    case 'External':
      return {
        ...base,
        severity: 'warning',
        message: `${fact}: KubeVirt leaves its eviction to an external controller, so draining ${node} waits for one to move or stop it`,
        remedy: `Make sure that controller handles it, or stop the VM before upgrading (${stop}).`,
      };
    default:
      // LiveMigrateIfPossible, None and strategies KubeVirt does not know: the eviction goes through.
      return {
        ...base,
        severity: 'warning',
        message: `${fact}: the VM will be shut down when ${node} is drained`,
        remedy: `Stop it at a convenient time before upgrading (${stop}), or fix the cause so it can migrate.`,
      };
  }
};

/**
 * KubeVirt's eviction webhook decides what a drain does to each virt-launcher pod from the VMI's effective
 * eviction strategy and its LiveMigratable condition (kubevirt/kubevirt:
 * pkg/virt-api/webhooks/validating-webhook/admitters/pod-eviction-admitter.go): LiveMigrate on a VMI that cannot
 * migrate is denied for good and the drain never finishes; LiveMigrateIfPossible and None let the pod go, killing
 * the VM; External waits for someone else. VMIs Harvester itself counts as not live-migratable are left out: its
 * pre-drain job shuts them down before the drain (vm-not-live-migratable reports them), and so it does every VM
 * when only one node can host VMs.
 */
export const vmiLiveMigratableCondition: Check = {
  id: ID,
  title: 'Running VMIs can be live-migrated, or tolerate a shutdown',
  description:
    'A running VMI whose LiveMigratable condition is False blocks the node drain when its eviction strategy is ' +
    'LiveMigrate, and is shut down by the drain otherwise.',
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
