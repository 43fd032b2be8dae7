import type { BlockedPod, DrainReason } from '../model/drain.js';
import { nameOf, namespacedKey, namespaceOf, refOf, type KubeObject } from '../model/kube-object.js';
import { KUBEVIRT_NAMESPACE } from '../model/kubevirt.js';
import { volumePvc, LONGHORN_NODE_LABEL } from '../model/longhorn.js';
import { controllerOf, type Pod, type PodDisruptionBudget } from '../model/pod.js';
import { isAvailable, itemsOf, type ClusterSnapshot } from '../model/snapshot.js';
import { kubeVirtVersion, PLACEMENT_PATCH } from '../facts/kubevirt-placement.js';
import {
  budgetOperator,
  helmReleaseOf,
  isLonghornInstanceManagerPdb,
  type BudgetOperator,
} from '../facts/budget-owner.js';
import { budgetsSelecting, drainIndex } from '../facts/drain-index.js';
import { budgetName, listedAtMost, nonEmpty } from '../facts/drain-wording.js';
import { plural } from '../model/text.js';
import { lastHealthyReplicas } from '../facts/instance-manager-drain.js';
import type { FixAction, FixOptions, FixPlan, FixRefusal, FixTarget } from './fix-types.js';
import { relaxBudget } from './relax-budget.js';
import { ownershipOf } from './backup.js';
import { sh } from '../model/shell.js';
import { liveMigrationOf } from '../facts/vmi-live-migration.js';
import { stopVmCommand } from '../facts/vm-migration-rules.js';

const OVERRIDE_FLAG = '--override-operator-budgets';
const TRAP_FILTER = 'kubevirt-placement-trap';

/** How one budget takes part in the blocks: pods it holds alone, pods it shares with other budgets. */
interface Involvement {
  readonly held: Pod[];
  readonly shared: { readonly pod: Pod; readonly budgets: readonly PodDisruptionBudget[] }[];
  /** The blocking reasons that name it. */
  readonly reasons: DrainReason[];
  readonly nodes: Set<string>;
}

const blocks = (reason: DrainReason): boolean => reason.verdict === 'block';

const podsText = (pods: readonly Pod[]): string => listedAtMost([...new Set(pods.map(nameOf))]);

/** The object as planned: what apply checks again before it writes anything. */
const resourceVersion = (
  object: KubeObject,
): Pick<FixAction, 'expectedResourceVersion' | 'expectedGeneration' | 'expectedUid' | 'expectedOwnership'> => {
  const version = nonEmpty(object.metadata?.resourceVersion);
  const generation = object.metadata?.generation;
  const uid = nonEmpty(object.metadata?.uid);
  return {
    ...(version === undefined ? {} : { expectedResourceVersion: version }),
    ...(generation === undefined ? {} : { expectedGeneration: generation }),
    ...(uid === undefined ? {} : { expectedUid: uid }),
    expectedOwnership: ownershipOf(object),
  };
};

const byName = (a: PodDisruptionBudget, b: PodDisruptionBudget): number => budgetName(a).localeCompare(budgetName(b));

const decapitalized = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);

const selectorText = (pdb: PodDisruptionBudget): string =>
  Object.entries(pdb.spec?.selector?.matchLabels ?? {})
    .map(([label, value]) => `${label}=${value}`)
    .join(',');

const volumeText = (snapshot: ClusterSnapshot, volume: string): string => {
  const found = itemsOf(snapshot, 'longhornVolumes').find((item) => nameOf(item) === volume);
  const pvc = found ? volumePvc(found) : undefined;
  return pvc ? `${volume} (PVC ${pvc})` : volume;
};

/** What planning has gathered so far, in the order the plan lists it. */
interface Planning {
  readonly userActions: FixAction[];
  readonly operatorActions: FixAction[];
  readonly refusals: FixRefusal[];
  readonly notes: string[];
}

