/**
 * What covers each row of the upstream audit (../shared/docs/upstream-coverage.md): the data docs/coverage.md is
 * generated from (test/unit/coverage-doc.test.ts). A row names the ids that cover it (checks, knowledge-base
 * entries, drain filters; the test fails for an id that is not in its registry), or why it is out of scope, or the
 * topic a branch still being merged delivers (`pending`). Add a row's ids here when the code that covers it lands,
 * then regenerate: HU_WRITE_DOCS=1 npm run jest -- test/unit/coverage-doc.test.ts --selectProjects unit
 */

/** The ids that cover a row, by registry. */
export interface Covers {
  readonly checks?: readonly string[];
  readonly kb?: readonly string[];
  readonly drain?: readonly string[];
}

export type Coverage =
  /** Same condition and version gate; `note` says how (a manual per-node command, for example). */
  | { readonly covered: Covers; readonly note?: string; readonly outOfScope?: undefined }
  /**
   * Covered, except a stated remainder that no read-only pre-flight tool can see before the upgrade (a disk that
   * fails later, the upgrade's own progress): `outOfScope` says what and why, `source` the upstream file or thread
   * that shows it when it is not the row's own source.
   */
  | { readonly covered: Covers; readonly outOfScope: string; readonly source?: string }
  /** Covered with a stated difference. */
  | { readonly partial: Covers; readonly difference: string }
  /** A read-only pre-flight tool cannot or should not check it. */
  | { readonly outOfScope: string; readonly covered?: undefined }
  /** Delivered by another branch (`topic`); `today` is what covers part of it already. */
  | { readonly pending: string; readonly today?: Covers };

export type CoverageKind = 'covered' | 'coveredRemainderOutOfScope' | 'partial' | 'outOfScope' | 'pending';

/** Which of the variants a coverage is (a covered row with a remainder out of scope counts on its own). */
export const coverageKind = (coverage: Coverage): CoverageKind => {
  if ('partial' in coverage) return 'partial';
  if ('pending' in coverage) return 'pending';
  if (coverage.covered === undefined) return 'outOfScope';
  return coverage.outOfScope === undefined ? 'covered' : 'coveredRemainderOutOfScope';
};

export interface CoverageRow {
  /** The audit row: `a15`, `c11`, `d12`; table (e) rows are `e<path>.<issue>`, such as `e1.2`. */
  readonly audit: string;
  readonly item: string;
  readonly source: string;
  readonly coverage: Coverage;
}

const ISSUE = 'https://github.com/harvester/harvester/issues/';
const VALIDATOR = 'https://github.com/harvester/harvester/blob/master/pkg/webhook/resources/upgrade/validator.go';
const CHECK_SH = 'https://github.com/harvester/upgrade-helpers/blob/main/pre-check/v1.x/check.sh';
const SCRIPTS = 'https://github.com/harvester/harvester/blob/master/package/upgrade/';
const MANIFESTS = `${SCRIPTS}upgrade_manifests.sh`;
const NODE = `${SCRIPTS}upgrade_node.sh`;
const LIB = `${SCRIPTS}lib.sh`;
const DOCS = 'https://docs.harvesterhci.io/v1.8/upgrade/';
const DOCS_V19 = 'https://docs.harvesterhci.io/v1.9/upgrade/v1-8-x-to-v1-9-x';

