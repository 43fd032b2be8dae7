import { kubevirtNotSettled } from '../checks/kubevirt-not-settled.js';
import { longhornManagerNotReady } from '../checks/longhorn-manager-not-ready.js';
import { managedChartNotReady as managedChartCheck } from '../checks/managed-chart-not-ready.js';
import { sucPlanStuckFindings, stuckNodes, SUC_PLAN_STUCK_CHECK } from '../facts/suc-plan-stuck.js';
import { upgradeRepoNotReady } from '../checks/upgrade-repo-not-ready.js';
import { isPodReady } from '../facts/eviction-semantics.js';
import { pendingReleases, helmReleasePendingFindings } from '../facts/helm-release.js';
import { describeUnsettled, kubeVirtUnsettled } from '../facts/kubevirt-settled.js';
import { harvesterKubeVirt } from '../facts/kubevirt-placement.js';
import { describeManagedChartNotReady, managedChartNotReady } from '../facts/managed-chart.js';
import { repoName, repoObject, UPGRADE_NAMESPACE } from '../facts/upgrade-repo.js';
import type { Finding } from '../model/finding.js';
import type { Upgrade } from '../model/harvester.js';
import { labelOf, nameOf, namespaceOf, refOf, type ObjectRef } from '../model/kube-object.js';
import { KUBEVIRT_NAMESPACE } from '../model/kubevirt.js';
import { sucPlanHashLabel } from '../model/pod.js';
import { itemsOf, type ClusterSnapshot } from '../model/snapshot.js';
import { parseVersion } from '../model/version.js';
import { SUC_NAMESPACE } from './status-evidence.js';

/** A wait before the stall rule is applied: the object and field, the sentence, the check that shares its logic. */
export interface Wait {
  readonly object: ObjectRef;
  readonly field: string;
  readonly text: string;
  readonly check?: string;
  readonly remedy?: string;
}

/** The remedy of the check's finding about this object, so `status` and `precheck` say the same. */
const remedyOf = (findings: readonly Finding[], object: ObjectRef): string | undefined =>
  findings.find(
    (finding) =>
      finding.object.kind === object.kind &&
      finding.object.name === object.name &&
      (finding.object.namespace ?? '') === (object.namespace ?? ''),
  )?.remedy ?? findings[0]?.remedy;

const withRemedy = (wait: Omit<Wait, 'remedy'>, findings: readonly Finding[]): Wait => {
  const remedy = remedyOf(findings, wait.object);
  return remedy ? { ...wait, remedy } : wait;
};

/** Every upgrade job first waits for the repository (package/upgrade/lib.sh wait_repo), with no timeout. */
export const repoWait = (snapshot: ClusterSnapshot, upgrade: Upgrade, who: string): Wait | undefined => {
  const repo = repoObject(snapshot, upgrade);
  const name = repoName(upgrade);
  if (!repo) {
    return {
      object: { kind: 'Deployment', namespace: UPGRADE_NAMESPACE, name },
      field: 'metadata.name',
      text: `${who} is waiting for the upgrade repository ${UPGRADE_NAMESPACE}/${name} (a Deployment from v1.7.0, a VirtualMachine before) to exist`,
      check: upgradeRepoNotReady.id,
    };
  }
  if (repo.ready) return undefined;
  const field = repo.kind === 'Deployment' ? 'status.conditions[Available]' : 'status.printableStatus';
  const wanted = repo.kind === 'Deployment' ? 'Available' : 'Running';
  return withRemedy(
    {
      object: refOf(repo.kind, repo.object),
      field,
      text: `${who} is waiting for ${repo.kind} ${UPGRADE_NAMESPACE}/${name} to be ${wanted}: ${repo.state}`,
      check: upgradeRepoNotReady.id,
    },
    upgradeRepoNotReady.run(snapshot),
  );
};

/**
 * Image preload: the SUC Plan `<upgrade>-prepare` runs a Job per node, and the controller waits until every
 * managed node carries the Plan's latest hash (pkg/controller/master/upgrade/plan_controller.go), with no timeout.
 */
