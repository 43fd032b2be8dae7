import { annotationOf, labelOf, nameOf, namespacedKey, namespaceOf } from '../model/kube-object.js';
import {
  effectiveEvictionStrategy,
  type EffectiveEvictionStrategy,
  type VirtualMachineInstance,
  type VirtualMachineInstanceMigration,
} from '../model/kubevirt.js';
import { controllerOf, type Pod } from '../model/pod.js';
import { isAvailable, type ClusterSnapshot } from '../model/snapshot.js';
import { isKubeVirtVmiPdb } from '../facts/budget-owner.js';
import { liveMigrationOf } from '../facts/vmi-live-migration.js';
import { budgetName } from '../facts/drain-wording.js';
import { drainIndex, type DrainIndex } from '../facts/drain-index.js';
import type { DrainReason } from '../model/drain.js';
import type { DrainFilter } from './drain-types.js';
import { sh } from '../model/shell.js';

const FILTER = 'virt-launcher-eviction';
/** virt-controller names the VMI's domain in this annotation on its launcher pod (kubevirt.io/api DomainAnnotation). */
const DOMAIN_ANNOTATION = 'kubevirt.io/domain';
const FINISHED_MIGRATION = new Set(['Succeeded', 'Failed']);

/** The VMI behind a launcher pod: its controller owner, else the VMI whose UID the pod carries in `kubevirt.io/created-by`. */
const vmiOf = (pod: Pod, index: DrainIndex): VirtualMachineInstance | undefined => {
  const owner = pod.metadata?.ownerReferences?.find((ref) => ref.kind === 'VirtualMachineInstance');
  const byOwner = owner?.name ? index.vmiByName.get(namespacedKey(namespaceOf(pod), owner.name)) : undefined;
  if (byOwner) return byOwner;
  const uid = labelOf(pod, 'kubevirt.io/created-by');
  return uid ? index.vmiByUid.get(uid) : undefined;
};

/** The VirtualMachine that owns the VMI; Harvester gives both the same name. */
const vmNameOf = (vmi: VirtualMachineInstance): string => {
  const owner = controllerOf(vmi);
  return owner?.kind === 'VirtualMachine' && owner.name ? owner.name : nameOf(vmi);
};

const created = (migration: VirtualMachineInstanceMigration): string => migration.metadata?.creationTimestamp ?? '';

const newestFirst = (a: VirtualMachineInstanceMigration, b: VirtualMachineInstanceMigration): number =>
  created(b).localeCompare(created(a)) || nameOf(a).localeCompare(nameOf(b));

/** `migration kubevirt-evacuation-x Running`, `no migration yet`, or the last one that failed. */
const migrationText = (vmi: VirtualMachineInstance, index: DrainIndex): string => {
  const migrations = [...(index.vmimsByVmi.get(namespacedKey(namespaceOf(vmi), nameOf(vmi))) ?? [])].sort(newestFirst);
  const active = migrations.find((migration) => !FINISHED_MIGRATION.has(migration.status?.phase ?? ''));
  if (active) return `migration ${nameOf(active)} ${active.status?.phase ?? 'Pending'}`;
  const failed = migrations.find((migration) => migration.status?.phase === 'Failed');
  return failed ? `no migration running; the last one, ${nameOf(failed)}, Failed` : 'no migration yet';
};

const strategyText = ({ strategy, source }: EffectiveEvictionStrategy): string => {
  switch (source) {
    case 'vmi':
      return `evictionStrategy ${strategy}`;
    case 'kubevirt':
      return `evictionStrategy ${strategy} (KubeVirt's default)`;
    case 'unset':
      return 'no evictionStrategy (neither the VMI nor KubeVirt sets one)';
  }
};

const stopCommands = (vmi: VirtualMachineInstance): string => {
  const namespace = namespaceOf(vmi);
  const vm = vmNameOf(vmi);
  return `${sh`virtctl stop ${vm} -n ${namespace}`}, or ${sh`kubectl -n ${namespace} patch vm ${vm} --type merge -p '{"spec":{"runStrategy":"Halted"}}'`}`;
};

/** The per-VMI `kubevirt-disruption-budget-*` virt-controller keeps for the VMI, if any (it exists up to KubeVirt 1.5). */
const vmiBudget = (vmi: VirtualMachineInstance, snapshot: ClusterSnapshot): string | undefined => {
  const budget = (drainIndex(snapshot).budgetsByNamespace.get(namespaceOf(vmi)) ?? []).find(
    (pdb) =>
      isKubeVirtVmiPdb(pdb) &&
      (controllerOf(pdb)?.name === nameOf(vmi) ||
        pdb.spec?.selector?.matchLabels?.['kubevirt.io/created-by'] === vmi.metadata?.uid),
  );
  return budget ? budgetName(budget) : undefined;
};

/** A launcher pod whose VMI is gone: the webhook cannot get the VMI and denies the eviction. */
const vmiGone = (pod: Pod): DrainReason[] => {
  const domain = annotationOf(pod, DOMAIN_ANNOTATION);
  if (domain === undefined) return [];
  return [
    {
      filter: FILTER,
      verdict: 'block',
      message: `KubeVirt denies the eviction: VMI ${domain} does not exist (kubevirt failed getting the vmi)`,
      remedy: `The VM is gone; delete its leftover pod: ${sh`kubectl -n ${namespaceOf(pod)} delete pod ${nameOf(pod)}`}`,
    },
  ];
};