/** What the plan for one budget may rely on beyond the budget itself. */
interface BudgetContext {
  readonly snapshot: ClusterSnapshot;
  readonly target: PodDisruptionBudget | undefined;
  readonly options: FixOptions;
  /** The planned KubeVirt patch frees the budget: its name is among the trapped budgets and the patch is planned. */
  readonly patched: boolean;
}

const refuse = (planning: Planning, pdb: PodDisruptionBudget, reason: string, remedy?: string): void => {
  planning.refusals.push({ object: refOf('PodDisruptionBudget', pdb), reason, ...(remedy ? { remedy } : {}) });
};

/**
 * How each budget in scope takes part in the blocks: the pods it holds alone and those it shares; and, in `notes`,
 * what holds a pod that is no budget's.
 */
const involvementsOf = (
  snapshot: ClusterSnapshot,
  blocked: readonly BlockedPod[],
  target: PodDisruptionBudget | undefined,
  notes: string[],
): Map<PodDisruptionBudget, Involvement> => {
  const inScope = (pdb: PodDisruptionBudget): boolean => target === undefined || pdb === target;
  const involvements = new Map<PodDisruptionBudget, Involvement>();
  const involvement = (pdb: PodDisruptionBudget): Involvement => {
    const found = involvements.get(pdb);
    if (found) return found;
    const created: Involvement = { held: [], shared: [], reasons: [], nodes: new Set() };
    involvements.set(pdb, created);
    return created;
  };
  for (const { pod, node, reasons } of blocked) {
    const budgets = budgetsSelecting(pod, snapshot);
    for (const pdb of budgets.filter(inScope)) {
      const naming = reasons.filter((reason) => blocks(reason) && reason.pdb === budgetName(pdb));
      if (budgets.length === 1 && naming.length === 0) continue;
      const entry = involvement(pdb);
      entry.nodes.add(node);
      entry.reasons.push(...naming);
      if (budgets.length > 1) entry.shared.push({ pod, budgets });
      else entry.held.push(pod);
    }
    for (const reason of reasons.filter((candidate) => blocks(candidate) && candidate.pdb === undefined)) {
      notes.push(
        `${namespaceOf(pod)}/${nameOf(pod)} is also held by ${reason.filter} (${reason.message}); fix-pdb does not change that`,
      );
    }
  }
  return involvements;
};

/** The budgets KubeVirt's placement trap holds (by name), with the blocked pods behind each. */
const trappedBudgets = (
  blocked: readonly BlockedPod[],
  target: PodDisruptionBudget | undefined,
): Map<string, BlockedPod[]> => {
  const trapped = new Map<string, BlockedPod[]>();
  for (const entry of blocked) {
    for (const reason of entry.reasons) {
      if (reason.filter !== TRAP_FILTER || !blocks(reason) || reason.pdb === undefined) continue;
      if (target !== undefined && reason.pdb !== budgetName(target)) continue;
      trapped.set(reason.pdb, [...(trapped.get(reason.pdb) ?? []), entry]);
    }
  }
  return trapped;
};

/** The root cause first: KubeVirt's placement keeps virt-api and virt-controller from leaving the node. */
const placementPatch = (
  snapshot: ClusterSnapshot,
  trapped: ReadonlyMap<string, readonly BlockedPod[]>,
  notes: string[],
): FixAction[] => {
  const kubevirt = drainIndex(snapshot).kubevirt;
  if (!kubevirt || trapped.size === 0) return [];
  const version = kubeVirtVersion(kubevirt);
  const release = version ? `KubeVirt ${version.text}` : 'KubeVirt of unknown version (taken as 1.3 or later)';
  const nodes = listedAtMost([...new Set([...trapped.values()].flat().map((entry) => entry.node))].sort());
  const budgets = [...trapped.keys()].sort().join(' and ');
  notes.push(
    `KubeVirt ${KUBEVIRT_NAMESPACE}/${nameOf(kubevirt)} belongs to the harvester ManagedChart (Helm release harvester, Fleet bundle mcc-harvester): Harvester v1.4.2 and later charts carry the same empty nodePlacement (harvester/harvester#7725), earlier ones may revert the patch when the chart is applied again; by hand: ${PLACEMENT_PATCH}`,
  );
  return [
    {
      kind: 'merge-patch',
      resource: 'kubevirts',
      object: refOf('KubeVirt', kubevirt),
      patch: { spec: { infra: { nodePlacement: {} } } },
      change: 'spec.infra.nodePlacement: unset → {} (virt-api and virt-controller may run on any node)',
      reason: `${release} without spec.infra.nodePlacement keeps virt-api and virt-controller on control-plane nodes and draining ${nodes} leaves no other schedulable one, so their replacements stay Pending and ${budgets} cannot let the drain go; with an empty nodePlacement the replacements start on any node and the budgets allow the evictions again`,
      ...resourceVersion(kubevirt),
    },
  ];
};

