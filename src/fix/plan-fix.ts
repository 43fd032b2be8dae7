import { nameOf, namespacedKey, namespaceOf, refOf, type KubeObject } from '../model/kube-object.js';
import { KUBEVIRT_NAMESPACE } from '../model/kubevirt.js';
import { volumePvc } from '../model/longhorn.js';
import type { Node } from '../model/node.js';
import { controllerOf, type Pod, type PodDisruptionBudget } from '../model/pod.js';
import { isAvailable, itemsOf, type ClusterSnapshot } from '../model/snapshot.js';
import { kubeVirtVersion, PLACEMENT_PATCH } from '../checks/kubevirt-control-plane-placement.js';
import {
  budgetOperator,
  helmReleaseOf,
  isLonghornInstanceManagerPdb,
  type BudgetOperator,
} from '../facts/budget-owner.js';
import { budgetName, listed, nonEmpty } from '../drain/drain-facts.js';
import { plural } from '../model/text.js';
import { budgetsSelecting, drainIndex, podsOnNode, podsSelectedBy } from '../drain/drain-index.js';
import { HARVESTER_DRAIN_OPTIONS, type DrainReason } from '../drain/drain-types.js';
import { DRAIN_FILTERS, explainPods } from '../drain/explain-pods.js';
import { lastHealthyReplicas } from '../drain/instance-manager-budget.js';
import type { FixAction, FixOptions, FixPlan, FixRefusal, FixTarget } from './fix-types.js';
import { relaxBudget } from './relax-budget.js';
import { ownershipOf } from './backup.js';
import { sh } from '../model/shell.js';

const OVERRIDE_FLAG = '--override-operator-budgets';
const TRAP_FILTER = 'kubevirt-placement-trap';
const NODE_LABEL = 'longhorn.io/node';

/** A pod the drain cannot evict, where it runs, and every reason explain-drain gives for it. */
interface Blocked {
  readonly pod: Pod;
  readonly node: string;
  readonly reasons: readonly DrainReason[];
}

/** How one budget takes part in the blocks: pods it holds alone, pods it shares with other budgets. */
interface Involvement {
  readonly held: Pod[];
  readonly shared: { readonly pod: Pod; readonly budgets: readonly PodDisruptionBudget[] }[];
  /** The blocking reasons that name it. */
  readonly reasons: DrainReason[];
  readonly nodes: Set<string>;
}

const blocks = (reason: DrainReason): boolean => reason.verdict === 'block';

const podsText = (pods: readonly Pod[]): string => listed([...new Set(pods.map(nameOf))]);

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

