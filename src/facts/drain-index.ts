import { nameOf, namespacedKey, namespaceOf } from '../model/kube-object.js';
import {
  KUBEVIRT_NAME,
  KUBEVIRT_NAMESPACE,
  type KubeVirt,
  type VirtualMachineInstance,
  type VirtualMachineInstanceMigration,
} from '../model/kubevirt.js';
import { selectorMatches } from '../model/label-selector.js';
import type { Node } from '../model/node.js';
import type { Pod, PodDisruptionBudget } from '../model/pod.js';
import { itemsOf, type ClusterSnapshot, perSnapshot } from '../model/snapshot.js';
import { nonEmpty } from './drain-wording.js';

/**
 * The lookups the drain filters share, built once per snapshot so that explaining a node costs a few map reads per
 * pod: budgets by namespace, pods by node and namespace, VMIs by name and UID, VMIMs by VMI.
 */
export interface DrainIndex {
  readonly budgetsByNamespace: ReadonlyMap<string, readonly PodDisruptionBudget[]>;
  /**
   * Budgets by `labelKey(namespace, key, value)` of the first pair of their `matchLabels`: only pods with that label
   * can match them. Budgets without `matchLabels` are in `budgetsWithoutLabels`, by namespace.
   */
  readonly budgetsByLabel: ReadonlyMap<string, readonly PodDisruptionBudget[]>;
  readonly budgetsWithoutLabels: ReadonlyMap<string, readonly PodDisruptionBudget[]>;
  readonly podsByNamespace: ReadonlyMap<string, readonly Pod[]>;
  /** Pods by `labelKey(namespace, key, value)` of each of their labels. */
  readonly podsByLabel: ReadonlyMap<string, readonly Pod[]>;
  readonly podsByNode: ReadonlyMap<string, readonly Pod[]>;
  readonly nodeByName: ReadonlyMap<string, Node>;
  /** By `namespace/name`. */
  readonly vmiByName: ReadonlyMap<string, VirtualMachineInstance>;
  readonly vmiByUid: ReadonlyMap<string, VirtualMachineInstance>;
  /** By `namespace/<vmi name>`. */
  readonly vmimsByVmi: ReadonlyMap<string, readonly VirtualMachineInstanceMigration[]>;
  /** harvester-system/kubevirt. */
  readonly kubevirt: KubeVirt | undefined;
  /** Filled on first use. */
  readonly budgetsByPod: WeakMap<Pod, readonly PodDisruptionBudget[]>;
  readonly podsByBudget: WeakMap<PodDisruptionBudget, readonly Pod[]>;
}

/** NUL cannot occur in a namespace or a label, so the three parts cannot run into each other. */
const labelKey = (namespace: string, label: string, value: string): string => `${namespace}\0${label}\0${value}`;

const firstMatchLabel = (pdb: PodDisruptionBudget): string | undefined => {
  const [first] = Object.entries(pdb.spec?.selector?.matchLabels ?? {});
  return first ? labelKey(namespaceOf(pdb), first[0], first[1]) : undefined;
};

const groupBy = <T>(items: readonly T[], keyOf: (item: T) => string | undefined): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = keyOf(item);
    if (group === undefined) continue;
    const list = groups.get(group) ?? [];
    list.push(item);
    groups.set(group, list);
  }
  return groups;
};

/** A VMIM names its VMI in `spec.vmiName`, and KubeVirt labels it `kubevirt.io/vmi-name` (MigrationSelectorLabel). */
const migrationVmi = (migration: VirtualMachineInstanceMigration): string | undefined =>
  migration.spec?.vmiName ?? migration.metadata?.labels?.['kubevirt.io/vmi-name'];