/** Tables (a) and (b): the rows the audit found MISSING or PARTIAL. */
export const GATE_ROWS: readonly CoverageRow[] = [
  {
    audit: 'a15',
    item: 'checkDiskSpace: node without annotation rke2.io/internal-ip',
    source: VALIDATOR,
    coverage: {
      partial: { checks: ['node-disk-space'] },
      difference: 'reported live only: the finding comes with the kubelet probe, which a bundle does not hold',
    },
  },
  {
    audit: 'a16',
    item: 'checkDiskSpace: kubelet stats or configz unreachable',
    source: VALIDATOR,
    coverage: {
      partial: { checks: ['node-disk-space'] },
      difference:
        "a /configz read that fails still falls back to the kubelet's 85 % default, where the webhook refuses",
    },
  },
  {
    audit: 'a18',
    item: 'checkDiskSpace: 30 GiB free, Version annotation harvesterhci.io/minFreeDiskSpaceGB',
    source: VALIDATOR,
    coverage: { covered: { checks: ['node-disk-space'] } },
  },
  {
    audit: 'b4',
    item: 'check_certs: every RKE2 certificate, failed when expired, warned under 10 days',
    source: CHECK_SH,
    coverage: {
      partial: { checks: ['rke2-certificate-expiry', 'api-server-certificate-expiry'] },
      difference:
        'serving certificates seen over the network (kube-controller-manager 10257, kube-scheduler 10259, etcd 2379); RKE2 binds the first two to 127.0.0.1, so they are usually not evaluated, and the per-node openssl command covers them and the client certificates',
    },
  },
  {
    audit: 'b6',
    item: 'check_bundles: Helm bundle with summary.ready 0',
    source: CHECK_SH,
    coverage: {
      partial: { checks: ['fleet-bundle-not-ready'] },
      difference: 'bundles that desire no ready cluster (desiredReady 0) are skipped; the script fails them',
    },
  },
  {
    audit: 'b17',
    item: 'check_volumes: single-replica volumes',
    source: CHECK_SH,
    coverage: {
      partial: { checks: ['longhorn-single-replica-volume'] },
      difference: 'a detached single-replica volume is a warning on v1.4.x, as the webhook lets it pass there',
    },
  },
  {
    audit: 'b18',
    item: 'check_volumes: degraded volumes',
    source: CHECK_SH,
    coverage: {
      partial: { checks: ['longhorn-volume-degraded'] },
      difference: 'below three nodes a degraded volume with enough running replicas is info, as upgrade_node.sh waits',
    },
  },
  {
    audit: 'b19',
    item: 'check_volumes: detached volume with fewer replicas than numberOfReplicas',
    source: CHECK_SH,
    coverage: {
      partial: { checks: ['longhorn-detached-volume-missing-replicas'] },
      difference: 'a warning, expecting at most one replica per non-witness node',
    },
  },
  {
    audit: 'b23',
    item: 'check_error_pods: pods not Ready',
    source: CHECK_SH,
    coverage: {
      partial: { checks: ['pod-containers-not-ready', 'pod-pending', 'pod-failed', 'pod-phase-unknown'] },
      difference: 'superseded SUC attempts and finished helm-operation pods are not reported; other Failed pods warn',
    },
  },
  {
    audit: 'b28',
    item: 'check_network_config: /oem/90_custom.yaml, harvester.config schema, management interface',
    source: CHECK_SH,
    coverage: {
      covered: { kb: ['management-network-files-v1-7', 'cloudinit-network-config-v1-7'] },
      note: 'host files: a manual per-node command; CloudInit resources read from the cluster',
    },
  },
  {
    audit: 'b29',
    item: 'check_cos_state_partition_size: COS_STATE at least 15 GB',
    source: CHECK_SH,
    coverage: { covered: { kb: ['cos-state-partition-size-v1-8'] }, note: 'a partition: manual per-node command' },
  },
];