/** A user budget next to an operator's on one pod is the duplicate to go (harvester-domain §4.1, §4.7). */
const planUserBudget = (
  pdb: PodDisruptionBudget,
  entry: Involvement,
  { snapshot, target }: BudgetContext,
  planning: Planning,
): void => {
  const duplicates = entry.shared.filter(
    (shared) => pdb === target || shared.budgets.some((other) => budgetOperator(other) !== undefined),
  );
  const others = (shares: typeof entry.shared): string =>
    listedAtMost([
      ...new Set(shares.flatMap((shared) => shared.budgets.filter((other) => other !== pdb).map(budgetName))),
    ]);
  if (duplicates.length > 0) {
    const pods = duplicates.map((shared) => shared.pod);
    planning.userActions.push({
      kind: 'delete',
      resource: 'podDisruptionBudgets',
      object: refOf('PodDisruptionBudget', pdb),
      change: `deletes user budget ${budgetName(pdb)} (restored from the backup with --restore)`,
      reason: `${podsText(pods)} ${pods.length === 1 ? 'is' : 'are'} also under ${others(duplicates)}, and the eviction API answers 500 for a pod under more than one budget; deleting this user budget leaves ${others(duplicates)} in charge`,
      ...resourceVersion(pdb),
    });
  } else if (entry.shared.length > 0) {
    refuse(
      planning,
      pdb,
      `${podsText(entry.shared.map((shared) => shared.pod))} ${entry.shared.length === 1 ? 'is' : 'are'} also under user budget ${others(entry.shared)}, and the eviction API answers 500 for a pod under more than one budget; fix-pdb does not pick which user budget to keep`,
      `keep one: plan the removal of the other with ${sh`kubectl harvester-upgrade fix-pdb -n ${namespaceOf(pdb)}`} <name>, or narrow a selector`,
    );
  } else {
    relaxUserBudget(snapshot, pdb, entry, planning);
  }
};

/** A user budget that holds its pods alone is relaxed, not deleted. */
const relaxUserBudget = (
  snapshot: ClusterSnapshot,
  pdb: PodDisruptionBudget,
  entry: Involvement,
  planning: Planning,
): void => {
  const relaxation = relaxBudget(pdb, entry.held, snapshot);
  if (relaxation.kind === 'refuse') {
    refuse(planning, pdb, relaxation.reason, relaxation.remedy);
    return;
  }
  planning.userActions.push({
    kind: 'merge-patch',
    resource: 'podDisruptionBudgets',
    object: refOf('PodDisruptionBudget', pdb),
    patch: relaxation.patch,
    change: relaxation.change,
    reason: `it holds ${podsText(entry.held)}: ${relaxation.reason}`,
    ...resourceVersion(pdb),
  });
  const release = helmReleaseOf(pdb);
  if (release) {
    // Helm's three-way merge on the next upgrade of the release writes the chart's spec again.
    planning.notes.push(
      `${budgetName(pdb)} belongs to Helm release ${release.namespace ? `${release.namespace}/` : ''}${release.name}: the next upgrade of that release puts the chart's spec back; to keep a relaxed budget, change the chart's values`,
    );
  }
};

/**
 * An instance-manager budget is never deleted while its node's replicas are unknown or one holds the last healthy
 * replica of an attached volume (harvester-domain §4.5, §4.7): true when it refused for that reason.
 */
