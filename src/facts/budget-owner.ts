import { annotationOf, labelOf, nameOf, namespaceOf, type KubeObject } from '../model/kube-object.js';
import { LONGHORN_NAMESPACE } from '../model/longhorn.js';
import { controllerOf, type PodDisruptionBudget } from '../model/pod.js';

/**
 * Who owns a PodDisruptionBudget: the one place that reads the markers upstream writes. fix-pdb's plan, the
 * explain-drain reasons and the precheck remedies all ask here, so an operator's budget gets an operator's advice
 * everywhere. Every fact below was read in the upstream source at the tags named; the supported range is Harvester
 * v1.0 to v1.9: KubeVirt v0.49 to v1.8, Longhorn v1.2 to v1.12, Rancher v2.6 to v2.14.
 */

/**
 * The three operators that recreate their budgets when deleted (and put a changed spec back). A budget without one
 * is a user's, whether kubectl, a Helm chart or Fleet put it there.
 */
export type BudgetOperator = 'virt-operator' | 'longhorn-manager' | 'virt-controller';

/**
 * virt-operator writes `app.kubernetes.io/managed-by: virt-operator` on everything it installs, virt-api-pdb and
 * virt-controller-pdb included (kubevirt/kubevirt: pkg/virt-operator/resource/apply/reconcile.go
 * injectOperatorMetadata, called by apps.go syncPodDisruptionBudgetForDeployment; the same at v0.49.0 and v1.8.4).
 * Up to v0.48 the value was `kubevirt-operator`; v0.49.0 (Harvester v1.0's KubeVirt) switched to `virt-operator`
 * and keeps the old one as ManagedByLabelOperatorOldValue, which its IsManagedByOperator still accepts
 * (staging/src/kubevirt.io/api/core/v1/types.go, pkg/virt-operator/util/types.go; unchanged at v1.8.4). Its
 * reconcile merges the labels back and patches the whole spec whenever the budget's generation moved, so a
 * relaxed spec is reverted and a deleted budget recreated.
 */
const MANAGED_BY = 'app.kubernetes.io/managed-by';
export const VIRT_OPERATOR_VALUES: readonly string[] = ['virt-operator', 'kubevirt-operator'];

export const isVirtOperatorPdb = (pdb: PodDisruptionBudget): boolean =>
  VIRT_OPERATOR_VALUES.includes(labelOf(pdb, MANAGED_BY) ?? '');

/**
 * virt-controller gives each VMI that needs eviction protection a budget with generateName
 * `kubevirt-disruption-budget-`, the VMI as controller owner and the selector `kubevirt.io/created-by: <vmi uid>`,
 * and no labels (kubevirt/kubevirt: pkg/virt-controller/watch/drain/disruptionbudget/disruptionbudget.go createPDB,
 * v0.49.0 to v1.5.x); from v1.6.0 it creates none and only deletes those a VMI owns. The migration controller of
 * v0.44 to v0.48 made a second one per migration, `kubevirt-migration-pdb-<migration>`, VMI-owned and labelled
 * `kubevirt.io/migrationName` (pkg/virt-controller/watch/migration.go at v0.44.0); later releases recognise
 * leftovers of it (pkg/util/pdbs/pdbs.go IsPDBFromOldMigrationController) and Harvester's pre-drain waits for them
 * to go. Both go away with the VMI's migration, and deleting them is pointless: virt-controller recreates them.
 */
export const isKubeVirtVmiPdb = (pdb: PodDisruptionBudget): boolean =>
  controllerOf(pdb)?.kind === 'VirtualMachineInstance' ||
  nameOf(pdb).startsWith('kubevirt-disruption-budget-') ||
  (nameOf(pdb).startsWith('kubevirt-migration-pdb-') && labelOf(pdb, 'kubevirt.io/migrationName') !== undefined);

/**
 * longhorn-manager gives each instance manager a budget named after it (types/types.go GetPDBNameFromIMName:
 * `instance-manager-<hash>` for the all-in-one managers of v1.5 and later, `instance-manager-e-…`/`-r-…` before)
 * with minAvailable 1 over its single pod, so it always allows 0 disruptions, and deletes it itself once the node
 * is cordoned and no volume depends on it (controller/instance_manager_controller.go
 * generateInstanceManagerPDBManifest, syncInstanceManagerPDB; the same at v1.2.6, v1.5.5, v1.9.2 and v1.12.1). The
 * budget carries no labels and no owner reference: only its selector, types.GetInstanceManagerLabels, says whose
 * it is (`longhorn.io/component: instance-manager`, `longhorn.io/managed-by: longhorn-manager`, the type, node and
 * image, and `longhorn.io/data-engine` for v2).
 */
export const isLonghornInstanceManagerPdb = (pdb: PodDisruptionBudget): boolean =>
  pdb.spec?.selector?.matchLabels?.['longhorn.io/component'] === 'instance-manager';

/**
 * From v1.4.3 longhorn-manager also keeps `csi-attacher` and `csi-provisioner` budgets in its namespace while any
 * volume is attached, minAvailable 1 over the Deployment's selector `app: <name>`, without labels or owner, and
 * recreates them when deleted (controller/kubernetes_pdb_controller.go, types/deploy.go; v1.4.3 to v1.12.1).
 */
const LONGHORN_CSI_BUDGETS: ReadonlySet<string> = new Set(['csi-attacher', 'csi-provisioner']);

export const isLonghornCsiPdb = (pdb: PodDisruptionBudget): boolean =>
  namespaceOf(pdb) === LONGHORN_NAMESPACE &&
  LONGHORN_CSI_BUDGETS.has(nameOf(pdb)) &&
  pdb.spec?.selector?.matchLabels?.app === nameOf(pdb);

/** Who recreates the budget if it is deleted, or undefined for a user's own (a chart's included, see helmReleaseOf). */
export const budgetOperator = (pdb: PodDisruptionBudget): BudgetOperator | undefined => {
  if (isKubeVirtVmiPdb(pdb)) return 'virt-controller';
  if (isLonghornInstanceManagerPdb(pdb) || isLonghornCsiPdb(pdb)) return 'longhorn-manager';
  if (isVirtOperatorPdb(pdb)) return 'virt-operator';
  return undefined;
};

/** A Helm release, as Helm marks what it installs. */
export interface HelmRelease {
  readonly name: string;
  readonly namespace?: string;
}

/**
 * Helm 3 writes `app.kubernetes.io/managed-by: Helm` and the annotations `meta.helm.sh/release-name` and
 * `meta.helm.sh/release-namespace` on every object of a release (helm/helm: pkg/action/validate.go
 * setMetadataVisitor). Fleet deploys its bundles through Helm, so a Harvester ManagedChart's objects (release
 * `harvester` of bundle `mcc-harvester`) carry the same, as do the charts Rancher installs (its own `rancher`
 * budget, opt-in from the chart's podDisruptionBudget.enabled, also has `heritage: Helm`; rancher/rancher:
 * chart/templates/podDisruptionBudget.yaml). Nothing reconciles a chart's object between two applies of the chart,
 * so its budget is relaxed like a user's; the next upgrade of the release puts the chart's spec back.
 */
export const helmReleaseOf = (object: KubeObject): HelmRelease | undefined => {
  const name = annotationOf(object, 'meta.helm.sh/release-name');
  if (name === undefined || name === '') return undefined;
  const namespace = annotationOf(object, 'meta.helm.sh/release-namespace');
  return namespace === undefined || namespace === '' ? { name } : { name, namespace };
};