/** Table (c): the waits and failures of Harvester's upgrade scripts. */
export const SCRIPT_ROWS: readonly CoverageRow[] = [
  {
    audit: 'c1',
    item: 'wait_repo: upgrade repository VM or Deployment available',
    source: LIB,
    coverage: {
      covered: { checks: ['upgrade-repo-not-ready', 'rwx-network-free-ips', 'storage-network-free-ips'] },
      outOfScope:
        "the repo VM or Deployment, its VM image and its volume are created by the upgrade controller only once the upgrade has started, from an ISO whose size no Version object states (so Longhorn room for it cannot be judged before the download), and the Deployment's container image (rancher/harvester-upgrade at the running version) cannot be proven absent from a node, as kubelet lists at most 50 images in node status; before the upgrade the IPs the repo needs are checked, during it `upgrade-repo-not-ready` (and the status command, issue #23) reads the repo itself",
      source: 'https://github.com/harvester/harvester/blob/v1.8.1/pkg/controller/master/upgrade/upgrade_repo.go',
    },
  },
  {
    audit: 'c2',
    item: 'detect_repo: release metadata lacks versions',
    source: LIB,
    coverage: { outOfScope: 'the content of the ISO, not of the cluster' },
  },
  {
    audit: 'c3',
    item: 'check_version: upgrade-helper version-guard',
    source: LIB,
    coverage: { covered: { kb: ['harvester-version-guard'] } },
  },
  {
    audit: 'c4',
    item: 'preload_images: image archives imported by an SUC plan',
    source: NODE,
    coverage: {
      covered: { checks: ['suc-plan-stuck-applying', 'node-disk-space'] },
      outOfScope:
        'the preload Plan is created by the upgrade controller when the upgrade starts, so whether its Jobs stop being rescheduled later (#9880) cannot be seen before; a Plan already stuck and the disk room the archives need are checked, and the status command (issue #23) follows the preload while it runs',
      source: `${ISSUE}9880`,
    },
  },
  {
    audit: 'c5',
    item: 'patch_rke2_multus_config: HelmChartConfig rke2-multus failurePolicy abort',
    source: MANIFESTS,
    coverage: { covered: { kb: ['rke2-multus-failure-policy'] } },
  },
  {
    audit: 'c6',
    item: 'preserve_overcommit_config',
    source: MANIFESTS,
    coverage: { outOfScope: 'an automatic conversion with nothing to wait for' },
  },
  {
    audit: 'c7',
    item: 'skip_restart_rancher_system_agent: every node labelled with the plan hash',
    source: MANIFESTS,
    coverage: { covered: { checks: ['node-not-managed', 'node-not-ready'] } },
  },
  {
    audit: 'c8',
    item: 'disable_kubevirt_workload_live_migration: harvester ManagedChart ready',
    source: MANIFESTS,
    coverage: { covered: { checks: ['managed-chart-not-ready'] } },
  },
  {
    audit: 'c9',
    item: 'wait_capi_cluster: CAPI local Provisioned',
    source: MANIFESTS,
    coverage: { covered: { checks: ['capi-cluster-not-provisioned', 'capi-cluster-paused'] } },
  },
  {
    audit: 'c10',
    item: 'force_refresh_clusterrepo rancher-charts: downloadTime advances',
    source: MANIFESTS,
    coverage: {
      outOfScope: 'it waits for Rancher to download the repository again during the upgrade; nothing before shows it',
    },
  },
  {
    audit: 'c11',
    item: 'wait_helm_release fleet, fleet-crd, rancher-webhook: last revision deployed',
    source: MANIFESTS,
    coverage: { covered: { checks: ['helm-release-pending'], kb: ['fleet-pending-upgrade-v1-7'] } },
  },
  {
    audit: 'c12',
    item: 'wait_rollout rancher, fleet-controller, rancher-webhook, fleet-agent',
    source: MANIFESTS,
    coverage: {
      covered: { checks: ['rancher-rollout-incomplete'] },
      note: "kubectl rollout status's tests on the four Deployments; a missing fleet-agent Deployment counts from v1.5.0, whose script waits for it to appear; judged whatever the target, though the script waits only when the target brings a new Rancher",
    },
  },
  {
    audit: 'c13',
    item: 'wait_cluster_local_and_fleet: clusters.fleet.cattle.io local ready',
    source: MANIFESTS,
    coverage: {
      covered: { checks: ['fleet-cluster-not-ready', 'helm-release-pending', 'rancher-rollout-incomplete'] },
      note: "agentTLSMode is not read: the script waits for it in the CRD and fleet-controller ConfigMap of the target's fleet-crd and fleet charts, which render it unconditionally (rancher/fleet charts/fleet/templates/configmap.yaml) once wait_helm_release saw them deployed, so before the upgrade there is nothing to read; a release that cannot upgrade is helm-release-pending's, the fleet-agent redeploy rancher-rollout-incomplete's",
    },
  },
  {
    audit: 'c14',
    item: 'upgrade_harvester_cluster_repo: harvester-crd ManagedChart ready',
    source: MANIFESTS,
    coverage: { covered: { checks: ['managed-chart-not-ready'] } },
  },
  {
    audit: 'c15',
    item: 'wait_managed_chart harvester',
    source: MANIFESTS,
    coverage: { covered: { checks: ['managed-chart-not-ready', 'harvester-bundle-not-ready'] } },
  },
  {
    audit: 'c16',
    item: 'wait_kubevirt: observedKubeVirtVersion and phase Deployed',
    source: MANIFESTS,
    coverage: { covered: { checks: ['kubevirt-not-settled'] } },
  },
  {
    audit: 'c17',
    item: 'monitoring and logging CRD charts ready',
    source: MANIFESTS,
    coverage: { covered: { checks: ['managed-chart-not-ready'] } },
  },
  {
    audit: 'c18',
    item: 'wait_longhorn_manager: DaemonSet ready on every managed non-witness node',
    source: MANIFESTS,
    coverage: { covered: { checks: ['longhorn-manager-not-ready'] } },
  },
  {
    audit: 'c19',
    item: 'wait_longhorn_instance_manager_aio: one running instance manager per Longhorn node',
    source: MANIFESTS,
    coverage: { covered: { checks: ['longhorn-instance-manager-missing'] } },
  },
  {
    audit: 'c20',
    item: 'upgrade_addons: enabled add-ons deployed',
    source: MANIFESTS,
    coverage: { covered: { checks: ['addon-not-settled'] } },
  },
  {
    audit: 'c21',
    item: 'wait_for_fleet_bundles: no bundle with Ready False',
    source: MANIFESTS,
    coverage: {
      covered: { checks: ['fleet-bundle-not-ready'] },
      note: 'a warning, as the wait is bounded (about 90 s, 3 minutes on a single node) and then goes on; Helm bundles with summary.ready 0 stay errors (check.sh check_bundles)',
    },
  },
  {
    audit: 'c22',
    item: 'wait_longhorn_engines: attached volumes healthy before the drain',
    source: NODE,
    coverage: { covered: { checks: ['longhorn-volume-degraded'] } },
  },
  {
    audit: 'c23',
    item: 'vm-live-migrate-detector --shutdown',
    source: NODE,
    coverage: { covered: { checks: ['vm-not-live-migratable'] } },
  },
  {
    audit: 'c24',
    item: 'wait_vms_out_or_shutdown, check_migrations_phase',
    source: NODE,
    coverage: {
      covered: {
        checks: ['vmi-live-migratable-condition', 'migration-headroom', 'vm-cdrom-or-host-device'],
        drain: ['virt-launcher-eviction'],
      },
    },
  },
  {
    audit: 'c25',
    item: 'wait_evacuation_pdb_gone: no kubevirt-migration-pdb-kubevirt-evacuation-* budget',
    source: NODE,
    coverage: { covered: { checks: ['kubevirt-evacuation-pdb-leftover'] } },
  },
  {
    audit: 'c26',
    item: "Rancher's drain honours budgets",
    source: NODE,
    coverage: {
      covered: {
        checks: [
          'pdb-allows-no-disruptions',
          'pod-multiple-pdbs',
          'kubevirt-control-plane-placement',
          'single-control-plane',
        ],
        drain: ['pdb-eviction', 'pod-under-two-budgets', 'instance-manager-budget', 'kubevirt-placement-trap'],
      },
    },
  },
  {
    audit: 'c27',
    item: 'upgrade_os: elemental upgrade needs COS_STATE room',
    source: NODE,
    coverage: {
      covered: { kb: ['cos-state-passive-image-size', 'cos-state-partition-size-v1-8'] },
      note: 'a partition: manual per-node commands',
    },
  },
  {
    audit: 'c28',
    item: 'wait_rke2_upgrade: kubelet at the target RKE2',
    source: NODE,
    coverage: {
      covered: {
        checks: ['kubelet-version-skew', 'rancher-cluster-not-ready', 'kubeconfig-secret-label', 'machine-not-running'],
      },
      outOfScope:
        "the wait is the node's own RKE2 upgrade in progress (kubeletVersion reaching the target, no timeout): what keeps Rancher from rolling RKE2 out is checked before the upgrade, the rollout itself happens only during it and is the status command's (issue #23)",
    },
  },
  {
    audit: 'c29',
    item: 'single node: wait_vms_out',
    source: NODE,
    coverage: { covered: { checks: ['vm-backup-in-progress'] } },
  },
  {
    audit: 'c30',
    item: 'update_local_rke_state_secret, manage_kubeovn',
    source: MANIFESTS,
    coverage: { outOfScope: 'automatic conversions and bounded waits' },
  },
];