const refusedForData = (
  snapshot: ClusterSnapshot,
  pdb: PodDisruptionBudget,
  entry: Involvement,
  planning: Planning,
): boolean => {
  const selected = pdb.spec?.selector?.matchLabels?.[LONGHORN_NODE_LABEL];
  const nodes = [...new Set([...entry.nodes, ...(selected ? [selected] : [])])].sort();
  if (!isAvailable(snapshot, 'longhornReplicas')) {
    refuse(
      planning,
      pdb,
      `Longhorn replicas were not read, so fix-pdb cannot rule out that ${listedAtMost(nodes)} holds the last healthy replica of an attached volume, and deleting this instance-manager budget then loses data`,
      'read access to replicas.longhorn.io (and volumes.longhorn.io) lets fix-pdb check; plan again with it',
    );
    return true;
  }
  const lost = nodes.flatMap((node) => lastHealthyReplicas(snapshot, node).map((volume) => ({ node, volume })));
  if (lost.length === 0) return false;
  const volumes = listedAtMost(lost.map(({ volume }) => volumeText(snapshot, volume)));
  const holders = listedAtMost([...new Set(lost.map(({ node }) => node))]);
  refuse(
    planning,
    pdb,
    `${holders} holds the last healthy replica of attached ${lost.length === 1 ? 'volume' : 'volumes'} ${volumes}: deleting the budget lets the drain stop it and the ${lost.length === 1 ? 'volume is' : 'volumes are'} left without healthy data (data loss), so fix-pdb refuses even with ${OVERRIDE_FLAG}`,
    `let Longhorn rebuild a healthy replica of ${volumes} on another node, or stop the workloads using ${lost.length === 1 ? 'it' : 'them'}, then plan again`,
  );
  return true;
};

/** An operator's budget matters when it holds a pod itself, or would still hold one once user duplicates go. */
const holdsAlone = (pdb: PodDisruptionBudget, entry: Involvement): boolean =>
  entry.held.length > 0 ||
  (entry.shared.length > 0 &&
    ((pdb.status?.disruptionsAllowed ?? 0) === 0 ||
      entry.shared.some((shared) => shared.budgets.every((other) => budgetOperator(other) !== undefined))));

/**
 * Migrate or stop the VM, as explain-drain's virt-launcher-eviction reason judges it: a VMI that KubeVirt does not
 * call LiveMigratable gets only the stop, since a migration would be refused.
 */
const vmRemedy = (snapshot: ClusterSnapshot, namespace: string, name: string): string => {
  const vmi = drainIndex(snapshot).vmiByName.get(namespacedKey(namespace, name));
  const stop = stopVmCommand(namespace, name);
  if (vmi === undefined) return `migrate or stop the VM ${namespace}/${name} (${stop})`;
  const live = liveMigrationOf(vmi);
  return live.migratable
    ? `migrate or stop the VM ${namespace}/${name} (${sh`virtctl migrate ${name} -n ${namespace}`}, or ${stop})`
    : `the VM ${namespace}/${name} cannot live-migrate${live.why}: stop it (${stop})`;
};