/** What the webhook weighs about the VMI, and how a blocking reason names its per-VMI budget. */
interface VmiFacts {
  readonly vmi: VirtualMachineInstance;
  readonly effective: EffectiveEvictionStrategy;
  readonly migratable: boolean;
  /** Why the VMI is or is not live-migratable, parenthesised. */
  readonly why: string;
  /** The remedy's warning not to delete the per-VMI budget, when there is one. */
  readonly keepBudget: string;
  readonly withBudget: (reason: DrainReason) => DrainReason[];
}

const vmiFactsOf = (vmi: VirtualMachineInstance, snapshot: ClusterSnapshot, index: DrainIndex): VmiFacts => {
  const budget = vmiBudget(vmi, snapshot);
  return {
    vmi,
    effective: effectiveEvictionStrategy(vmi, index.kubevirt),
    ...liveMigrationOf(vmi),
    keepBudget: budget
      ? `; do not delete ${budget}: virt-controller owns it through the VMI and recreates it, and the webhook blocks the eviction anyway`
      : '',
    withBudget: (reason) => [budget ? { ...reason, pdb: budget } : reason],
  };
};

/** The webhook marks a VMI that migrates for evacuation: the drain waits until it has left the node. */
const evacuation = (facts: VmiFacts, nodeName: string, index: DrainIndex): DrainReason[] => {
  const { vmi, effective, keepBudget, withBudget } = facts;
  const name = nameOf(vmi);
  const runsOn = vmi.status?.nodeName;
  if (runsOn && runsOn !== nodeName) {
    return [
      {
        filter: FILTER,
        verdict: 'evict',
        message: `VMI ${name} already runs on ${runsOn}; this pod is what its migration left here`,
      },
    ];
  }
  const migration = migrationText(vmi, index);
  const message =
    effective.strategy === 'External'
      ? `${strategyText(effective)}: the eviction marks VMI ${name} for evacuation by an external controller; the drain waits until the VMI has left (${migration})`
      : `the eviction starts a live migration; the drain waits until VMI ${name} moves (${migration})`;
  return withBudget({
    filter: FILTER,
    verdict: 'block',
    message,
    remedy: `Follow the migration (${sh`kubectl -n ${namespaceOf(vmi)} get vmim -l kubevirt.io/vmi-name=${name}`}); if it cannot finish, shut the VM down: ${stopCommands(vmi)}${keepBudget}`,
  });
};

/** The webhook's decision by the VMI's effective eviction strategy. */
const webhookVerdict = (facts: VmiFacts, nodeName: string, index: DrainIndex): DrainReason[] => {
  const { vmi, effective, migratable, why } = facts;
  const name = nameOf(vmi);
  const strategy = effective.strategy;
  if (strategy === 'LiveMigrate' && !migratable) {
    return facts.withBudget({
      filter: FILTER,
      verdict: 'block',
      message: `KubeVirt denies the eviction: VMI ${name} is not live-migratable${why} and its ${strategyText(effective)} insists on a migration`,
      remedy: `Shut the VM down for the upgrade: ${stopCommands(vmi)}${facts.keepBudget}`,
    });
  }
  const migrates =
    strategy === 'External' || strategy === 'LiveMigrate' || (strategy === 'LiveMigrateIfPossible' && migratable);
  if (migrates) return evacuation(facts, nodeName, index);
  const stops =
    strategy === 'LiveMigrateIfPossible'
      ? `${strategyText(effective)} and VMI ${name} is not live-migratable${why}`
      : strategyText(effective);
  return [{ filter: FILTER, verdict: 'evict', message: `${stops}: the eviction goes through and the VM is stopped` }];
};

/**
 * KubeVirt's eviction webhook intercepts every eviction of a virt-launcher pod (kubevirt/kubevirt:
 * pkg/virt-api/webhooks/validating-webhook/admitters/pod-eviction-admitter.go) and decides by the VMI's effective
 * eviction strategy (harvester-domain §4.1, §4.3): LiveMigrate on a VMI whose LiveMigratable condition is not True
 * is denied outright; LiveMigrate, LiveMigrateIfPossible on a migratable VMI, and External mark the VMI for
 * evacuation (status.evacuationNodeName) and the eviction keeps failing, through the webhook or the per-VMI budget
 * (harvester-domain §4.2), until the VMI has moved; LiveMigrateIfPossible on a non-migratable VMI, None, or no
 * strategy at all let the eviction through and the VM stops. A launcher pod whose VMI runs elsewhere is what a
 * finished migration left behind. When the VMI cannot be read the webhook denies the eviction ("kubevirt failed
 * getting the vmi"); when VMIs were not read at all this filter says nothing.
 */
export const virtLauncherEviction: DrainFilter = (pod, { snapshot, node }) => {
  if (labelOf(pod, 'kubevirt.io') !== 'virt-launcher' || !isAvailable(snapshot, 'vmis')) return [];
  const index = drainIndex(snapshot);
  const vmi = vmiOf(pod, index);
  return vmi ? webhookVerdict(vmiFactsOf(vmi, snapshot, index), nameOf(node), index) : vmiGone(pod);
};