/** Table (d): failure modes operators reported. */
export const FAILURE_ROWS: readonly CoverageRow[] = [
  {
    audit: 'd1',
    item: 'KubeVirt 1.3 keeps virt-api/virt-controller on one control plane: Pre-drained',
    source: `${ISSUE}7647`,
    coverage: {
      covered: {
        checks: ['kubevirt-control-plane-placement'],
        kb: ['kubevirt-placement-arrives'],
        drain: ['kubevirt-placement-trap'],
      },
    },
  },
  {
    audit: 'd2',
    item: 'orphan engine keeps the instance-manager budget (v1.4.0 → v1.4.1)',
    source: `${ISSUE}7366`,
    coverage: { covered: { kb: ['longhorn-orphan-engine-budget'], drain: ['instance-manager-budget'] } },
  },
  {
    audit: 'd3',
    item: 'the same instance-manager budget on v1.5.x → v1.6.x',
    source: `${ISSUE}8977`,
    coverage: { covered: { kb: ['longhorn-orphan-engine-budget'], drain: ['instance-manager-budget'] } },
  },
  {
    audit: 'd4',
    item: 'passive.img not sparse, 8 GB COS_STATE: Waiting Reboot',
    source: `${ISSUE}7457`,
    coverage: { covered: { kb: ['cos-state-passive-image-size'] }, note: 'manual per-node command' },
  },
  {
    audit: 'd5',
    item: '8 GB COS_STATE corrupts active.img on v1.7 → v1.8',
    source: `${ISSUE}10687`,
    coverage: { covered: { kb: ['cos-state-partition-size-v1-8'] }, note: 'manual per-node command' },
  },
  {
    audit: 'd6',
    item: 'Longhorn evictionRequested crashes longhorn-manager on v1.4.x',
    source: `${ISSUE}7717`,
    coverage: { covered: { checks: ['longhorn-eviction-requested'], kb: ['longhorn-eviction-aborts-v1-4'] } },
  },
  {
    audit: 'd7',
    item: 'BackingImage corruption upgrading to v1.4.0',
    source: `${ISSUE}7958`,
    coverage: { covered: { kb: ['longhorn-backing-image-crd-v1-4-0'] } },
  },
  {
    audit: 'd8',
    item: 'node without CAPI machine: node upgrade stuck at 75 %',
    source: `${ISSUE}8236`,
    coverage: { covered: { checks: ['node-without-machine', 'machine-node-count'] } },
  },
  {
    audit: 'd9',
    item: 'webhook: machine is not running',
    source: `${ISSUE}6253`,
    coverage: { covered: { checks: ['machine-not-running', 'machine-without-node'] } },
  },
  {
    audit: 'd10',
    item: '9 nodes, 11 machines: stuck configuring etcd',
    source: `${ISSUE}6203`,
    coverage: { covered: { checks: ['machine-node-count', 'machine-without-node'] } },
  },
  {
    audit: 'd11',
    item: 'CAPI local spec.paused: apply-manifests stalls',
    source: `${ISSUE}8518`,
    coverage: { covered: { checks: ['capi-cluster-paused'] } },
  },
  {
    audit: 'd12',
    item: 'Fleet Helm release pending-upgrade: apply-manifests waits forever',
    source: `${ISSUE}9738`,
    coverage: { covered: { checks: ['helm-release-pending'], kb: ['fleet-pending-upgrade-v1-7'] } },
  },
  {
    audit: 'd13',
    item: "a deleted Upgrade's upgradelog ManagedChart blocks the next one",
    source: `${ISSUE}7560`,
    coverage: { covered: { checks: ['managed-chart-not-ready'] } },
  },
  {
    audit: 'd14',
    item: 'mcc-harvester not ready',
    source: `${ISSUE}6561`,
    coverage: { covered: { checks: ['harvester-bundle-not-ready', 'managed-chart-not-ready'] } },
  },
  {
    audit: 'd15',
    item: 'rancher-logging add-on stuck Enabling: the upgrade does not start (v1.5.2 → v1.6.0)',
    source: `${ISSUE}9644`,
    coverage: {
      covered: { checks: ['addon-not-settled'] },
      note: 'an error from v1.1.2: the UpgradeLog controller waits for an enabled rancher-logging with no timeout before the upgrade starts; from v1.7.0 the webhook refuses any add-on not settled',
    },
  },
  {
    audit: 'd16',
    item: 'rke2-multus reinstall deletes the NetworkAttachmentDefinition CRD',
    source: `${ISSUE}10359`,
    coverage: { covered: { kb: ['rke2-multus-failure-policy'] } },
  },
  {
    audit: 'd17',
    item: 'the KubeVirt upgrade live-migrates every VM at once',
    source: `${ISSUE}10349`,
    coverage: { covered: { kb: ['kubevirt-mass-live-migration'] } },
  },
  {
    audit: 'd18',
    item: 'upgrade-repo VM not migrating, blocking pre-drain',
    source: `${ISSUE}8298`,
    coverage: {
      covered: { checks: ['upgrade-repo-not-ready', 'migration-headroom'] },
      outOfScope:
        "the repo VM exists only during an upgrade to v1.6 or earlier (from v1.7 the repo is a Deployment); once it does, explain-drain names its virt-launcher pod and the status command (issue #23) the pre-drain wait; why KubeVirt does not start its migration (#8298) shows only in virt-controller's logs then",
      source: 'https://github.com/harvester/harvester/blob/v1.6.1/pkg/controller/master/upgrade/upgrade_repo.go',
    },
  },
  {
    audit: 'd19',
    item: 'upgrade-repo VM cannot start after evacuation: Post-draining',
    source: `${ISSUE}8773`,
    coverage: { covered: { checks: ['upgrade-repo-not-ready'] }, note: 'during an upgrade' },
  },
  {
    audit: 'd20',
    item: 'upgrade-repo Longhorn volume stuck Attaching: Post-draining',
    source: `${ISSUE}9597`,
    coverage: { covered: { checks: ['upgrade-repo-not-ready'], kb: ['upgrade-repo-volume-attaching-v1-7'] } },
  },
  {
    audit: 'd21',
    item: 'pending VM backup prevents stopping a VM',
    source: `${ISSUE}8065`,
    coverage: { covered: { checks: ['vm-backup-in-progress', 'vm-backup-schedule-active'] } },
  },
  {
    audit: 'd22',
    item: 'expired RKE2 certificates other than the API server serving one: Pre-drained',
    source: `${ISSUE}9130`,
    coverage: {
      covered: { checks: ['rke2-certificate-expiry', 'api-server-certificate-expiry'] },
      outOfScope:
        "RKE2's client certificates, and the serving ones it binds to 127.0.0.1 (kube-controller-manager 10257, kube-scheduler 10259), are files under /var/lib/rancher/rke2/server/tls that only root on the node can read: the check reads every certificate a client can reach and hands check.sh's own per-node openssl loop for the rest",
      source: CHECK_SH,
    },
  },
  {
    audit: 'd23',
    item: 'local-kubeconfig without its CAPI label',
    source: `${ISSUE}6041`,
    coverage: { covered: { checks: ['kubeconfig-secret-label'], kb: ['kubeconfig-secret-label-v1-3-1'] } },
  },
  {
    audit: 'd24',
    item: 'RWX on the storage network: Post-draining (nfs://None)',
    source: `${ISSUE}10532`,
    coverage: { covered: { kb: ['rwx-storage-network-post-draining'] } },
  },
  {
    audit: 'd25',
    item: 'NICs renamed (np0) and bonds after wicked → NetworkManager',
    source: `${ISSUE}9815`,
    coverage: {
      covered: { kb: ['intel-nic-rename-v1-7'] },
      note: 'drivers and bonds are host state: manual per-node command',
    },
  },
  {
    audit: 'd26',
    item: 'DHCP client ID change: the node gets another address (to v1.7.0)',
    source: `${ISSUE}9260`,
    coverage: { covered: { kb: ['dhcp-client-id-v1-7-0'] }, note: 'a host lease file: manual per-node command' },
  },
  {
    audit: 'd27',
    item: 'nodes installed on v1.1 or earlier: /oem/99_custom.yaml and the v1.0 schema break the migration',
    source: `${ISSUE}9301`,
    coverage: {
      covered: { kb: ['management-network-files-v1-7', 'cloudinit-network-config-v1-7'] },
      note: 'host files: manual per-node command; CloudInit resources from the cluster',
    },
  },
  {
    audit: 'd28',
    item: 'witness node: instance-manager count is not 1',
    source: `${ISSUE}6972`,
    coverage: { covered: { checks: ['longhorn-instance-manager-missing'] } },
  },
  {
    audit: 'd29',
    item: 'KubeVirt never Available after v1.7 → v1.8 (virt-handler without install-strategy annotations)',
    source: `${ISSUE}10447`,
    coverage: { covered: { checks: ['kubevirt-not-settled'], kb: ['kubevirt-not-available-v1-8'] } },
  },
  {
    audit: 'd30',
    item: 'SUC plan stuck applying: image preload stalls',
    source: `${ISSUE}9880`,
    coverage: { covered: { checks: ['suc-plan-stuck-applying'], kb: ['suc-plan-stuck-applying-v1-7'] } },
  },
  {
    audit: 'd31',
    item: 'CDI importer OOM-killed at Phase 1',
    source: `${ISSUE}11143`,
    coverage: { covered: { kb: ['cdi-importer-oom'] } },
  },
  {
    audit: 'd32',
    item: 'storage or RWX network IP exhaustion',
    source: `${ISSUE}10231`,
    coverage: { covered: { checks: ['storage-network-free-ips', 'rwx-network-free-ips'] } },
  },
  {
    audit: 'd33',
    item: 'pending volumeRequests under DeclarativeHotplugVolumes',
    source: `${ISSUE}10243`,
    coverage: { covered: { checks: ['vm-stale-hotplug'] } },
  },
  {
    audit: 'd34',
    item: 'OS disks died mid-upgrade, nodes deleted',
    source: `${ISSUE}7874`,
    coverage: {
      covered: {
        checks: [
          'etcd-quorum-at-risk',
          'blockdevice-unhealthy',
          'longhorn-disk-unhealthy',
          'volume-redundancy-on-node-loss',
        ],
      },
      outOfScope:
        'a disk that dies during the upgrade cannot be foreseen; the disks and block devices already failing, etcd quorum and the volumes left without a replica if a node is lost are checked, and removing the dead nodes is the recovery (#7874)',
    },
  },
  {
    audit: 'd35',
    item: 'wait_capi_cluster waits for a generation bump Rancher Turtles never makes',
    source: `${ISSUE}10719`,
    coverage: {
      outOfScope:
        'the wait hangs on a generation change during the upgrade; before it the cluster shows nothing (#11366 open)',
    },
  },
  {
    audit: 'd36',
    item: 'mcc-harvester Modified for clusters first installed on v1.0–v1.2, upgrading to v1.5.0',
    source: `${ISSUE}8163`,
    coverage: {
      partial: { checks: ['harvester-bundle-not-ready'] },
      difference:
        "reported once the bundle is Modified. The cause is visible before the upgrade: on clusters first installed on v1.0–v1.2 the kubevirts.kubevirt.io CRD still has the schema Helm installed then (Helm never upgrades a chart's crds/), without spec.configuration.vmStateStorageClass, which the v1.5.0 chart sets, so the API server prunes it and Fleet sees drift; v1.5.1 moved the CRDs into harvester-crd's templates (commit 09207779a). No entry reads it yet: it needs a CustomResourceDefinition read (RBAC, bundle yamls/cluster/apiextensions.k8s.io) and a live loader that swaps a CRD's schema for its scenarios",
    },
  },
  {
    audit: 'd37',
    item: 'air-gapped: upgrade-log images not preloaded, 0 % progress',
    source: `${ISSUE}7955`,
    coverage: { outOfScope: 'the content of a private registry is not cluster state (v1.4.2 → v1.5.0 path)' },
  },
];