/** An operator's budget: never virt-controller's; the others deleted only with the override flag. */
const planOperatorBudget = (
  pdb: PodDisruptionBudget,
  operator: BudgetOperator,
  entry: Involvement,
  context: BudgetContext,
  planning: Planning,
): void => {
  if (!holdsAlone(pdb, entry)) return;
  const pods = [...entry.held, ...entry.shared.map((shared) => shared.pod)];
  if (operator === 'virt-controller') {
    const vmi = controllerOf(pdb)?.name;
    refuse(
      planning,
      pdb,
      `virt-controller owns it${vmi ? ` through VMI ${vmi}` : ''} and recreates it while the VM needs eviction protection, and KubeVirt's eviction webhook holds ${podsText(pods)} regardless: fix-pdb never changes it`,
      vmi ? vmRemedy(context.snapshot, namespaceOf(pdb), vmi) : 'migrate or stop the VM',
    );
    return;
  }
  if (operator === 'longhorn-manager' && isLonghornInstanceManagerPdb(pdb)) {
    if (refusedForData(context.snapshot, pdb, entry, planning)) return;
  }
  const name = budgetName(pdb);
  const cause = (): string => rootCause(pdb, operator, entry, context.patched);
  if (!context.options.overrideOperatorBudgets) {
    // Not a refusal when the planned KubeVirt patch is what makes this budget let go, with no deletion at all.
    if (operator === 'virt-operator' && context.patched) {
      planning.notes.push(
        `${name} (virt-operator's) lets the drain go once the KubeVirt patch lets its Pending replicas start on another node and become Ready; delete it at once instead with ${OVERRIDE_FLAG} (virt-operator recreates it)`,
      );
    } else {
      refuse(
        planning,
        pdb,
        `${operator} manages it and recreates it when deleted; fix-pdb deletes operator-managed budgets only with ${OVERRIDE_FLAG}`,
        `root cause: ${cause()}; or delete it anyway with ${OVERRIDE_FLAG} (${operator} recreates it)`,
      );
    }
    return;
  }
  deleteOperatorBudget(pdb, operator, pods, cause(), planning);
};

/** With the override flag: the deletion, and the note that the operator brings the budget back. */
const deleteOperatorBudget = (
  pdb: PodDisruptionBudget,
  operator: BudgetOperator,
  pods: readonly Pod[],
  cause: string,
  planning: Planning,
): void => {
  const name = budgetName(pdb);
  planning.operatorActions.push({
    kind: 'delete',
    resource: 'podDisruptionBudgets',
    object: refOf('PodDisruptionBudget', pdb),
    change: `deletes ${name} (${operator} recreates it)`,
    reason: `it holds ${podsText(pods)} (${plural(pdb.status?.disruptionsAllowed ?? 0, 'disruption')} allowed); without it the drain evicts ${pods.length === 1 ? 'the pod' : 'them'} until ${operator} recreates it`,
    ...resourceVersion(pdb),
  });
  planning.notes.push(
    `${operator} recreates ${name} after the deletion, so it lets the drain through only until then; root cause: ${cause}`,
  );
};

/** Everything the blocks amount to, for every budget involved, or only for `target` when one is named. */
const planBlocked = (
  snapshot: ClusterSnapshot,
  blocked: readonly BlockedPod[],
  target: PodDisruptionBudget | undefined,
  options: FixOptions,
): FixPlan => {
  const notes: string[] = [];
  const involvements = involvementsOf(snapshot, blocked, target, notes);
  const trapped = trappedBudgets(blocked, target);
  const rootCauses = placementPatch(snapshot, trapped, notes);
  const planning: Planning = { userActions: [], operatorActions: [], refusals: [], notes };
  for (const [pdb, entry] of [...involvements].sort(([a], [b]) => byName(a, b))) {
    const operator = budgetOperator(pdb);
    const patched = trapped.has(budgetName(pdb)) && rootCauses.length > 0;
    const context: BudgetContext = { snapshot, target, options, patched };
    if (operator === undefined) planUserBudget(pdb, entry, context, planning);
    else planOperatorBudget(pdb, operator, entry, context, planning);
  }
  return {
    actions: [...rootCauses, ...planning.userActions, ...planning.operatorActions],
    refusals: planning.refusals.sort((a, b) =>
      namespacedKey(a.object.namespace ?? '', a.object.name).localeCompare(
        namespacedKey(b.object.namespace ?? '', b.object.name),
      ),
    ),
    notes: [...new Set(notes)],
  };
};

