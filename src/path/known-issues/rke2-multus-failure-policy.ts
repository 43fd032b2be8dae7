import type { Finding } from '../../model/finding.js';
import type { HelmChartConfig } from '../../model/helm-chart-config.js';
import { nameOf, namespaceOf, refOf } from '../../model/kube-object.js';
import { sh } from '../../model/shell.js';
import { itemsOf, type ClusterSnapshot } from '../../model/snapshot.js';
import { compareSemver, parseHarvesterVersion, type HarvesterVersion } from '../harvester-version.js';
import { ANY, HARVESTER_ISSUE, type KnownIssue, type PathContext } from '../known-issue.js';

const NAMESPACE = 'kube-system';
const NAME = 'rke2-multus';
const ABORT = 'abort';
const PATCH = JSON.stringify({ spec: { failurePolicy: ABORT } });
const MANIFEST = JSON.stringify({
  apiVersion: 'helm.cattle.io/v1',
  kind: 'HelmChartConfig',
  metadata: { name: NAME, namespace: NAMESPACE },
  spec: { failurePolicy: ABORT },
});

/**
 * The targets whose upgrade script sets the policy itself before anything else (package/upgrade/upgrade_manifests.sh
 * pre_upgrade_manifest → patch_rke2_multus_config, harvester/harvester PR #10366): v1.7.2-rc1 and later v1.7
 * releases, and v1.8.0-rc6 and later. v1.7.0, v1.7.1, v1.8.0-rc1 to rc5 and every earlier release lack it.
 */
const PATCHING_V17: readonly [string, string] = ['v1.7.2-0', 'v1.8.0-0'];
const FIRST_PATCHING_V18 = 'v1.8.0-rc6';

const atLeast = (version: HarvesterVersion, text: string): boolean => {
  const bound = parseHarvesterVersion(text);
  return bound !== undefined && compareSemver(version, bound) >= 0;
};

const targetPatchesItself = (to: HarvesterVersion): boolean =>
  atLeast(to, FIRST_PATCHING_V18) || (atLeast(to, PATCHING_V17[0]) && !atLeast(to, PATCHING_V17[1]));

const multusConfig = (snapshot: ClusterSnapshot): HelmChartConfig | undefined =>
  itemsOf(snapshot, 'helmChartConfigs').find(
    (config) => nameOf(config) === NAME && (namespaceOf(config) || NAMESPACE) === NAMESPACE,
  );

const CONSEQUENCE =
  "when an upgrade of the rke2-multus chart fails during RKE2's upgrade, its helm-install Job uninstalls and reinstalls the chart, and the NetworkAttachmentDefinition CRD in it goes with every NetworkAttachmentDefinition: all VM networks and the storage network are lost";

const findings = (snapshot: ClusterSnapshot, path: PathContext): Finding[] => {
  if (targetPatchesItself(path.to)) return [];
  const config = multusConfig(snapshot);
  const policy = config?.spec?.failurePolicy;
  if (policy === ABORT) return [];
  const base = { check: 'rke2-multus-failure-policy', severity: 'warning' as const };
  const script = `${path.to.text}'s upgrade does not set it`;
  if (!config) {
    return [
      {
        ...base,
        object: { kind: 'HelmChartConfig', namespace: NAMESPACE, name: NAME },
        message: `does not exist, so RKE2 applies failurePolicy reinstall, and ${script}: ${CONSEQUENCE}`,
        remedy: `Create it with failurePolicy abort before upgrading: ${sh`echo ${MANIFEST} | kubectl apply -f -`}`,
      },
    ];
  }
  return [
    {
      ...base,
      object: refOf('HelmChartConfig', config),
      message: `spec.failurePolicy is ${policy === undefined ? 'unset (reinstall)' : JSON.stringify(policy)}, and ${script}: ${CONSEQUENCE}`,
      remedy: `Set it to abort before upgrading: ${sh`kubectl -n ${namespaceOf(config) || NAMESPACE} patch helmchartconfig ${nameOf(config)} --type merge -p ${PATCH}`}`,
    },
  ];
};

export const rke2MultusFailurePolicy: KnownIssue = {
  id: 'rke2-multus-failure-policy',
  title: 'A failed rke2-multus upgrade cannot delete the VM networks',
  from: ANY,
  // Targets up to v1.8.0-rc5; v1.7.2 up to v1.8.0-0 set the policy themselves and pass (see targetPatchesItself).
  to: { below: FIRST_PATCHING_V18 },
  detection: {
    kind: 'check',
    needs: ['helmChartConfigs'],
    // harvester/harvester#10359 (v1.7.1 → v1.8.0-rc5): klipper-helm's entry script, on a failed upgrade with
    // FAILURE_POLICY reinstall (the default), deletes the release; the rke2-multus chart carries the
    // NetworkAttachmentDefinition CRD among its templates, so the CRD and every NAD go with it (#10354).
    problem: () => 'A failed rke2-multus upgrade can delete the VM networks',
    run: findings,
  },
  sources: [`${HARVESTER_ISSUE}10359`, `${HARVESTER_ISSUE}10354`, 'https://github.com/harvester/harvester/pull/10366'],
  remedy: `Before upgrading, set failurePolicy abort on ${NAMESPACE}/${NAME}: ${sh`kubectl -n ${NAMESPACE} patch helmchartconfig ${NAME} --type merge -p ${PATCH}`} (or create the HelmChartConfig with it when it does not exist).`,
};
