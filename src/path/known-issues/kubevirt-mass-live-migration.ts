import { harvesterKubeVirt } from '../../facts/kubevirt-placement.js';
import type { Finding } from '../../model/finding.js';
import { isRecord } from '../../model/json.js';
import { nameOf, namespaceOf, refOf } from '../../model/kube-object.js';
import { isVmiRunning, KUBEVIRT_NAME, KUBEVIRT_NAMESPACE } from '../../model/kubevirt.js';
import { FLEET_LOCAL } from '../../model/rancher.js';
import { itemsOf, type ClusterSnapshot } from '../../model/snapshot.js';
import { HARVESTER_ISSUE, type KnownIssue, type PathContext, UPGRADE_DOC } from '../known-issue.js';

const LIVE_MIGRATE = 'LiveMigrate';
/** Harvester's chart sets `workloadUpdateMethods: [LiveMigrate]` from v1.6.0 (deploy/charts/harvester/values.yaml). */
const CHART_DEFAULT = [LIVE_MIGRATE];

const patchMethods = (methods: readonly string[]): string =>
  `kubectl -n ${FLEET_LOCAL} patch managedchart harvester --type merge -p '{"spec":{"values":{"kubevirt":{"spec":{"workloadUpdateStrategy":{"workloadUpdateMethods":${JSON.stringify(methods)}}}}}}}'`;

const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;

/** `spec.values.kubevirt.spec.workloadUpdateStrategy.workloadUpdateMethods` of the harvester ManagedChart, if set. */
const managedChartMethods = (snapshot: ClusterSnapshot): string[] | undefined => {
  const chart = itemsOf(snapshot, 'managedCharts').find(
    (item) => namespaceOf(item) === FLEET_LOCAL && nameOf(item) === 'harvester',
  );
  const kubevirt = chart?.spec?.values?.kubevirt;
  const spec = isRecord(kubevirt) ? kubevirt.spec : undefined;
  const strategy = isRecord(spec) ? spec.workloadUpdateStrategy : undefined;
  return isRecord(strategy) ? strings(strategy.workloadUpdateMethods) : undefined;
};

/**
 * The methods the target's virt-operator applies once it is upgraded: the chart re-renders the KubeVirt CR from its
 * values, so the harvester ManagedChart's override wins over the target chart's default (the upgrade scripts'
 * own fix reads and patches the same value: upgrade_manifests.sh disable_kubevirt_workload_live_migration).
 */
const plannedMethods = (snapshot: ClusterSnapshot, path: PathContext): { methods: string[]; from: string } => {
  const override = managedChartMethods(snapshot);
  if (override) return { methods: override, from: 'the harvester ManagedChart sets' };
  const chart = path.toRelease?.kubevirtWorkloadUpdateMethods ?? CHART_DEFAULT;
  return { methods: [...chart], from: `the ${path.to.text} chart sets` };
};

const detect = (snapshot: ClusterSnapshot, path: PathContext): Finding[] => {
  const running = itemsOf(snapshot, 'vmis').filter(isVmiRunning);
  if (running.length === 0) return [];
  const planned = plannedMethods(snapshot, path);
  if (!planned.methods.includes(LIVE_MIGRATE)) return [];
  const kubevirt = harvesterKubeVirt(snapshot);
  const current = strings(kubevirt?.spec?.workloadUpdateStrategy?.workloadUpdateMethods) ?? [];
  return [
    {
      check: 'kubevirt-mass-live-migration',
      severity: 'warning',
      object: kubevirt
        ? refOf('KubeVirt', kubevirt)
        : { kind: 'KubeVirt', namespace: KUBEVIRT_NAMESPACE, name: KUBEVIRT_NAME },
      message: `${String(running.length)} running VM${running.length === 1 ? '' : 's'} will live-migrate at once when virt-operator is upgraded: ${planned.from} KubeVirt workloadUpdateMethods [${planned.methods.join(', ')}] (the KubeVirt CR has [${current.join(', ')}] now), and ${path.to.text} does not switch it off during the upgrade`,
      remedy: `Before the upgrade: ${patchMethods([])} and check that kubectl -n ${KUBEVIRT_NAMESPACE} get kubevirt ${KUBEVIRT_NAME} -o jsonpath='{.spec.workloadUpdateStrategy}' shows no method; after it, restore CPU and memory hot-plug: ${patchMethods([LIVE_MIGRATE])}. Or upgrade to v1.7.2 or later, which does this itself.`,
    },
  ];
};

export const kubevirtMassLiveMigration: KnownIssue = {
  id: 'kubevirt-mass-live-migration',
  title: "KubeVirt's upgrade does not live-migrate every running VM at once",
  from: { atLeast: 'v1.5.0-0' },
  // Harvester's upgrade empties workloadUpdateMethods before upgrading KubeVirt from v1.7.2-rc1 and v1.8.0-rc6
  // ("feat: disable LiveMigrate strategy during upgrades", 6e896ca0b and f5668bdcd, a patch of the KubeVirt CR; from
  // v1.7.2-rc2 and v1.8.1 through the ManagedChart values, 5e3a97573 "override kubevirt workloadUpdateMethods with
  // chart values"). Targets v1.6.0 to v1.7.1, and v1.8.0-rc1 to rc5, have no such step.
  to: { atLeast: 'v1.6.0-0', below: 'v1.7.2-0' },
  detection: {
    kind: 'check',
    needs: ['vmis', 'managedCharts', 'kubevirts'],
    // harvester/docs v1-5-x-to-v1-6-x known issue 10, v1-6-x-to-v1-7-x 5, v1-7-x-to-v1-7-y 2 (harvester#10349):
    // with LiveMigrate, virt-operator's workload updater migrates every VMI whose virt-launcher is outdated as soon
    // as it is upgraded, which can overwhelm the cluster.
    problem: () => "KubeVirt's upgrade will live-migrate every running VM at once",
    run: detect,
  },
  sources: [
    `${UPGRADE_DOC}v1-5-x-to-v1-6-x`,
    `${UPGRADE_DOC}v1-6-x-to-v1-7-x`,
    `${HARVESTER_ISSUE}10349`,
    'https://github.com/harvester/harvester/blob/v1.8.1/package/upgrade/upgrade_manifests.sh',
  ],
  remedy:
    "Empty workloadUpdateMethods in the harvester ManagedChart's kubevirt values before the upgrade and restore LiveMigrate after it, or upgrade to v1.7.2 or later.",
};