/** Table (e): every documented known issue of the upgrade pages, grouped by page (e1 … e5, the table's rows). */
export const DOCUMENTED_ROWS: readonly CoverageRow[] = [
  // e1: v1.5.x → v1.6.x
  {
    audit: 'e1.1',
    item: 'v1.5.x → v1.6.x: instance-manager budget, Pre-drained (#8977)',
    source: `${DOCS}v1-5-x-to-v1-6-x`,
    coverage: { covered: { kb: ['longhorn-orphan-engine-budget'] } },
  },
  {
    audit: 'e1.2',
    item: 'v1.5.x → v1.6.x: guest cluster stuck Updating (#8950)',
    source: `${DOCS}v1-5-x-to-v1-6-x`,
    coverage: { covered: { kb: ['guest-cluster-node-address-v1-6'] }, note: 'info: the recovery comes after' },
  },
  {
    audit: 'e1.3',
    item: 'v1.5.x → v1.6.x: stopped VM stuck Starting, volume flapping (#8949)',
    source: `${DOCS}v1-5-x-to-v1-6-x`,
    coverage: { covered: { kb: ['longhorn-migration-flapping-v1-6'] } },
  },
  {
    audit: 'e1.4',
    item: 'v1.5.x → v1.6.x: Waiting Reboot from truncated VLAN scripts (#9033)',
    source: `${DOCS}v1-5-x-to-v1-6-x`,
    coverage: { covered: { kb: ['waiting-reboot-vlan-scripts-v1-6'] }, note: 'host files: manual per-node command' },
  },
  {
    audit: 'e1.5',
    item: 'v1.5.x → v1.6.x: secondary VLAN interfaces on mgmt lose connectivity (#7650)',
    source: `${DOCS}v1-5-x-to-v1-6-x`,
    coverage: { covered: { kb: ['mgmt-secondary-vlans-v1-6'] }, note: 'host interfaces: manual per-node command' },
  },
  {
    audit: 'e1.6',
    item: 'v1.5.x → v1.6.x: "Restart action is required" on running VMs',
    source: `${DOCS}v1-5-x-to-v1-6-x`,
    coverage: { covered: { kb: ['restart-required-shown-v1-6'] }, note: 'info' },
  },
  {
    audit: 'e1.7',
    item: 'v1.5.x → v1.6.x: VM pending restart cannot migrate to a target node (#9739)',
    source: `${DOCS}v1-5-x-to-v1-6-x`,
    coverage: { covered: { kb: ['vm-migration-pending-restart-v1-6'] } },
  },
  {
    audit: 'e1.8',
    item: 'v1.5.x → v1.6.x: cpu-feature.node.kubevirt.io/ipred-ctrl appears during the upgrade',
    source: `${DOCS}v1-5-x-to-v1-6-x`,
    coverage: { covered: { kb: ['ipred-ctrl-cpu-feature-v1-6'] }, note: 'the CPU model: manual per-node command' },
  },
  {
    audit: 'e1.9',
    item: 'v1.5.x → v1.6.x: secondary pod interfaces lose VLAN 1 from v1.6.1 (#8816)',
    source: `${DOCS}v1-5-x-to-v1-6-x`,
    coverage: { covered: { kb: ['untagged-vlan-1-dropped-v1-6-1'] } },
  },
  {
    audit: 'e1.10',
    item: 'v1.5.x → v1.6.x: unnecessary live migrations (#10349)',
    source: `${DOCS}v1-5-x-to-v1-6-x`,
    coverage: { covered: { kb: ['kubevirt-mass-live-migration'] } },
  },
  // e2: v1.6.x → v1.7.x
  {
    audit: 'e2.1',
    item: 'v1.6.x → v1.7.x: DHCP address may change (#9260)',
    source: `${DOCS}v1-6-x-to-v1-7-x`,
    coverage: { covered: { kb: ['dhcp-client-id-v1-7-0'] }, note: 'a host lease file: manual per-node command' },
  },
  {
    audit: 'e2.2',
    item: 'v1.6.x → v1.7.x: stuck in Upgrading System Service, Fleet pending-upgrade (#9738)',
    source: `${DOCS}v1-6-x-to-v1-7-x`,
    coverage: { covered: { kb: ['fleet-pending-upgrade-v1-7'] } },
  },
  {
    audit: 'e2.3',
    item: 'v1.6.x → v1.7.x: Intel interface names change (#9815)',
    source: `${DOCS}v1-6-x-to-v1-7-x`,
    coverage: { covered: { kb: ['intel-nic-rename-v1-7'] }, note: 'manual per-node command' },
  },
  {
    audit: 'e2.4',
    item: 'v1.6.x → v1.7.x: "Restart action is required" from the firmware UUID (#9751)',
    source: `${DOCS}v1-6-x-to-v1-7-x`,
    coverage: { covered: { kb: ['firmware-uuid-restart-required-v1-7'] }, note: 'info' },
  },
  {
    audit: 'e2.5',
    item: 'v1.6.x → v1.7.x: unnecessary live migrations (#10349)',
    source: `${DOCS}v1-6-x-to-v1-7-x`,
    coverage: { covered: { kb: ['kubevirt-mass-live-migration'] } },
  },
  {
    audit: 'e2.6',
    item: 'v1.6.x → v1.7.x: migration configuration applied to the kubevirt object (#11517)',
    source: `${DOCS}v1-6-x-to-v1-7-x`,
    coverage: { covered: { kb: ['kubevirt-migration-setting-v1-7'] } },
  },
  {
    audit: 'e2.7',
    item: 'v1.6.x → v1.7.x: migration from wicked to NetworkManager (the table)',
    source: `${DOCS}v1-6-x-to-v1-7-x#migration-from-wicked-to-networkmanager`,
    coverage: {
      covered: { kb: ['management-network-files-v1-7', 'cloudinit-network-config-v1-7'] },
      note: 'host files: manual per-node command; CloudInit resources from the cluster',
    },
  },
  // e3: v1.7.x → v1.7.y
  {
    audit: 'e3.1',
    item: 'v1.7.x → v1.7.y: upgrade-repo volume stuck Attaching (#9597)',
    source: `${DOCS}v1-7-x-to-v1-7-y`,
    coverage: { covered: { kb: ['upgrade-repo-volume-attaching-v1-7'] } },
  },
  {
    audit: 'e3.2',
    item: 'v1.7.x → v1.7.y: unnecessary live migrations (#10349)',
    source: `${DOCS}v1-7-x-to-v1-7-y`,
    coverage: { covered: { kb: ['kubevirt-mass-live-migration'] } },
  },
  {
    audit: 'e3.3',
    item: 'v1.7.x → v1.7.y: SUC plan stuck applying (#9880)',
    source: `${DOCS}v1-7-x-to-v1-7-y`,
    coverage: { covered: { kb: ['suc-plan-stuck-applying-v1-7'] } },
  },
  {
    audit: 'e3.4',
    item: 'v1.7.x → v1.7.y: CDI importer OOM (#11143)',
    source: `${DOCS}v1-7-x-to-v1-7-y`,
    coverage: { covered: { kb: ['cdi-importer-oom'] } },
  },
  // e4: v1.7.x → v1.8.x
  {
    audit: 'e4.1',
    item: 'v1.7.x → v1.8.x: "KubeVirt is not ready" (#10447)',
    source: `${DOCS}v1-7-x-to-v1-8-x`,
    coverage: { covered: { kb: ['kubevirt-not-available-v1-8'] } },
  },
  {
    audit: 'e4.2',
    item: 'v1.7.x → v1.8.x: Post-draining with RWX on the storage network (#10532)',
    source: `${DOCS}v1-7-x-to-v1-8-x`,
    coverage: { covered: { kb: ['rwx-storage-network-post-draining'] } },
  },
  {
    audit: 'e4.3',
    item: 'v1.7.x → v1.8.x: SUC plan stuck applying (#9880)',
    source: `${DOCS}v1-7-x-to-v1-8-x`,
    coverage: { covered: { kb: ['suc-plan-stuck-applying-v1-7'] } },
  },
  {
    audit: 'e4.4',
    item: 'v1.7.x → v1.8.x: migration dashboard memory transfer rate (#11390)',
    source: `${DOCS}v1-7-x-to-v1-8-x`,
    coverage: { covered: { kb: ['migration-dashboard-metric-v1-8'] }, note: 'info, when the monitoring add-on is on' },
  },
  {
    audit: 'e4.5',
    item: 'v1.7.x → v1.8.x: COS_STATE at least 15 GB (upgrade-helpers)',
    source: CHECK_SH,
    coverage: { covered: { kb: ['cos-state-partition-size-v1-8'] }, note: 'manual per-node command' },
  },
  // e5: v1.8.x → v1.8.y and v1.8.x → v1.9.x
  {
    audit: 'e5.1',
    item: 'v1.8.x → v1.8.y, v1.9.x: CDI importer OOM (#11143)',
    source: `${DOCS}v1-8-x-to-v1-8-y`,
    coverage: { covered: { kb: ['cdi-importer-oom'] } },
  },
  {
    audit: 'e5.2',
    item: 'v1.8.x → v1.9.0: live migration fails for cores × threads above 1 (#11615)',
    source: DOCS_V19,
    coverage: { covered: { kb: ['cpu-topology-migration-v1-9-0'] } },
  },
  {
    audit: 'e5.3',
    item: 'v1.8.x → v1.9.0: stuck in "Images preloaded" (#11543)',
    source: DOCS_V19,
    coverage: { covered: { kb: ['images-preloaded-stuck-v1-9-0'] }, note: 'info: a race, with its recovery' },
  },
];

export const COVERAGE_SECTIONS: readonly { readonly title: string; readonly rows: readonly CoverageRow[] }[] = [
  {
    title: "(a), (b) Harvester's upgrade gate and upgrade-helpers check.sh: the rows found MISSING or PARTIAL",
    rows: GATE_ROWS,
  },
  { title: "(c) Waits and failures in Harvester's upgrade scripts", rows: SCRIPT_ROWS },
  { title: '(d) Failure modes operators reported', rows: FAILURE_ROWS },
  { title: '(e) Documented known issues of the upgrade pages', rows: DOCUMENTED_ROWS },
];