export const preloadWait = (snapshot: ClusterSnapshot, upgrade: Upgrade): Wait => {
  const name = `${nameOf(upgrade)}-prepare`;
  const plan = itemsOf(snapshot, 'sucPlans').find((p) => nameOf(p) === name && namespaceOf(p) === SUC_NAMESPACE);
  const object = { kind: 'Plan', namespace: SUC_NAMESPACE, name };
  if (!plan)
    return {
      object,
      field: 'metadata.name',
      text: `image preload is waiting for Plan ${SUC_NAMESPACE}/${name} to exist`,
    };
  const stuck = stuckNodes(snapshot, plan);
  if (stuck.length > 0) {
    const nodes = stuck
      .map(({ node, failed }) =>
        failed.length > 0 ? `${node} (its Job ${failed.join(', ')} failed)` : `${node} (its last Job is gone)`,
      )
      .join(', ');
    return withRemedy(
      {
        object,
        field: 'status.applying',
        text: `image preload is waiting for Plan ${SUC_NAMESPACE}/${name} to finish on ${nodes}: the Plan lists the node in status.applying and no Job of it runs there, so system-upgrade-controller never creates it again`,
        check: SUC_PLAN_STUCK_CHECK,
      },
      sucPlanStuckFindings(snapshot),
    );
  }
  const latest = plan.status?.latestHash;
  const behind = itemsOf(snapshot, 'nodes')
    .filter(
      (node) => labelOf(node, 'harvesterhci.io/managed') === 'true' && labelOf(node, sucPlanHashLabel(name)) !== latest,
    )
    .map(nameOf)
    .sort();
  return {
    object,
    field: `node label ${sucPlanHashLabel(name)}`,
    text: `image preload is waiting for Plan ${SUC_NAMESPACE}/${name} to complete on ${behind.length > 0 ? behind.join(', ') : 'every node'} (node label ${sucPlanHashLabel(name)} = ${latest ?? 'its latest hash'})`,
  };
};

const helmWait = (snapshot: ClusterSnapshot, upgrade: Upgrade): Wait | undefined => {
  const [pending] = pendingReleases(snapshot);
  if (!pending) return undefined;
  const { release, latest, lastDeployed } = pending;
  const seconds = labelOf(latest.secret, 'modifiedAt') ?? labelOf(latest.secret, 'createdAt');
  const since =
    seconds && /^\d{1,11}$/.test(seconds)
      ? `, since ${new Date(Number(seconds) * 1000).toISOString().replace('.000Z', 'Z')}`
      : '';
  const deployed = lastDeployed === undefined ? 'no deployed revision' : `last deployed ${String(lastDeployed)}`;
  const target = parseVersion(upgrade.spec?.version);
  return withRemedy(
    {
      object: { kind: 'Secret', namespace: release.namespace, name: nameOf(latest.secret) },
      field: 'metadata.labels[status]',
      text: `apply-manifests is waiting for the Helm release ${release.namespace}/${release.name} to leave ${latest.status ?? 'pending'} (revision ${String(latest.revision)}${since}; ${deployed})`,
      check: 'helm-release-pending',
    },
    helmReleasePendingFindings(snapshot, 'helm-release-pending', target, target !== undefined),
  );
};

/** The charts in the order the script upgrades them (upgrade_harvester: harvester-crd, then harvester). */
const CHART_ORDER = ['harvester-crd', 'harvester'];
const chartRank = (name: string): number =>
  CHART_ORDER.includes(name) ? CHART_ORDER.indexOf(name) : CHART_ORDER.length;