/** Everything the blocks amount to, for every budget involved, or only for `target` when one is named. */
const planBlocked = (
  snapshot: ClusterSnapshot,
  blocked: readonly Blocked[],
  target: PodDisruptionBudget | undefined,
  options: FixOptions,
): FixPlan => {
  const inScope = (pdb: PodDisruptionBudget): boolean => target === undefined || pdb === target;
  const involvements = new Map<PodDisruptionBudget, Involvement>();
  const involvement = (pdb: PodDisruptionBudget): Involvement => {
    const found = involvements.get(pdb);
    if (found) return found;
    const created: Involvement = { held: [], shared: [], reasons: [], nodes: new Set() };
    involvements.set(pdb, created);
    return created;
  };
  const notes: string[] = [];
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

  // The root cause first: KubeVirt's placement keeps virt-api and virt-controller from leaving the node.
  const rootCauses: FixAction[] = [];
  const trapped = new Map<string, Blocked[]>();
  for (const entry of blocked) {
    for (const reason of entry.reasons) {
      if (reason.filter !== TRAP_FILTER || !blocks(reason) || reason.pdb === undefined) continue;
      if (target !== undefined && reason.pdb !== budgetName(target)) continue;
      trapped.set(reason.pdb, [...(trapped.get(reason.pdb) ?? []), entry]);
    }
  }
  const kubevirt = drainIndex(snapshot).kubevirt;
  if (kubevirt && trapped.size > 0) {
    const version = kubeVirtVersion(kubevirt);
    const release = version ? `KubeVirt ${version.text}` : 'KubeVirt of unknown version (taken as 1.3 or later)';
    const nodes = listed([...new Set([...trapped.values()].flat().map((entry) => entry.node))].sort());
    const budgets = [...trapped.keys()].sort().join(' and ');
    rootCauses.push({
      kind: 'merge-patch',
      resource: 'kubevirts',
      object: refOf('KubeVirt', kubevirt),
      patch: { spec: { infra: { nodePlacement: {} } } },
      change: 'spec.infra.nodePlacement: unset → {} (virt-api and virt-controller may run on any node)',
      reason: `${release} without spec.infra.nodePlacement keeps virt-api and virt-controller on control-plane nodes and draining ${nodes} leaves no other schedulable one, so their replacements stay Pending and ${budgets} cannot let the drain go; with an empty nodePlacement the replacements start on any node and the budgets allow the evictions again`,
      ...resourceVersion(kubevirt),
    });
    notes.push(
      `KubeVirt ${KUBEVIRT_NAMESPACE}/${nameOf(kubevirt)} belongs to the harvester ManagedChart (Helm release harvester, Fleet bundle mcc-harvester): Harvester v1.4.2 and later charts carry the same empty nodePlacement (harvester/harvester#7725), earlier ones may revert the patch when the chart is applied again; by hand: ${PLACEMENT_PATCH}`,
    );
  }

  const userActions: FixAction[] = [];
  const operatorActions: FixAction[] = [];
  const refusals: FixRefusal[] = [];
  for (const [pdb, entry] of [...involvements].sort(([a], [b]) => byName(a, b))) {
    const name = budgetName(pdb);
    const object = refOf('PodDisruptionBudget', pdb);
    const operator = budgetOperator(pdb);
    const allowed = pdb.status?.disruptionsAllowed ?? 0;
    const refuse = (reason: string, remedy?: string): void => {
      refusals.push({ object, reason, ...(remedy ? { remedy } : {}) });
    };

    if (operator === undefined) {
      // A user budget next to an operator's on one pod is the duplicate to go (harvester-domain §4.1, §4.7).
      const duplicates = entry.shared.filter(
        (shared) => pdb === target || shared.budgets.some((other) => budgetOperator(other) !== undefined),
      );
      const others = (shares: typeof entry.shared): string =>
        listed([
          ...new Set(shares.flatMap((shared) => shared.budgets.filter((other) => other !== pdb).map(budgetName))),
        ]);
      if (duplicates.length > 0) {
        const pods = duplicates.map((shared) => shared.pod);
        userActions.push({
          kind: 'delete',
          resource: 'podDisruptionBudgets',
          object,
          change: `deletes user budget ${name} (restored from the backup with --restore)`,
          reason: `${podsText(pods)} ${pods.length === 1 ? 'is' : 'are'} also under ${others(duplicates)}, and the eviction API answers 500 for a pod under more than one budget; deleting this user budget leaves ${others(duplicates)} in charge`,
          ...resourceVersion(pdb),
        });
      } else if (entry.shared.length > 0) {
        refuse(
          `${podsText(entry.shared.map((shared) => shared.pod))} ${entry.shared.length === 1 ? 'is' : 'are'} also under user budget ${others(entry.shared)}, and the eviction API answers 500 for a pod under more than one budget; fix-pdb does not pick which user budget to keep`,
          `keep one: plan the removal of the other with ${sh`kubectl harvester-upgrade fix-pdb -n ${namespaceOf(pdb)}`} <name>, or narrow a selector`,
        );
      } else {
        const relaxation = relaxBudget(pdb, entry.held, snapshot);
        if (relaxation.kind === 'refuse') refuse(relaxation.reason, relaxation.remedy);
        else {
          userActions.push({
            kind: 'merge-patch',
            resource: 'podDisruptionBudgets',
            object,
            patch: relaxation.patch,
            change: relaxation.change,
            reason: `it holds ${podsText(entry.held)}: ${relaxation.reason}`,
            ...resourceVersion(pdb),
          });
          const release = helmReleaseOf(pdb);
          if (release) {
            // Helm's three-way merge on the next upgrade of the release writes the chart's spec again.
            notes.push(
              `${name} belongs to Helm release ${release.namespace ? `${release.namespace}/` : ''}${release.name}: the next upgrade of that release puts the chart's spec back; to keep a relaxed budget, change the chart's values`,
            );
          }
        }
      }
      continue;
    }

    // An operator's budget matters when it holds a pod itself, or would still hold one once user duplicates go.
    const alone =
      entry.held.length > 0 ||
      (entry.shared.length > 0 &&
        (allowed === 0 ||
          entry.shared.some((shared) => shared.budgets.every((other) => budgetOperator(other) !== undefined))));
    if (!alone) continue;
    const pods = [...entry.held, ...entry.shared.map((shared) => shared.pod)];

    if (operator === 'virt-controller') {
      const vmi = controllerOf(pdb)?.name;
      const vm = vmi ? ` ${namespaceOf(pdb)}/${vmi}` : '';
      refuse(
        `virt-controller owns it${vmi ? ` through VMI ${vmi}` : ''} and recreates it while the VM needs eviction protection, and KubeVirt's eviction webhook holds ${podsText(pods)} regardless: fix-pdb never changes it`,
        `migrate or stop the VM${vm}${vmi ? ` (${sh`virtctl migrate ${vmi} -n ${namespaceOf(pdb)}`})` : ''}`,
      );
      continue;
    }

    if (operator === 'longhorn-manager' && isLonghornInstanceManagerPdb(pdb)) {
      const selected = pdb.spec?.selector?.matchLabels?.[NODE_LABEL];
      const nodes = [...new Set([...entry.nodes, ...(selected ? [selected] : [])])].sort();
      if (!isAvailable(snapshot, 'longhornReplicas')) {
        refuse(
          `Longhorn replicas were not read, so fix-pdb cannot rule out that ${listed(nodes)} holds the last healthy replica of an attached volume, and deleting this instance-manager budget then loses data`,
          'read access to replicas.longhorn.io (and volumes.longhorn.io) lets fix-pdb check; plan again with it',
        );
        continue;
      }
      const lost = nodes.flatMap((node) => lastHealthyReplicas(snapshot, node).map((volume) => ({ node, volume })));
      if (lost.length > 0) {
        const volumes = listed(lost.map(({ volume }) => volumeText(snapshot, volume)));
        const holders = listed([...new Set(lost.map(({ node }) => node))]);
        refuse(
          `${holders} holds the last healthy replica of attached ${lost.length === 1 ? 'volume' : 'volumes'} ${volumes}: deleting the budget lets the drain stop it and the ${lost.length === 1 ? 'volume is' : 'volumes are'} left without healthy data (data loss), so fix-pdb refuses even with ${OVERRIDE_FLAG}`,
          `let Longhorn rebuild a healthy replica of ${volumes} on another node, or stop the workloads using ${lost.length === 1 ? 'it' : 'them'}, then plan again`,
        );
        continue;
      }
    }

    const freedByPatch = operator === 'virt-operator' && trapped.has(name) && rootCauses.length > 0;
    if (!options.overrideOperatorBudgets && freedByPatch) {
      // Not a refusal: the planned KubeVirt patch is what makes this budget let go, with no deletion at all.
      notes.push(
        `${name} (virt-operator's) lets the drain go once the KubeVirt patch lets its Pending replicas start on another node and become Ready; delete it at once instead with ${OVERRIDE_FLAG} (virt-operator recreates it)`,
      );
      continue;
    }
    if (!options.overrideOperatorBudgets) {
      refuse(
        `${operator} manages it and recreates it when deleted; fix-pdb deletes operator-managed budgets only with ${OVERRIDE_FLAG}`,
        `root cause: ${rootCause(pdb, operator, entry, trapped.has(name) && rootCauses.length > 0)}; or delete it anyway with ${OVERRIDE_FLAG} (${operator} recreates it)`,
      );
      continue;
    }
    operatorActions.push({
      kind: 'delete',
      resource: 'podDisruptionBudgets',
      object,
      change: `deletes ${name} (${operator} recreates it)`,
      reason: `it holds ${podsText(pods)} (${plural(allowed, 'disruption')} allowed); without it the drain evicts ${pods.length === 1 ? 'the pod' : 'them'} until ${operator} recreates it`,
      ...resourceVersion(pdb),
    });
    notes.push(
      `${operator} recreates ${name} after the deletion, so it lets the drain through only until then; root cause: ${rootCause(pdb, operator, entry, trapped.has(name) && rootCauses.length > 0)}`,
    );
  }

  return {
    actions: [...rootCauses, ...userActions, ...operatorActions],
    refusals: refusals.sort((a, b) =>
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

const planNode = (snapshot: ClusterSnapshot, nodeName: string, options: FixOptions): FixPlan => {
  const index = drainIndex(snapshot);
  const node = index.nodeByName.get(nodeName);
  if (!node) {
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
  const pods = new Map(
    podsOnNode(snapshot, nodeName).map((pod) => [namespacedKey(namespaceOf(pod), nameOf(pod)), pod]),
  );
  const blocked = explainPods({ snapshot, node, options: HARVESTER_DRAIN_OPTIONS }).flatMap((verdict): Blocked[] => {
    const pod = pods.get(namespacedKey(verdict.namespace, verdict.name));
    return pod && verdict.verdict === 'block' ? [{ pod, node: nodeName, reasons: verdict.reasons }] : [];
  });
  const plan = planBlocked(snapshot, blocked, undefined, options);
  if (plan.actions.length > 0 || plan.refusals.length > 0) return plan;
  return { ...plan, notes: [`no PodDisruptionBudget holds a pod on ${nodeName}`, ...plan.notes] };
};

const planBudget = (snapshot: ClusterSnapshot, namespace: string, name: string, options: FixOptions): FixPlan => {
  const index = drainIndex(snapshot);
  const pdb = (index.budgetsByNamespace.get(namespace) ?? []).find((budget) => nameOf(budget) === name);
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
  // Each selected pod as the drain of its own node sees it.
  const blocked = podsSelectedBy(pdb, snapshot)
    .flatMap((pod): Blocked[] => {
      const nodeName = nonEmpty(pod.spec?.nodeName);
      if (nodeName === undefined) return [];
      const node: Node = index.nodeByName.get(nodeName) ?? {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: nodeName },
      };
      const context = { snapshot, node, options: HARVESTER_DRAIN_OPTIONS };
      const reasons = DRAIN_FILTERS.flatMap((filter) => filter(pod, context));
      return reasons.some(blocks) ? [{ pod, node: nodeName, reasons }] : [];
    })
    .sort((a, b) => nameOf(a.pod).localeCompare(nameOf(b.pod)));
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
 * snapshot (Harvester's drain options): the root cause first (KubeVirt's infra placement, harvester-domain §4.4),
 * then user budgets relaxed (or deleted when they duplicate another budget on a pod), and operator-managed budgets
 * deleted only with `overrideOperatorBudgets`. KubeVirt's per-VMI budgets are never touched, and an instance-manager
 * budget never while its node holds the last healthy replica of an attached volume (§4.5, §4.7). Pure: it reads
 * the snapshot and changes nothing.
 */
export const planFix = (snapshot: ClusterSnapshot, target: FixTarget, options: FixOptions): FixPlan =>
  'node' in target
    ? planNode(snapshot, target.node, options)
    : planBudget(snapshot, target.namespace, target.name, options);