export const drainIndex = perSnapshot((snapshot): DrainIndex => {
  const pods = itemsOf(snapshot, 'pods');
  const vmis = itemsOf(snapshot, 'vmis');
  // By name, so that messages do not depend on the order a bundle or the server listed them in.
  const budgets = [...itemsOf(snapshot, 'podDisruptionBudgets')].sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
  const podsByLabel = new Map<string, Pod[]>();
  for (const pod of pods) {
    for (const [label, value] of Object.entries(pod.metadata?.labels ?? {})) {
      const group = labelKey(namespaceOf(pod), label, value);
      const list = podsByLabel.get(group) ?? [];
      list.push(pod);
      podsByLabel.set(group, list);
    }
  }
  const index: DrainIndex = {
    budgetsByNamespace: groupBy(budgets, namespaceOf),
    budgetsByLabel: groupBy(budgets, firstMatchLabel),
    budgetsWithoutLabels: groupBy(budgets, (pdb) =>
      firstMatchLabel(pdb) === undefined ? namespaceOf(pdb) : undefined,
    ),
    podsByNamespace: groupBy(pods, namespaceOf),
    podsByLabel,
    podsByNode: groupBy(pods, (pod) => nonEmpty(pod.spec?.nodeName)),
    nodeByName: new Map(itemsOf(snapshot, 'nodes').map((node) => [nameOf(node), node])),
    vmiByName: new Map(vmis.map((vmi) => [namespacedKey(namespaceOf(vmi), nameOf(vmi)), vmi])),
    vmiByUid: new Map(vmis.flatMap((vmi) => (vmi.metadata?.uid ? [[vmi.metadata.uid, vmi] as const] : []))),
    vmimsByVmi: groupBy(itemsOf(snapshot, 'vmims'), (migration) => {
      const vmi = migrationVmi(migration);
      return vmi ? namespacedKey(namespaceOf(migration), vmi) : undefined;
    }),
    kubevirt: itemsOf(snapshot, 'kubevirts').find(
      (kubevirt) => namespaceOf(kubevirt) === KUBEVIRT_NAMESPACE && nameOf(kubevirt) === KUBEVIRT_NAME,
    ),
    budgetsByPod: new WeakMap(),
    podsByBudget: new WeakMap(),
  };
  return index;
});

/**
 * The budgets the eviction API weighs for the pod: those of its namespace whose selector matches its labels
 * (kubernetes/kubernetes: pkg/registry/core/pod/storage/eviction.go getPodDisruptionBudgets). An empty selector
 * matches every pod there since Kubernetes 1.28.x/1.29 (kubernetes/kubernetes#119732), as selectorMatches has it.
 */
export const budgetsSelecting = (pod: Pod, snapshot: ClusterSnapshot): readonly PodDisruptionBudget[] => {
  const index = drainIndex(snapshot);
  const cached = index.budgetsByPod.get(pod);
  if (cached) return cached;
  const namespace = namespaceOf(pod);
  const labels = pod.metadata?.labels;
  // Each budget sits under one label pair, so the candidates hold none twice.
  const candidates = [
    ...(index.budgetsWithoutLabels.get(namespace) ?? []),
    ...Object.entries(labels ?? {}).flatMap(
      ([label, value]) => index.budgetsByLabel.get(labelKey(namespace, label, value)) ?? [],
    ),
  ];
  const budgets = candidates
    .filter((pdb) => selectorMatches(pdb.spec?.selector, labels))
    .sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
  index.budgetsByPod.set(pod, budgets);
  return budgets;
};

/** Every pod of the budget's namespace that its selector matches, wherever it runs or waits. */
export const podsSelectedBy = (pdb: PodDisruptionBudget, snapshot: ClusterSnapshot): readonly Pod[] => {
  const index = drainIndex(snapshot);
  const cached = index.podsByBudget.get(pdb);
  if (cached) return cached;
  const labelled = firstMatchLabel(pdb);
  const candidates =
    labelled === undefined ? index.podsByNamespace.get(namespaceOf(pdb)) : index.podsByLabel.get(labelled);
  const pods = (candidates ?? []).filter((pod) => selectorMatches(pdb.spec?.selector, pod.metadata?.labels));
  index.podsByBudget.set(pdb, pods);
  return pods;
};

export const podsOnNode = (snapshot: ClusterSnapshot, node: string): readonly Pod[] =>
  drainIndex(snapshot).podsByNode.get(node) ?? [];