/** What makes an operator's budget let go by itself, in a few words with a command. */
const rootCause = (
  pdb: PodDisruptionBudget,
  operator: Exclude<BudgetOperator, 'virt-controller'>,
  entry: Involvement,
  patched: boolean,
): string => {
  const name = budgetName(pdb);
  if (operator === 'virt-operator' && patched) {
    return `the KubeVirt patch planned first: the Pending replicas start on another node and ${name} then lets the drain go`;
  }
  if (operator === 'virt-operator' || !isLonghornInstanceManagerPdb(pdb)) {
    return `get its pods Ready so that it allows a disruption (${sh`kubectl -n ${namespaceOf(pdb)} get pods -l ${selectorText(pdb)} -o wide`})`;
  }
  // explain-drain's remedy without its manual workaround (deleting the budget), which the override flag replaces.
  const remedy = (entry.reasons.find((reason) => reason.filter === 'instance-manager-budget')?.remedy ?? '')
    .split('; ')
    .filter((part) => part !== '' && !part.includes('fix-pdb'))
    .join('; ');
  return remedy
    ? decapitalized(remedy)
    : `longhorn-manager removes ${name} itself once the node is cordoned and no volume depends on it; if it does not, check that every attached volume is healthy (kubectl -n longhorn-system get volumes.longhorn.io)`;
};

const planNode = (
  snapshot: ClusterSnapshot,
  nodeName: string,
  options: FixOptions,
  blocked: readonly BlockedPod[],
): FixPlan => {
  if (!drainIndex(snapshot).nodeByName.has(nodeName)) {
    return {
      actions: [],
      refusals: [{ object: { kind: 'Node', name: nodeName }, reason: `there is no node ${nodeName}` }],
      notes: [],
    };
  }
  // Harvester upgrades a single node with its single-node-upgrade Job and never drains it (explain-drain's rule).
  if (itemsOf(snapshot, 'nodes').length <= 1) {
    return {
      actions: [],
      refusals: [],
      notes: [
        `a single-node upgrade drains nothing (Harvester runs its single-node-upgrade Job instead): no budget holds ${nodeName}`,
      ],
    };
  }
  const plan = planBlocked(snapshot, blocked, undefined, options);
  if (plan.actions.length > 0 || plan.refusals.length > 0) return plan;
  return { ...plan, notes: [`no PodDisruptionBudget holds a pod on ${nodeName}`, ...plan.notes] };
};

const planBudget = (
  snapshot: ClusterSnapshot,
  namespace: string,
  name: string,
  options: FixOptions,
  blocked: readonly BlockedPod[],
): FixPlan => {
  const pdb = (drainIndex(snapshot).budgetsByNamespace.get(namespace) ?? []).find((budget) => nameOf(budget) === name);
  if (!pdb) {
    return {
      actions: [],
      refusals: [
        {
          object: { kind: 'PodDisruptionBudget', namespace, name },
          reason: `there is no PodDisruptionBudget ${namespace}/${name}`,
        },
      ],
      notes: [],
    };
  }
  const plan = planBlocked(snapshot, blocked, pdb, options);
  if (plan.actions.length > 0 || plan.refusals.length > 0) return plan;
  return {
    ...plan,
    notes: [
      `${budgetName(pdb)} holds no pod a drain wants to evict (${plural(pdb.status?.disruptionsAllowed ?? 0, 'disruption')} allowed) and shares none with another budget: nothing to change`,
      ...plan.notes,
    ],
  };
};

/**
 * What `fix-pdb` would change to unblock a node's drain or one budget, from explain-drain's analysis of the same
 * snapshot (Harvester's drain options), which the caller passes in as `blocked`: the pods of the target that the
 * drain cannot evict, with their reasons (drain/blocked-pods.ts). The root cause first (KubeVirt's infra placement,
 * harvester-domain §4.4), then user budgets relaxed (or deleted when they duplicate another budget on a pod), and
 * operator-managed budgets deleted only with `overrideOperatorBudgets`. KubeVirt's per-VMI budgets are never
 * touched, and an instance-manager budget never while its node holds the last healthy replica of an attached volume
 * (§4.5, §4.7). Pure: it reads the snapshot and changes nothing.
 */
export const planFix = (
  snapshot: ClusterSnapshot,
  target: FixTarget,
  options: FixOptions,
  blocked: readonly BlockedPod[],
): FixPlan =>
  'node' in target
    ? planNode(snapshot, target.node, options, blocked)
    : planBudget(snapshot, target.namespace, target.name, options, blocked);