const chartWait = (snapshot: ClusterSnapshot): Wait | undefined => {
  const [unready] = itemsOf(snapshot, 'managedCharts')
    .flatMap((chart) => {
      const reason = managedChartNotReady(chart);
      return reason ? [reason] : [];
    })
    .sort(
      (a, b) =>
        chartRank(nameOf(a.chart)) - chartRank(nameOf(b.chart)) || nameOf(a.chart).localeCompare(nameOf(b.chart)),
    );
  if (!unready) return undefined;
  const object = refOf('ManagedChart', unready.chart);
  return withRemedy(
    {
      object,
      field: 'status.conditions[Ready]',
      text: `apply-manifests is waiting for ManagedChart ${namespaceOf(unready.chart)}/${nameOf(unready.chart)} to be Ready: ${describeManagedChartNotReady(unready)}`,
      check: managedChartCheck.id,
    },
    managedChartCheck.run(snapshot),
  );
};

/** virt-handler pods that run and are Ready, of all of them (kubevirt.io=virt-handler). */
const handlerCount = (snapshot: ClusterSnapshot): string => {
  const handlers = itemsOf(snapshot, 'pods').filter(
    (pod) => namespaceOf(pod) === KUBEVIRT_NAMESPACE && labelOf(pod, 'kubevirt.io') === 'virt-handler',
  );
  return handlers.length === 0
    ? ''
    : `, virt-handler ${String(handlers.filter(isPodReady).length)}/${String(handlers.length)} ready`;
};

const kubevirtWait = (snapshot: ClusterSnapshot): Wait | undefined => {
  const kubevirt = harvesterKubeVirt(snapshot);
  if (!kubevirt) return undefined;
  const reasons = kubeVirtUnsettled(kubevirt, itemsOf(snapshot, 'pods'));
  if (reasons.length === 0) return undefined;
  const status = kubevirt.status;
  const target = status?.targetKubeVirtVersion ?? status?.operatorVersion ?? 'its target version';
  return withRemedy(
    {
      object: refOf('KubeVirt', kubevirt),
      field: 'status.phase, status.observedKubeVirtVersion',
      text:
        `apply-manifests is waiting for KubeVirt ${namespaceOf(kubevirt)}/${nameOf(kubevirt)} to reach phase Deployed at ${target}: ` +
        `phase ${status?.phase ?? 'unset'}, observedKubeVirtVersion ${status?.observedKubeVirtVersion ?? 'unset'}${handlerCount(snapshot)} (${reasons.map(describeUnsettled).join('; ')})`,
      check: kubevirtNotSettled.id,
    },
    kubevirtNotSettled.run(snapshot),
  );
};

const longhornWait = (snapshot: ClusterSnapshot): Wait | undefined => {
  const [finding] = longhornManagerNotReady.run(snapshot);
  if (!finding) return undefined;
  return {
    object: finding.object,
    field: 'status.numberReady',
    text: `apply-manifests is waiting for DaemonSet ${finding.object.namespace ?? ''}/${finding.object.name}: ${finding.message}`,
    check: longhornManagerNotReady.id,
    ...(finding.remedy ? { remedy: finding.remedy } : {}),
  };
};

/**
 * What the apply-manifests Job waits for, from the cluster's state: the first wait of upgrade_manifests.sh, in its
 * order, that is not met (harvester/harvester package/upgrade/upgrade_manifests.sh at v1.8.1: upgrade_rancher's
 * wait_helm_release, then upgrade_harvester's wait_managed_chart harvester-crd and harvester, wait_kubevirt, then
 * wait_longhorn_upgrade). None of them has a timeout.
 */
export const manifestsWait = (snapshot: ClusterSnapshot, upgrade: Upgrade, job: ObjectRef | undefined): Wait => {
  const found =
    repoWait(snapshot, upgrade, 'apply-manifests') ??
    helmWait(snapshot, upgrade) ??
    chartWait(snapshot) ??
    kubevirtWait(snapshot) ??
    longhornWait(snapshot);
  if (found) return found;
  const object = job ?? { kind: 'Job', namespace: UPGRADE_NAMESPACE, name: `${nameOf(upgrade)}-apply-manifests` };
  return {
    object,
    field: 'status.conditions[Complete]',
    text: `apply-manifests Job ${object.namespace ?? ''}/${object.name} runs, and none of the waits of its script that this tool models is unmet: see its log`,
  };
};
